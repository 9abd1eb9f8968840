"""The city-scale ways of counting (reports migration 0005) give the hand-counted figures: the
procedure figures probed per procedure equal the grouped count, and the no-wait median (one
percentile pass on PostgreSQL, count + offset elsewhere) is exact for odd and even counts."""

import datetime as dt

import pytest

from danvan.core.indicators import Scope
from danvan.onestop import quality as dossiers
from danvan.onestop.states import Status
from danvan.reports.periods import month
from tests.reports.helpers import at, dossier, procedure, unit

pytestmark = pytest.mark.django_db
AUGUST = month(2026, 8)


def _scope(where):
    return Scope(where, AUGUST.start, AUGUST.end)


def test_probed_procedure_figures_equal_the_grouped_ones():
    ward = unit("00070")
    scope = _scope(ward)
    before = dossiers.procedure_flags(scope, probe=False)
    assert dossiers.procedure_flags(scope, probe=True) == before
    online = procedure("RPT.ON", online_level="full", fee_vnd=0, person_applicant=True)
    fee = procedure("RPT.FEE", online_level="partial", fee_vnd=50_000, person_applicant=True)
    dossier(ward, "2026-08-03", proc=online, channel="online", vneid_authenticated=True)
    dossier(ward, "2026-08-04", proc=fee, fee_vnd=50_000, paid_online=True)
    dossier(ward, "2026-07-31", proc=fee, channel="online")  # before the period: not counted
    grouped = dossiers.procedure_flags(scope, probe=False)
    assert dossiers.procedure_flags(scope, probe=True) == grouped
    n, d = grouped["services_used"]
    n0, d0 = before["services_used"]
    assert (n, d) == (n0 + 1, d0 + 2)  # two more online procedures, one with an online dossier
    assert grouped["procedures_paid_online"][0] == before["procedures_paid_online"][0] + 1
    assert grouped["fee_data"][0] == before["fee_data"][0] + 1
    assert grouped["procedures_population"][0] == before["procedures_population"][0] + 1
    # Another unit's dossiers are not the ward's.
    assert dossiers.procedure_flags(_scope(unit("00073")), probe=True) == dossiers.procedure_flags(
        _scope(unit("00073")), probe=False
    )


def _returned(ward, proc, minutes: int):
    d = dossier(ward, "2026-08-05", proc=proc, status=Status.RETURNED, is_no_wait=True)
    d.returned_at = at("2026-08-05") + dt.timedelta(minutes=minutes)
    d.save(update_fields=["returned_at"])
    return d


def test_no_wait_median_minutes_odd_and_even():
    ward = unit("00070")
    proc = procedure("RPT.NW", time_value=0, time_unit="same_day")
    assert dossiers.no_wait_median_minutes(_scope(ward)) is None
    for minutes in (40, 10, 20):
        _returned(ward, proc, minutes)
    dossier(ward, "2026-08-05", proc=proc, is_no_wait=True)  # not returned: not counted
    assert dossiers.no_wait_median_minutes(_scope(ward)) == 20.0
    _returned(ward, proc, 50)
    assert dossiers.no_wait_median_minutes(_scope(ward)) == 30.0
