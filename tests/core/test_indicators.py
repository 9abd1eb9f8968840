"""The indicator registry on small hand-counted data: a count, a rate, a sum; a commune and its
village rolling up to the city; a pre-2025 district; periods before and across 1 July 2025.

The records are account activation codes (a model with a unit and a datetime), marked by name.
"""

import datetime as dt

import pytest
from django.db.models import Sum
from django.utils import timezone

from danvan.core.indicators import (
    Indicator,
    Result,
    Scope,
    breakdown,
    evaluate,
    get,
    groups,
    indicators,
    records,
    register,
)
from danvan.units.models import Unit, UnitKind
from danvan.vault.models import ActivationCode

pytestmark = pytest.mark.django_db
MARK = "Chỉ số thử"
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
YEAR_2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def ours():
    return ActivationCode.objects.filter(full_name=MARK)


ISSUED = register(
    Indicator(
        code="test.codes_issued",
        name="Mã kích hoạt đã cấp",
        formula="Số mã cấp trong kỳ, thuộc đơn vị và các đơn vị trực thuộc",
        numerator=lambda s: s.filter(ours(), date_field="issued_at"),
        app="test",
        group="Kho dữ liệu",
        order=1,
    )
)
USED = register(
    Indicator(
        code="test.codes_used",
        name="Tỷ lệ mã đã dùng",
        formula="Mã cấp trong kỳ đã dùng ÷ mã cấp trong kỳ",
        numerator=lambda s: s.filter(ours().filter(used_at__isnull=False), date_field="issued_at"),
        denominator=lambda s: s.filter(ours(), date_field="issued_at"),
        app="test",
        group="Kho dữ liệu",
        order=2,
    )
)
AREA = register(
    Indicator(
        code="test.village_area",
        name="Diện tích thôn mới",
        formula="Tổng diện tích (km²) các thôn có hiệu lực từ trong kỳ",
        numerator=lambda s: s.filter(
            Unit.objects.filter(kind=UnitKind.VILLAGE, name__startswith=MARK),
            unit_field="",
            date_field="valid_from",
        ),
        aggregate=Sum("area_km2"),
        app="test",
        group="Đơn vị",
    )
)


def unit(code: str, *, legacy: bool = False) -> Unit:
    units = Unit.objects.filter(code=code)
    return (units.filter(valid_to__lte=dt.date(2025, 6, 30)) if legacy else units.current()).get()


def issue(where: Unit, day: dt.date, *, used: bool = False, hour: int = 9, admin=None) -> None:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    ActivationCode.objects.create(
        national_id="001190012345",
        full_name=MARK,
        code_hash="x",
        issued_by=admin,
        unit=where,
        issued_at=at,
        expires_at=at + dt.timedelta(days=1),
        used_at=at if used else None,
    )


@pytest.fixture
def world(persona):
    """March 2026: Hoàn Kiếm 2 (1 used) + its village 1 (used), Cửa Nam 1, Ba Vì 3 (1 used),
    Hoàn Kiếm on 1 April (outside). 2024: Hàng Trống (old, now split between Hoàn Kiếm and Cửa Nam)
    2 (1 used), Khánh Thượng (old, now in Ba Vì) 1."""
    admin = persona("admin")
    hoan_kiem = unit("00070")
    village = Unit.objects.create(
        code="00070-T1", name=f"{MARK} thôn", kind=UnitKind.VILLAGE, parent=hoan_kiem,
        valid_from=dt.date(2026, 3, 10), area_km2=0.25,
    )  # fmt: skip
    Unit.objects.create(
        code="09700-T1", name=f"{MARK} bản", kind=UnitKind.VILLAGE, parent=unit("09700"),
        valid_from=dt.date(2026, 3, 20), area_km2=1.5,
    )  # fmt: skip
    for where, used in [
        (hoan_kiem, True),
        (hoan_kiem, False),
        (village, True),
        (unit("00073"), False),
    ]:
        issue(where, dt.date(2026, 3, 2), used=used, admin=admin)
    for used in (True, False, False):
        issue(unit("09700"), dt.date(2026, 3, 31), used=used, hour=23, admin=admin)  # last evening
    issue(hoan_kiem, dt.date(2026, 4, 1), hour=0, admin=admin)  # local midnight: April
    issue(unit("00070", legacy=True), dt.date(2024, 5, 6), used=True, admin=admin)
    issue(unit("00070", legacy=True), dt.date(2024, 5, 7), admin=admin)
    issue(unit("09712", legacy=True), dt.date(2024, 8, 1), admin=admin)
    return hoan_kiem


def test_a_commune_counts_itself_and_its_village(world):
    assert evaluate("test.codes_issued", unit=world, start=MARCH[0], end=MARCH[1]) == Result(
        3, None, 3
    )
    assert evaluate(USED, unit=world, start=MARCH[0], end=MARCH[1]) == Result(2, 3, 2 / 3)


def test_the_city_rolls_up_every_commune(world):
    city = unit("01")
    assert evaluate(ISSUED, unit=city, start=MARCH[0], end=MARCH[1]).value == 7
    assert evaluate(USED, unit=city, start=MARCH[0], end=MARCH[1]) == Result(3, 7, 3 / 7)  # Σ/Σ
    area = evaluate(AREA, unit=city, start=MARCH[0], end=MARCH[1])
    assert area.numerator == pytest.approx(1.75) and area.denominator is None


def test_breakdown_by_commune_in_one_grouped_query_per_queryset(world, django_assert_num_queries):
    city = unit("01")
    with django_assert_num_queries(3):  # the children, the numerators, the denominators
        rows = {u.code: r for u, r in breakdown(USED, unit=city, start=MARCH[0], end=MARCH[1])}
    assert len(rows) == 126  # the city's communes in force in March 2026, none of the districts
    assert rows["00070"] == Result(2, 3, 2 / 3) and rows["00073"] == Result(0, 1, 0.0)
    assert rows["09700"] == Result(1, 3, 1 / 3)
    assert rows["00004"] == Result(0, 0, None)  # no codes: no value, not 0 %
    total = evaluate(USED, unit=city, start=MARCH[0], end=MARCH[1])
    assert sum(r.numerator for r in rows.values()) == total.numerator
    assert sum(r.denominator for r in rows.values()) == total.denominator


def test_a_pre_2025_district_and_the_new_units_for_a_pre_2025_period(world):
    district = unit("002", legacy=True)  # Quận Hoàn Kiếm, until 30 June 2025
    assert evaluate(USED, unit=district, start=YEAR_2024[0], end=YEAR_2024[1]) == Result(1, 2, 0.5)
    # The new communes count the records of the old communes they replaced (same kind only:
    # not the whole old district): Hàng Trống went to both Hoàn Kiếm and Cửa Nam.
    for code in ("00070", "00073"):
        assert evaluate(ISSUED, unit=unit(code), start=YEAR_2024[0], end=YEAR_2024[1]).value == 2
    assert evaluate(ISSUED, unit=unit("09700"), start=YEAR_2024[0], end=YEAR_2024[1]).value == 1
    # The city counts every record once.
    assert evaluate(ISSUED, unit=unit("01"), start=YEAR_2024[0], end=YEAR_2024[1]).value == 3
    # After the reform an old commune's records no longer reach the new one.
    assert evaluate(ISSUED, unit=unit("09700"), start=MARCH[0], end=MARCH[1]).value == 3


def test_a_period_across_the_reform_and_no_period(world):
    span = evaluate(ISSUED, unit=world, start=dt.date(2024, 1, 1), end=dt.date(2026, 12, 31))
    assert span.value == 2 + 4  # Hàng Trống's two, then Hoàn Kiếm's four (April included)
    assert evaluate(ISSUED, unit=world).value == 4  # no period: the unit's own subtree only
    assert evaluate(ISSUED).value == 11  # no unit: everywhere (7 + 1 in April + 3 in 2024)


def test_empty_denominator_gives_the_declared_value(world):
    quiet = unit("00004")
    assert evaluate(USED, unit=quiet, start=MARCH[0], end=MARCH[1]) == Result(0, 0, None)
    full_marks = Indicator(
        "test.full_marks", "Thử", "…", numerator=USED.numerator, denominator=USED.denominator,
        empty=1.0, app="test",
    )  # fmt: skip
    assert evaluate(full_marks, unit=quiet, start=MARCH[0], end=MARCH[1]).value == 1.0


def test_evaluation_is_a_few_aggregate_queries(world, django_assert_max_num_queries):
    city = unit("01")
    with django_assert_max_num_queries(2):
        evaluate(USED, unit=city, start=MARCH[0], end=MARCH[1])
    with django_assert_max_num_queries(3):  # + the units the commune replaced
        evaluate(USED, unit=world, start=YEAR_2024[0], end=YEAR_2024[1])


def test_the_numerator_is_the_drill_down(world):
    listed = records(USED, unit=world, start=MARCH[0], end=MARCH[1])
    assert listed.count() == 2 and all(code.used_at for code in listed)


def test_scope_filters_dates_and_datetimes_in_local_days():
    scope = Scope(None, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    local = timezone.get_current_timezone()
    assert scope.period_q(ActivationCode, "issued_at").children == [
        ("issued_at__gte", dt.datetime(2026, 3, 1, tzinfo=local)),
        ("issued_at__lt", dt.datetime(2026, 4, 1, tzinfo=local)),
    ]
    assert scope.period_q(Unit, "valid_from").children == [
        ("valid_from__gte", dt.date(2026, 3, 1)),
        ("valid_from__lt", dt.date(2026, 4, 1)),
    ]
    assert Scope(None, None, None).period_q(ActivationCode, "unit__valid_to").children == []


def test_listing_by_app_and_group():
    assert [i.code for i in indicators(app="test", group="Kho dữ liệu")] == [
        "test.codes_issued",
        "test.codes_used",
    ]
    assert set(groups(app="test")) == {"Kho dữ liệu", "Đơn vị"}
    assert get("test.codes_used").rollup == "ratio" and get("test.codes_issued").rollup == "sum"


def test_an_indicator_is_declared_consistently():
    with pytest.raises(ValueError, match="needs a denominator"):
        Indicator("x.y", "x", "x", numerator=lambda s: None, rollup="ratio")
    with pytest.raises(ValueError, match="already registered"):
        register(Indicator("test.codes_issued", "x", "x", numerator=lambda s: None, app="other"))
    with pytest.raises(LookupError):
        evaluate("nobody.registered.this")
