"""Demo data for the report pages: a few thousand dossiers over two years across the city's
communes (the seeder of `danvan bench seed`), so charts and comparisons have something to show.

Not under pytest: the test session loads the demo world once for every app, and thousands of
generated dossiers there would slow everyone's tests and blur hand-counted figures."""

import os
import sys

from danvan.onestop.models import Dossier
from danvan.reports import seed


def load() -> dict:
    if "pytest" in sys.modules:
        return {"skipped": "pytest"}
    count = int(os.environ.get("REPORTS_DEMO_DOSSIERS", "4000"))
    existing = Dossier.objects.filter(code__startswith=seed.PREFIX).count()
    if existing or count <= 0:
        return {"dossiers": existing, "created": 0}
    return seed.seed(count, years=2)
