import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection

from danvan.audit.models import AuditEntry
from danvan.audit.registry import describe
from danvan.audit.services import record, verify_chain


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
