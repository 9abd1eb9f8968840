"""The engine on small hand-counted data: roll-up commune → city and to a pre-2025 district,
the previous period and the same period last year with the change, periods, unknown codes."""

import datetime as dt

import pytest

from danvan.core.errors import Invalid
from danvan.core.indicators import Result
from danvan.onestop.states import Status
from danvan.reports import builders, engine, periods
from tests.reports.helpers import dossier, unit

pytestmark = pytest.mark.django_db
H1_2024 = periods.half(2024, 1)


@pytest.fixture
def world():
    """H1 2024: Hàng Trống (old ward of quận Hoàn Kiếm) 3 received, 2 on time; Khánh Thượng (old
    commune of huyện Ba Vì) 2, 1 on time. H2 2023: Hàng Trống 1, on time. H1 2026: Hoàn Kiếm 4
    (1 on time), Ba Vì 1 (on time); H2 2025: Hoàn Kiếm 2, both on time."""
    S = Status
    old_ward, old_commune = unit("00070", legacy=True), unit("09712", legacy=True)
    for where, day, late in [
        (old_ward, "2024-02-01", False), (old_ward, "2024-03-01", False),
        (old_ward, "2024-06-30", True), (old_commune, "2024-05-02", False),
        (old_commune, "2024-05-03", True), (old_ward, "2023-12-01", False),
        (unit("00070"), "2026-01-05", False), (unit("00070"), "2026-02-05", True),
        (unit("00070"), "2026-03-05", True), (unit("00070"), "2026-06-30", True),
        (unit("09700"), "2026-04-01", False), (unit("00070"), "2025-08-01", False),
        (unit("00070"), "2025-12-01", False),
    ]:  # fmt: skip
        received = dt.date.fromisoformat(day)
        done = received + dt.timedelta(days=9 if late else 2)
        dossier(where, day, due_at=f"{received + dt.timedelta(days=5)}", processed_at=f"{done}",
                status=S.PROCESSED)  # fmt: skip


def rate(code, where, period):
    return engine.evaluate(code, where, period)


def test_roll_up_commune_to_city_and_to_a_pre_2025_district(world):
    on_time = "onestop.sq_on_time"
    assert rate(on_time, unit("00070", legacy=True), H1_2024) == Result(2, 3, 2 / 3)
    assert rate(on_time, unit("002", legacy=True), H1_2024) == Result(2, 3, 2 / 3)  # quận Hoàn Kiếm
    assert rate(on_time, unit("09712", legacy=True), H1_2024) == Result(1, 2, 0.5)
    assert rate(on_time, unit("01"), H1_2024) == Result(3, 5, 0.6)  # the city, each record once
    # Today's communes for a 2024 period count the old units they replaced.
    assert rate(on_time, unit("09700"), H1_2024) == Result(1, 2, 0.5)
    # City breakdown for 2024 is by the districts in force then.
    rows = {u.code: r for u, r in engine.breakdown(on_time, unit("01"), H1_2024)}
    assert rows["002"] == Result(2, 3, 2 / 3)
    remapped = {u.code: r for u, r in engine.breakdown(on_time, unit("01"), H1_2024, remap=True)}
    assert remapped["09700"] == Result(1, 2, 0.5) and "002" not in remapped


def test_previous_period_and_same_period_last_year_with_the_change(world):
    h1 = periods.half(2026, 1)
    c = engine.compare("onestop.sq_on_time", unit("00070"), h1)
    assert c.current == Result(1, 4, 0.25)
    assert c.previous == Result(2, 2, 1.0)  # H2 2025
    assert c.change == -0.75
    assert c.last_year == Result(0, 0, None) and c.change_last_year is None  # H1 2025: none
    count = engine.compare("onestop.dossiers_received", unit("01"), H1_2024)
    assert (count.current.value, count.previous.value, count.change) == (5, 1, 4)


def test_trend_by_month(world):
    months = engine.trend("onestop.sq_on_time", unit("00070"), periods.half(2026, 1))
    assert [r.denominator for _m, r in months] == [1, 1, 1, 0, 0, 1]
    assert months[3][1].value is None  # April: no dossier, no value (not 0 %)


def test_a_code_no_app_registered_is_not_zero():
    c = engine.compare("movement.not_a_code", unit("01"), H1_2024)
    assert not c.available and c.current is None
    out = engine.compared_json(c, unit("01"), H1_2024)
    assert out["status"] == "chưa có phân hệ" and out["current"] is None


def test_periods():
    assert periods.from_dates("2024-01-01", "2024-06-30").kind == "half"
    assert periods.half(2024, 1).previous() == periods.Period(
        dt.date(2023, 7, 1), dt.date(2023, 12, 31), "half"
    )
    assert periods.month(2024, 3).previous() == periods.month(2024, 2)
    assert periods.quarter(2024, 1).last_year() == periods.quarter(2023, 1)
    assert periods.month(2024, 2).last_year().end == dt.date(2023, 2, 28)
    custom = periods.from_dates("2024-01-10", "2024-01-19")
    assert custom.previous() == periods.Period(dt.date(2023, 12, 31), dt.date(2024, 1, 9))
    assert len(periods.year(2024).months()) == 12
    with pytest.raises(Invalid):
        periods.from_dates("2024-02-01", "2024-01-01")
    with pytest.raises(Invalid):
        periods.from_dates("2024-13-01", "2024-12-31")
    got = periods.from_request({"kind": "quarter", "year": "2025", "n": "3"}, dt.date(2026, 1, 1))
    assert got == periods.quarter(2025, 3)


def test_mobilization_report_shows_every_contract_section(world):
    report = builders.mobilization_report(unit("01"), H1_2024)
    codes = [f["code"] for s in report["sections"] for f in s["figures"]]
    assert "movement.practices" in codes and "oversight.dialogues_commune" in codes
    service = next(s for s in report["sections"] if s["code"] == "service")
    on_time = next(f for f in service["figures"] if f["code"] == "onestop.sq_on_time")
    assert on_time["current"]["numerator"] == 3 and on_time["current"]["denominator"] == 5
    for f in (f for s in report["sections"] for f in s["figures"]):
        assert f["available"] == engine.is_registered(f["code"])
        if not f["available"]:
            assert f["current"] is None and f["status"] == "chưa có phân hệ"


def test_trend_from_the_aggregate_equals_the_registry(world):
    h1 = periods.half(2026, 1)
    assert builders.trend_on_time(unit("00070"), h1) == engine.trend(
        "onestop.sq_on_time", unit("00070"), h1
    )


@pytest.mark.parametrize(
    ("code", "legacy", "period"),
    [("01", False, H1_2024), ("002", True, H1_2024), ("00070", False, periods.half(2026, 1))],
)
def test_mobilization_reports_one_stop_figures_equal_the_registrys(world, code, legacy, period):
    """Read from the aggregate in one query (not counted three times over the dossiers): each
    one-stop figure of the report, for the period, the previous one and the same period last
    year, is what the registry counts directly — at the city, a pre-2025 district, a ward."""
    where = unit(code, legacy=legacy)
    report = builders.mobilization_report(where, period)
    service = next(s for s in report["sections"] if s["code"] == "service")
    checked = 0
    for f in service["figures"]:
        if not f["code"].startswith("onestop.sq_") or not f["available"]:
            continue
        for key, p in (("current", period), ("previous", period.previous()),
                       ("same_period_last_year", period.last_year())):  # fmt: skip
            direct = engine.evaluate(f["code"], where, p)
            shown = f[key]
            assert (shown["numerator"], shown["denominator"]) == (
                direct.numerator,
                direct.denominator,
            ), (f["code"], key)
        checked += 1
    assert checked == 4
