"""Concurrent writes on the real database server (PostgreSQL): no lost update, no duplicate code."""

import threading

import pytest
from django.db import close_old_connections, connection

from danvan.accounts.models import User
from danvan.core.errors import Conflict
from danvan.onestop import intake
from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, transition
from danvan.units.services import current_unit
from tests.helpers import save_result_draft
from tests.onestop.conftest import NORMAL, full_request

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrency is tested against PostgreSQL (CI's second run)",
)


def _run_parallel(n: int, work) -> list:
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            results[i] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_approvals_make_one_transition(demo_world_tx):
    clerk = User.objects.get(username="clerk.hoankiem")
    d = intake.register(full_request(NORMAL), unit=current_unit("00070"), by=clerk, received=True)
    d = transition(d.pk, Command("assign", d.version), by=clerk)
    specialist = User.objects.get(username="specialist.hoankiem")
    save_result_draft(d, specialist)
    d = transition(d.pk, Command("propose", d.version), by=specialist)
    leader = User.objects.get(username="leader.hoankiem")
    version = d.version
    results = _run_parallel(
        20, lambda i: transition(d.pk, Command("approve", version, pin="123456"), by=leader)
    )
    ok = [r for r in results if isinstance(r, Dossier)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(ok) == 1 and len(conflicts) == 19, results
    assert Dossier.objects.get(pk=d.pk).events.filter(action="approve").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_hundred_concurrent_intakes_get_distinct_codes(demo_world_tx):
    clerk = User.objects.get(username="clerk.hoankiem")
    unit = current_unit("00070")

    def work(i):
        return intake.register(full_request(NORMAL), unit=unit, by=clerk, received=True).code

    results = []
    for _ in range(10):  # 10 waves of 20 threads: 200 intakes racing on the same daily sequence
        results += _run_parallel(20, work)
    codes = [r for r in results if isinstance(r, str)]
    assert len(codes) == 200, [r for r in results if not isinstance(r, str)][:3]
    assert len(set(codes)) == 200


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_payment_notifications_record_one_payment(demo_world_tx, settings):
    from danvan.onestop import payments

    settings.PAYMENT_GATEWAYS = ["danvan.onestop.payments.FakeGateway"]
    clerk = User.objects.get(username="clerk.hoankiem")
    d = intake.register(full_request(NORMAL), unit=current_unit("00070"), by=clerk, received=True)
    d = transition(d.pk, Command("request_payment", d.version, amount_vnd=40_000), by=clerk)
    intent, _ = payments.start(d)
    note = payments.gateway("fake").notification(intent, paid=True)
    results = _run_parallel(10, lambda i: payments.settle("fake", dict(note)))
    assert not [r for r in results if isinstance(r, Exception)], results
    d = Dossier.objects.get(pk=d.pk)
    assert d.payments.count() == 1 and d.events.filter(action="record_payment").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_hundred_intakes_across_four_wards_get_distinct_codes_and_a_verifying_audit(
    demo_world_tx,
):
    """Issue 16: four wards' counters at once; each ward's codes are its own sequence and each
    ward's audit entries its own chain, and `danvan audit verify` passes over all of them."""
    from danvan.accounts.models import Role
    from danvan.accounts.services import grant_role
    from danvan.audit.models import AuditEntry
    from danvan.audit.services import verify_chain
    from danvan.units.models import Unit, UnitKind

    hanoi = current_unit("01")
    others = (
        Unit.objects.current()
        .filter(kind=UnitKind.COMMUNE, path__startswith=hanoi.path)
        .exclude(code__in=["00070", "09700"])
        .order_by("code")[:2]
    )
    wards = [current_unit("00070"), current_unit("09700"), *others]
    clerks = []
    for i, ward in enumerate(wards):
        clerk, _ = User.objects.get_or_create(username=f"clerk.load{i}")
        grant_role(clerk, Role.COUNTER_CLERK, ward)
        clerks.append(clerk)
    before = AuditEntry.objects.count()

    def work(i):
        k = i % 4
        return intake.register(full_request(NORMAL), unit=wards[k], by=clerks[k], received=True)

    results = []
    for _ in range(10):  # 10 waves of 20 threads, five intakes per ward per wave
        results += _run_parallel(20, work)
    dossiers = [r for r in results if isinstance(r, Dossier)]
    assert len(dossiers) == 200, [r for r in results if not isinstance(r, Dossier)][:3]
    assert len({d.code for d in dossiers}) == 200
    assert {d.unit_id for d in dossiers} == {w.pk for w in wards}
    chains = set(AuditEntry.objects.filter(pk__gt=0).values_list("chain", flat=True))
    assert {str(w.pk) for w in wards} <= chains
    assert AuditEntry.objects.count() > before
    report = verify_chain()
    assert report.ok, report
