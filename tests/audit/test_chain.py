import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection

from danvan.audit.models import AuditEntry, AuditHead
from danvan.audit.registry import describe
from danvan.audit.services import Pending, _canonical, record, record_many, verify_chain


@pytest.mark.django_db
def test_chain_links_each_entry_to_the_previous():
    first = record("accounts.login", data={"x": 1})
    second = record("accounts.logout")
    assert second.prev_hash == first.hash
    assert verify_chain().ok


@pytest.mark.django_db
def test_update_and_delete_are_refused():
    entry = record("accounts.login")
    entry.action = "accounts.logout"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()


@pytest.mark.django_db
def test_tampering_with_one_row_is_detected_and_named():
    record("accounts.login", data={"username": "a"})
    victim = record("accounts.token.created", data={"hint": "dvs_abc"})
    record("accounts.logout")
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE audit_auditentry SET data = %s WHERE id = %s",
            ['{"hint": "dvs_evil"}', victim.pk],
        )
    report = verify_chain()
    assert not report.ok and report.broken_id == victim.pk
    with pytest.raises(CommandError, match=f"#{victim.pk}"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_deleting_a_row_breaks_the_next_link():
    record("accounts.login")
    victim = record("accounts.login")
    after = record("accounts.logout")
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    report = verify_chain()
    assert not report.ok and report.broken_id == after.pk


def test_registry_turns_codes_into_vietnamese_sentences():
    assert describe("accounts.token.created", {"hint": "dvs_ab"}) == "Tạo khóa API dvs_ab"
    assert describe("unknown.code", {}) == "unknown.code"


def test_the_audit_page_marks_the_values_as_data_and_escapes_them():
    from django.utils import translation

    from danvan.audit.registry import describe_html

    with translation.override("en"):
        html = describe_html("accounts.token.created", {"hint": "<b>Hằng</b>"})
    assert html == 'Created the API key <span translate="no">&lt;b&gt;Hằng&lt;/b&gt;</span>'
    assert describe_html("x.y", {}) == '<span translate="no">x.y</span>'


@pytest.mark.django_db
def test_each_unit_writes_its_own_chain_and_all_verify(hoan_kiem_and_ba_vi):
    hk, bv = hoan_kiem_and_ba_vi
    a1 = record("accounts.login", unit=hk)
    b1 = record("accounts.login", unit=bv)
    a2 = record("accounts.logout", unit=hk)
    g1 = record("accounts.logout")
    # Each entry links to the previous one of its own unit, not to the previous one written.
    assert a2.prev_hash == a1.hash
    assert b1.prev_hash != a1.hash and b1.chain == str(bv.pk)
    assert g1.chain == "" and a1.chain == str(hk.pk)
    assert AuditHead.objects.filter(chain__in=[str(hk.pk), str(bv.pk)]).count() == 2
    assert verify_chain().ok


@pytest.mark.django_db
def test_entries_written_together_link_in_order_with_one_head_write(hoan_kiem_and_ba_vi):
    from django.test.utils import CaptureQueriesContext

    hk, bv = hoan_kiem_and_ba_vi
    before = record("accounts.login", unit=hk)
    items = [
        Pending("accounts.logout", unit=hk),
        Pending("accounts.login", unit=bv),
        Pending("accounts.login", unit=hk),
    ]
    with CaptureQueriesContext(connection) as queries:
        first, other, second = record_many(items)
    assert (first.prev_hash, second.prev_hash) == (before.hash, first.hash)
    assert first.pk < second.pk and other.chain == str(bv.pk)
    head = AuditHead.objects.get(chain=str(hk.pk))
    assert (head.last_hash, head.last_id) == (second.hash, second.pk)
    # one lock and one head write per chain, not per entry
    writes = [q["sql"] for q in queries.captured_queries if 'UPDATE "audit_audithead"' in q["sql"]]
    assert len(writes) == 2
    assert verify_chain().ok


@pytest.mark.django_db
def test_tampering_in_one_units_chain_is_named(hoan_kiem_and_ba_vi):
    hk, bv = hoan_kiem_and_ba_vi
    record("accounts.login", unit=hk)
    victim = record("accounts.login", unit=bv)
    record("accounts.logout", unit=hk)
    record("accounts.logout", unit=bv)
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET data = %s WHERE id = %s", ['{"x": 1}', victim.pk])
    report = verify_chain()
    assert not report.ok and report.broken_id == victim.pk


@pytest.mark.django_db
def test_losing_the_last_entry_of_one_chain_is_detected(hoan_kiem_and_ba_vi):
    hk, bv = hoan_kiem_and_ba_vi
    record("accounts.login", unit=hk)
    last = record("accounts.login", unit=bv)
    record("accounts.logout", unit=hk)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    report = verify_chain()
    assert not report.ok and report.reason == "bản ghi cuối của chuỗi bị mất"


@pytest.mark.django_db
def test_entries_of_the_single_pre_shard_chain_still_verify():
    # An entry written before chains existed has chain "" and hashes without the key.
    entry = record("accounts.login")
    assert entry.chain == "" and "chain" not in _canonical(entry).decode()
    assert verify_chain().ok


@pytest.fixture
def hoan_kiem_and_ba_vi(db):
    from danvan.units.models import Unit

    province = Unit.objects.create(code="T1", name="Tỉnh thử", kind="province")
    return (
        Unit.objects.create(code="T1A", name="Phường A", kind="commune", parent=province),
        Unit.objects.create(code="T1B", name="Xã B", kind="commune", parent=province),
    )
