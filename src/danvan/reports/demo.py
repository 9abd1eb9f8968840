"""Demo data for the report pages: the population of the demo units (for the per-1,000 figures)
and a few thousand dossiers over two years across the city's communes (the seeder of `danvan
bench seed`), so charts and comparisons have something to show.

The generated dossiers are not loaded under pytest: the test session loads the demo world once for
every app, and thousands of generated dossiers there would slow everyone's tests and blur
hand-counted figures. The populations are (a few rows)."""

import os
import sys

from danvan.reports import seed
from danvan.units.models import Unit
from danvan.units.services import set_population

# Illustrative values for the demo, not official statistics: a deployment records each unit's
# figure from the statistics office's yearbook or the census, with that source.
DEMO_SOURCE = "Giá trị minh họa của bản demo (không phải số liệu thống kê chính thức)"
DEMO_POPULATION = {"01": 8_700_000, "00070": 72_000, "00073": 41_000, "09700": 56_000}
DEMO_YEAR = 2025


def load_population() -> int:
    done = 0
    for unit in Unit.objects.current().filter(code__in=DEMO_POPULATION, population__isnull=True):
        set_population(unit, DEMO_POPULATION[unit.code], year=DEMO_YEAR, source=DEMO_SOURCE)
        done += 1
    return done


def load() -> dict:
    population = load_population()
    if "pytest" in sys.modules:
        return {"population": population, "dossiers": "skipped (pytest)"}
    count = int(os.environ.get("REPORTS_DEMO_DOSSIERS", "4000"))
    existing = seed.generated_count()
    if existing or count <= 0:
        return {"population": population, "dossiers": existing, "created": 0}
    return {"population": population, **seed.seed(count, years=2)}
