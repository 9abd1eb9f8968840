"""The outbox page, API and command line; the drain as a job on danvan.jobs; indicator 1.4."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from danvan.connections.models import MessageState, OutboxMessage
from danvan.connections.services import outbox, portal
from danvan.core.indicators import evaluate
from danvan.jobs.models import Job
from danvan.onestop.models import Dossier
from danvan.units.services import current_unit
from tests.conftest import error_code


def failed_message(fake, receive):
    fake.fail("error:1", path="DongBoHoSoMC")
    d = receive()
    outbox.drain()
    return d, OutboxMessage.objects.filter(object_id=str(d.pk)).order_by("id").first()


@pytest.mark.django_db
def test_page_lists_shows_and_retries(connected, receive, client_as):
    d, m = failed_message(connected, receive)
    admin = client_as("admin")
    page = admin.get("/ket-noi/?trang-thai=failed").content.decode()
    assert d.code in page and "Gửi không thành công" in page
    detail = admin.get(f"/ket-noi/tin/{m.pk}/").content.decode()
    assert "error_code 1" in detail and "Gửi lại" in detail
    response = admin.post(f"/ket-noi/tin/{m.pk}/gui-lai/")
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.state == MessageState.PENDING and m.attempts == 0
    assert client_as("clerk.hoankiem").get("/ket-noi/").status_code == 404


@pytest.mark.django_db
def test_api_lists_shows_retries_with_stable_codes(connected, receive, api_as):
    d, m = failed_message(connected, receive)
    api = api_as("admin")
    listed = api.get("/api/v1/outbox?state=failed").json()
    assert listed["count"] >= 1 and listed["items"][0]["state"] == "failed"
    one = api.get(f"/api/v1/outbox/{m.pk}").json()
    assert one["response"]["error_code"] == "1" and one["public_id"] == str(m.public_id)
    assert api.post(f"/api/v1/outbox/{m.pk}/retry").json()["state"] == "pending"
    again = api.post(f"/api/v1/outbox/{m.pk}/retry")
    assert again.status_code == 409 and error_code(again) == "outbox.not_failed"
    assert error_code(api.get("/api/v1/outbox/999999999")) == "outbox.not_found"
    unsynced = api.get("/api/v1/outbox/unsynced").json()
    assert d.code in [row["code"] for row in unsynced["items"]]
    refused = api_as("clerk.hoankiem").get("/api/v1/outbox")
    assert refused.status_code == 403 and error_code(refused) == "outbox.forbidden"


@pytest.mark.django_db
def test_command_line_list_show_retry_run(connected, receive):
    d, m = failed_message(connected, receive)
    out = io.StringIO()
    call_command("outbox", "list", "--state", "failed", stdout=out)
    assert d.code in out.getvalue()
    out = io.StringIO()
    call_command("outbox", "show", str(m.pk), stdout=out)
    assert json.loads(out.getvalue())["response"]["error_code"] == "1"
    call_command("outbox", "retry", str(m.pk), stdout=io.StringIO())
    out = io.StringIO()
    call_command("outbox", "run", stdout=out)
    assert "Đã gửi" in out.getvalue()
    assert not OutboxMessage.objects.filter(object_id=str(d.pk)).exclude(state=MessageState.SENT)


@pytest.mark.django_db(transaction=True)
def test_the_drain_runs_as_a_job_after_the_commit(connected, receive, settings):
    """With the immediate runner the job starts right after the transition's commit."""
    settings.JOBS_RUNNER = "immediate"
    d = receive()
    assert Job.objects.filter(kind=outbox.JOB_KIND).exists()
    assert not OutboxMessage.objects.filter(object_id=str(d.pk)).exclude(state=MessageState.SENT)
    assert connected.state.dossiers[d.code]["TrangThaiHoSo"] == "2"


@pytest.mark.django_db
def test_backoff_grows_with_jitter_and_a_cap():
    waits = [outbox.backoff(n, rng=lambda: 0.5).total_seconds() for n in range(1, 12)]
    assert waits[:4] == [15, 30, 60, 120] and max(waits) == 3600
    low, high = outbox.backoff(3, rng=lambda: 0.0), outbox.backoff(3, rng=lambda: 0.999)
    assert low == dt.timedelta(seconds=30) and high < dt.timedelta(seconds=90)


@pytest.mark.django_db
def test_indicator_1_4_counts_dossiers_the_portal_holds(connected, receive):
    fake = connected
    today = timezone.localdate()
    ward = current_unit("00070")
    before = evaluate("connections.dossiers_synced", unit=ward, start=today, end=today)
    synced = receive()
    outbox.drain()
    fake.stop()
    waiting = receive()
    outbox.drain()
    after = evaluate("connections.dossiers_synced", unit=ward, start=today, end=today)
    assert after.numerator == before.numerator + 1
    assert after.denominator == before.denominator + 2
    held = portal.in_sync(Dossier.objects.filter(pk__in=[synced.pk, waiting.pk]))
    assert list(held.values_list("pk", flat=True)) == [synced.pk]


@pytest.mark.django_db
def test_two_drains_never_send_the_same_attempt(connected, receive):
    receive()
    first = outbox.due(timezone.now()).first()
    copy = OutboxMessage.objects.get(pk=first.pk)  # what a second worker read at the same time
    assert outbox.claim(first, timezone.now())
    assert not outbox.claim(copy, timezone.now())
    # Its lease running out (the worker died) makes it due again, for one claimer.
    later = timezone.now() + outbox.LEASE + dt.timedelta(seconds=1)
    again = outbox.due(later).first()
    assert again.pk == first.pk and again.state == MessageState.SENDING
    assert outbox.claim(again, later)


@pytest.mark.django_db
def test_pages_say_the_fake_is_a_fake_show_its_answer_and_what_holds_a_dossier(
    connected, receive, client_as
):
    fake = connected
    d, m = failed_message(fake, receive)
    admin = client_as("admin")
    page = admin.get("/ket-noi/").content.decode()
    assert 'id="fake-gateway"' in page and fake.url in page  # the fake said "fake": true
    detail = admin.get(f"/ket-noi/tin/{m.pk}/").content.decode()
    assert 'id="fake-answer"' in detail and 'id="message-answer"' in detail
    # The unsynced list links the dossier and the message holding it back, with the error.
    unsynced = admin.get("/ket-noi/chua-dong-bo/").content.decode()
    assert f"/ket-noi/tin/{m.pk}/" in unsynced and "error_code 1" in unsynced
    assert f"/ho-so/{d.code}/" in unsynced
    # Retry twice (a double click): queued once, the second click is told so, not an error.
    first = admin.post(f"/ket-noi/tin/{m.pk}/gui-lai/", follow=True).content.decode()
    again = admin.post(f"/ket-noi/tin/{m.pk}/gui-lai/", follow=True).content.decode()
    assert "để gửi lại" in first and "không xếp thêm lần nữa" in again
    assert "data-once" not in again  # pending now: no retry button
    outbox.drain()
    m.refresh_from_db()
    assert m.state == MessageState.SENT and m.attempts == 1
    sent = admin.get("/ket-noi/?trang-thai=sent").content.decode()
    assert "Đồng bộ thành công" in sent  # the portal's own words for a sent message


@pytest.mark.django_db
def test_no_fake_banner_when_the_answers_are_not_the_fakes(settings, receive, client_as):
    settings.CONNECTIONS = {"GATEWAY_URL": "http://127.0.0.1:9", "PORTAL_SYNC": True}
    OutboxMessage.objects.filter(response__fake=True).delete()
    OutboxMessage.objects.filter(response__dossier__fake=True).delete()
    receive()
    page = client_as("admin").get("/ket-noi/").content.decode()
    assert 'id="fake-gateway"' not in page and "http://127.0.0.1:9" in page
