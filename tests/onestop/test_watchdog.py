import io

import pytest
from django.core.management import call_command

from danvan.audit.models import AuditEntry
from danvan.audit.registry import describe
from danvan.core.models import Notification
from danvan.onestop.watchdog import flag_idle
from tests.onestop.conftest import at


@pytest.mark.django_db
def test_a_dossier_idle_past_its_step_budget_is_flagged_once(receive):
    d = receive(now=at(2026, 11, 26, 9, 0))
    d.handler.email = "minh@hoankiem.example.vn"
    d.handler.save()
    assert d.handler.username == "specialist.hoankiem" and d.step_due_at
    assert d.code not in flag_idle(now=at(2026, 11, 26, 10, 0))
    assert d.code in flag_idle(now=at(2026, 12, 3, 9, 0))
    assert d.code not in flag_idle(now=at(2026, 12, 4, 9, 0))  # once per step
    entry = AuditEntry.objects.get(action="onestop.dossier.idle_flagged", object_id=str(d.pk))
    assert "chậm" in describe(entry.action, entry.data)
    assert (
        Notification.objects.get(kind="onestop.idle", object_id=str(d.pk)).to
        == "minh@hoankiem.example.vn"
    )


@pytest.mark.django_db
def test_watchdog_command_reports_what_it_flagged():
    out = io.StringIO()
    call_command("watchdog", stdout=out)
    assert "Đã cảnh báo" in out.getvalue()


@pytest.mark.django_db
def test_the_idle_warning_is_in_the_language_the_handler_chose(receive):
    d = receive(now=at(2026, 11, 26, 9, 0))
    d.handler.email, d.handler.language = "minh@hoankiem.example.vn", "en"
    d.handler.save()
    assert d.code in flag_idle(now=at(2026, 12, 3, 9, 0))
    notes = Notification.objects.filter(kind="onestop.idle", object_id=str(d.pk))
    mine = notes.get(to="minh@hoankiem.example.vn")
    assert mine.subject == f"Dossier {d.code} is late"
    assert mine.body.startswith(f"Dossier {d.code} (") and "without being handled" in mine.body
    others = notes.exclude(to="minh@hoankiem.example.vn").exclude(channel="sms")
    assert all(n.subject == f"Hồ sơ {d.code} bị chậm" for n in others)  # leaders never chose
