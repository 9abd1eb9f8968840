"""The aggregate table gives exactly what the direct query gives, and follows transitions."""

import pytest
from django.test import override_settings

from danvan.onestop import quality as dossiers
from danvan.onestop.states import Status
from danvan.reports import facts
from danvan.reports.models import DirtyDay, DossierDay
from danvan.reports.periods import month
from tests.reports.helpers import dossier, unit

pytestmark = pytest.mark.django_db
AUGUST, JULY = month(2026, 8), month(2026, 7)
WINDOWS = [(AUGUST.start, AUGUST.end), (JULY.start, JULY.end)]


@pytest.fixture
def mixed():
    ward, commune = unit("00070"), unit("09700")
    S = Status
    dossier(ward, "2026-08-01", due_at="2026-08-10", processed_at="2026-08-08", status=S.PROCESSED)
    dossier(ward, "2026-08-02", due_at="2026-08-05", processed_at="2026-08-09", status=S.PROCESSED,
            has_dislike=True)  # fmt: skip
    dossier(ward, "2026-08-03", due_at="2026-09-10")  # open: E = the period's end
    dossier(ward, "2026-08-03", due_at="2026-08-20")  # open, late at the end of August
    dossier(commune, "2026-07-15", due_at="2026-07-20", returned_at="2026-07-18",
            status=S.RETURNED, channel="online")  # fmt: skip
    dossier(commune, "2026-08-20", status=S.SUPPLEMENT_REQUESTED, supplement_count=2,
            due_at="2026-09-01")  # fmt: skip


def test_the_table_equals_the_direct_query(mixed):
    city = unit("01")
    with override_settings(REPORTS_FACTS=False):
        direct = facts.multi(city, WINDOWS, by_child=True)
    stored = facts.multi(city, WINDOWS, by_child=True)
    assert DossierDay.objects.exists() and not DirtyDay.objects.exists()
    for a, b in zip(direct, stored, strict=True):
        assert a["total"] == b["total"] and a["finished"] == b["finished"]
        assert {k: v for k, v in a["children"].items() if any(n or d for n, d in v.values())} == {
            k: v for k, v in b["children"].items() if any(n or d for n, d in v.values())
        }
        assert a["average_days"] == b["average_days"]
    assert stored[0]["total"]["on_time"] == (2, 5)  # 08-01 done, 09-10 open; 08-20 open late
    assert facts.rebuild() == DossierDay.objects.count()
    assert facts.multi(city, WINDOWS)[0]["total"] == direct[0]["total"]


def test_the_next_report_folds_the_events_written_since(persona):
    from danvan.onestop.models import Dossier
    from tests.onestop_ui.helpers import COMMON, make_dossier

    facts.rebuild()
    d = make_dossier("00070", COMMON, by=persona("clerk.hoankiem"))  # through the workflow
    d = Dossier.objects.get(pk=d.pk)
    day = d.received_at.date()
    assert not DirtyDay.objects.exists()  # nothing written by the transition itself
    got = facts.multi(unit("00070"), [(day, day)])[0]
    with override_settings(REPORTS_FACTS=False):
        assert got["total"] == dossiers.multi(unit("00070"), [(day, day)])[0]["total"]
    assert not DirtyDay.objects.exists()


def test_the_table_has_a_column_pair_for_every_condition():
    assert set(dossiers.CODES) == set(dossiers._conditions())
    names = {f.name for f in DossierDay._meta.fields}
    assert all(f"n_{c}" in names and f"d_{c}" in names for c in dossiers.CODES)


def test_windows_without_open_dossiers_are_not_counted_live(mixed, monkeypatch):
    """Open dossiers are all in August: July (and a repeated window) add no live counting, and
    the figures stay those of the direct query."""
    city = unit("01")
    windows = [*WINDOWS, WINDOWS[0]]
    with override_settings(REPORTS_FACTS=False):
        direct = facts.multi(city, windows, by_child=True)
    facts.multi(city, windows, by_child=True)  # built and folded
    counted = []
    real = dossiers.multi
    monkeypatch.setattr(dossiers, "multi", lambda u, w, **kw: counted.append(w) or real(u, w, **kw))
    stored = facts.multi(city, windows, by_child=True)
    assert counted == [[WINDOWS[0]]]
    for a, b in zip(direct, stored, strict=True):
        assert a["total"] == b["total"] and a["children"] == b["children"]
        assert a["finished"] == b["finished"]
    counted.clear()
    early = [(month(2025, m).start, month(2025, m).end) for m in (1, 2)]
    facts.multi(city, early, by_child=True)
    assert counted == []  # no open dossier in either window: the live query is not run
