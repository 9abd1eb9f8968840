"""Practices per 1,000 inhabitants: the unit's recorded population (with year and source), or its
children's when every child has one; hand-counted figures, the page and the audit."""

import datetime as dt

import pytest

from danvan.audit.models import AuditEntry
from danvan.core.errors import Invalid
from danvan.movement.models import Practice
from danvan.onestop.models import Dossier
from danvan.reports import builders, engine, population
from danvan.reports.periods import year
from danvan.reports.seed import DOSSIER_COLUMNS
from danvan.units.models import Unit
from danvan.units.services import current_unit, population_of, populations, set_population

pytestmark = pytest.mark.django_db
Y2023 = year(2023)
CODE = "reports.practices_per_1000"


@pytest.fixture
def commune():
    """A commune of the city with two villages, no practices in 2023."""
    city = current_unit("01")
    c = Unit.objects.create(name="Xã Thử Nghiệm", code="99990", kind="commune", parent=city)
    for n in (1, 2):
        Unit.objects.create(name=f"Thôn {n}", code=f"99990-00{n}", kind="village", parent=c)
    return c


def practice(unit, day: str, n: int = 1):
    for i in range(n):
        d = dt.date.fromisoformat(day)
        Practice.objects.create(
            code=f"T-{unit.code}-{day}-{i}", name=f"Mô hình {i}", unit=unit, level="commune",
            field="economy", holder_kind="unit", holder_name="UBND", registered_on=d, year=d.year,
        )  # fmt: skip


def test_population_is_recorded_with_its_source_and_audited(commune, persona):
    by = persona("admin")
    set_population(commune, 12_000, year=2024, source="Niên giám thống kê 2024", by=by)
    commune.refresh_from_db()
    assert (commune.population, commune.population_year) == (12_000, 2024)
    entry = AuditEntry.objects.filter(action="units.population.set").latest("pk")
    assert entry.data["population"] == 12_000 and entry.data["source"] == "Niên giám thống kê 2024"
    with pytest.raises(Invalid) as bad:
        set_population(commune, 0, year=2024, source="x", by=by)
    assert bad.value.code == "unit.population_invalid"
    with pytest.raises(Invalid) as missing:
        set_population(commune, 5, year=2024, source="  ", by=by)
    assert missing.value.code == "unit.population_source_missing"


def test_population_of_a_unit_is_its_own_or_every_childs(commune):
    v1, v2 = commune.children.order_by("code")
    assert population_of(commune) == (None, [])
    set_population(v1, 1_500, year=2024, source="Điều tra")
    assert population_of(commune) == (None, [])  # a partial sum would inflate the rate
    assert populations([commune]) == {commune.pk: None}
    set_population(v2, 500, year=2024, source="Điều tra")
    assert population_of(commune)[0] == 2_000
    assert populations([commune, v1])[commune.pk] == 2_000  # the bulk form, same rule
    set_population(commune, 2_100, year=2024, source="Niên giám")
    assert population_of(commune) == (2_100, [commune])
    commune.refresh_from_db()
    assert populations([commune, v2]) == {commune.pk: 2_100, v2.pk: 500}


def test_practices_per_1000_hand_counted(commune):
    v1, v2 = commune.children.order_by("code")
    practice(commune, "2023-03-01", 2)
    practice(v1, "2023-05-01", 1)
    practice(commune, "2022-12-31", 4)  # not in 2023
    no_population = engine.compared_json(engine.compare(CODE, commune, Y2023), commune, Y2023)
    assert no_population["current"]["value"] is None
    assert no_population["current"]["numerator"] == 3
    set_population(v1, 1_500, year=2023, source="Điều tra")
    set_population(v2, 500, year=2023, source="Điều tra")
    fig = engine.compared_json(engine.compare(CODE, commune, Y2023), commune, Y2023)
    assert fig["kind"] == "per_1000"
    assert (fig["current"]["numerator"], fig["current"]["denominator"]) == (3, 2_000)
    assert fig["current"]["value"] == 1.5  # 3 ÷ 2,000 × 1,000
    assert fig["previous"]["numerator"] == 4 and fig["previous"]["value"] == 2.0
    assert fig["change"] == -0.5
    assert engine.display(engine.compare(CODE, commune, Y2023)) == "1,5"
    rows = builders.sections(builders.mobilization_report(commune, Y2023))[0].rows
    row = next(r for r in rows if "1.000" in r[1])
    assert row[2:5] == [1.5, 3, 2_000]


def test_children_ranked_per_1000_with_unknown_last(commune):
    v1, v2 = commune.children.order_by("code")
    practice(v1, "2023-02-01", 3)
    practice(v2, "2023-02-01", 1)
    set_population(v2, 200, year=2023, source="Điều tra")
    rows = population.practices_by_child(commune, Y2023.start, Y2023.end)
    assert [(r["unit"], r["practices"], r["value"]) for r in rows] == [(v2, 1, 5.0), (v1, 3, None)]


def test_city_dashboard_shows_practices_per_1000(client_as):
    html = client_as("reporter.hanoi").get("/bao-cao/").content.decode()
    assert 'id="practices-per-1000"' in html
    assert "8.700.000" in html or "8,700,000" in html


def test_the_seeder_writes_every_required_dossier_column():
    """COPY applies no model default: a NOT NULL column the seeder leaves out fails there."""
    required = {f.column for f in Dossier._meta.concrete_fields if not f.primary_key and not f.null}
    assert required - set(DOSSIER_COLUMNS) == set()
