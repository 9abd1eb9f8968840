"""Citizen notifications through the outbox: one outbox message per stored notification, written
in the change's transaction; sent to the SMS / Zalo / email providers with retries and backoff;
never lost, never sent twice when the worker runs twice; the citizen's preference honoured,
except for the legally required notices; her preference page, audited."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from danvan.audit.models import AuditEntry
from danvan.connections.models import CitizenPreference, MessageState, OutboxMessage
from danvan.connections.services import notices, outbox
from danvan.core.models import Notification
from danvan.onestop.services import Command, transition

S = MessageState
HANG = "001190012345"  # the demo citizen (congdan.hang) and the tests' applicant


@pytest.fixture(autouse=True)
def no_preference(db):
    """The demo citizen has a saved preference (connections/demo.py); start from the defaults."""
    CitizenPreference.objects.filter(national_id=HANG).delete()


@pytest.fixture
def wired(connected, settings):
    settings.CONNECTIONS = {
        **settings.CONNECTIONS,
        "SMS_URL": f"{connected.url}/sms",
        "ZALO_URL": f"{connected.url}/zalo",
    }
    return connected


def later(minutes: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def notes_of(dossier, kind="onestop.received"):
    return Notification.objects.filter(
        object_type="onestop.dossier", object_id=str(dossier.pk), kind=kind
    ).order_by("channel")


def messages_of(notes):
    return OutboxMessage.objects.filter(
        kind=notices.KIND, object_type="core.notification", object_id__in=[str(n.pk) for n in notes]
    ).order_by("id")


def sms_to(fake, phone="0912345678"):
    return [m for m in fake.state.messages if m["channel"] == "sms" and m["Phone"] == phone]


def prefer(**kw):
    return CitizenPreference.objects.update_or_create(national_id=HANG, defaults=kw)[0]


@pytest.mark.django_db
def test_a_received_dossier_tells_the_citizen_through_the_outbox(wired, receive):
    d = receive()
    notes = list(notes_of(d))
    assert [n.channel for n in notes] == ["email", "sms"]
    msgs = list(messages_of(notes))
    assert len(msgs) == 2 and {m.state for m in msgs} == {S.PENDING}
    assert all(m.unit_id == d.unit_id and m.key == f"notify:{m.object_id}" for m in msgs)
    assert "0912345678" not in " ".join(m.label for m in msgs)  # the operator sees it masked
    outbox.drain()
    assert {m.state for m in messages_of(notes)} == {S.SENT}
    (sms,) = sms_to(wired)
    assert d.code in sms["Message"] and sms["RequestId"].endswith("-sms")
    assert mail.outbox[-1].to == ["hang@example.vn"] and d.code in mail.outbox[-1].subject
    assert {n.state for n in notes_of(d)} == {Notification.State.SENT}
    delivered = OutboxMessage.objects.get(pk=msgs[1].pk).deliveries.get()
    assert delivered.provider == "sms" and delivered.provider_message_id


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_message(wired, receive):
    before = OutboxMessage.objects.filter(kind=notices.KIND).count()
    with pytest.raises(RuntimeError), transaction.atomic():
        receive()
        raise RuntimeError("the intake failed after notifying")
    assert OutboxMessage.objects.filter(kind=notices.KIND).count() == before


@pytest.mark.django_db
def test_provider_down_backs_off_and_converges_without_duplicates(wired, receive):
    d = receive()
    wired.stop()
    outbox.drain()
    sms_msg = messages_of(notes_of(d)).get(object_id=str(notes_of(d).get(channel="sms").pk))
    assert sms_msg.state == S.PENDING and sms_msg.attempts == 1
    assert sms_msg.next_attempt_at > timezone.now() and "kết nối" in sms_msg.last_error
    outbox.drain()  # not due yet: nothing more is attempted
    assert OutboxMessage.objects.get(pk=sms_msg.pk).attempts == 1
    wired.start()
    outbox.drain(now=later(60))
    sms_msg.refresh_from_db()
    assert sms_msg.state == S.SENT and sms_msg.attempts == 2
    assert len(sms_to(wired)) == 1


@pytest.mark.django_db
def test_the_worker_running_twice_sends_one_message(wired, receive):
    d = receive()
    (msg,) = [m for m in messages_of(notes_of(d)) if m.payload["channel"] == "sms"]
    # Two drains see the same due message: only one wins the claim.
    now = timezone.now()
    twin = OutboxMessage.objects.get(pk=msg.pk)
    assert outbox.claim(msg, now) and not outbox.claim(twin, now)
    outbox.send_one(msg, now)
    # A worker killed after the provider took the message, before it recorded anything: the
    # lease runs out, the next drain sends again with the same request id and the provider
    # answers from memory.
    note = Notification.objects.get(pk=msg.object_id)
    Notification.objects.filter(pk=note.pk).update(state=Notification.State.PENDING)
    OutboxMessage.objects.filter(pk=msg.pk).update(
        state=S.SENDING, lease_until=timezone.now() - dt.timedelta(seconds=1)
    )
    outbox.drain()
    msg.refresh_from_db()
    assert msg.state == S.SENT and msg.response.get("duplicate") is True
    # Killed after recording the notification sent: the repeat does not even call the provider.
    OutboxMessage.objects.filter(pk=msg.pk).update(
        state=S.SENDING, lease_until=timezone.now() - dt.timedelta(seconds=1)
    )
    outbox.drain()
    msg.refresh_from_db()
    assert msg.response == {"already_sent": True}
    assert len(sms_to(wired)) == 1
    # And notify's dispatcher never writes a second message for the same notification.
    with transaction.atomic():
        notices.dispatch([note])
    assert messages_of([note]).count() == 1


@pytest.mark.django_db
def test_a_muted_topic_and_a_channel_turned_off_are_skipped(wired, receive):
    prefer(email=False, muted=["onestop.received"])
    d = receive()
    outbox.drain()
    assert {m.state for m in messages_of(notes_of(d))} == {S.SKIPPED}
    assert sms_to(wired) == [] and mail.outbox == []
    assert all("Không gửi" in n.error for n in notes_of(d))


@pytest.mark.django_db
def test_zalo_when_chosen_and_sms_when_zalo_does_not_take_it(wired, receive):
    prefer(sms=True, zalo=True, email=False)
    d = receive()
    outbox.drain()
    zalo = [m for m in wired.state.messages if m["channel"] == "zalo"]
    assert len(zalo) == 1 and zalo[0]["phone"] == "84912345678" and sms_to(wired) == []
    assert [m.state for m in messages_of(notes_of(d))] == [S.SKIPPED, S.SENT]  # email off
    wired.fail("error:1", path="zalo")  # not a Zalo user
    d2 = receive()
    outbox.drain()
    assert len(sms_to(wired)) == 1  # the brand-name SMS told her instead
    (phone_msg,) = [m for m in messages_of(notes_of(d2)) if m.payload["channel"] == "sms"]
    assert [x.provider for x in phone_msg.deliveries.order_by("id")] == ["zalo", "sms"]


@pytest.mark.django_db
def test_legally_required_notices_go_out_whatever_she_chose(wired, receive, persona):
    prefer(sms=False, zalo=False, email=False, muted=["onestop.supplement"])
    d = receive()
    transition(
        d.pk,
        Command("request_supplement", d.version, reason="Thiếu", what_to_do="Nộp biên bản họp"),
        by=persona("specialist.hoankiem"),
    )
    outbox.drain()
    assert {m.state for m in messages_of(notes_of(d))} == {S.SKIPPED}  # "received": optional
    required = notes_of(d, "onestop.supplement")
    assert {m.state for m in messages_of(required)} == {S.SENT}
    assert "Nộp biên bản họp" in sms_to(wired)[-1]["Message"]
    assert any("cần bổ sung" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_notifications_are_sent_without_a_gateway_and_portal_messages_wait(settings, receive):
    settings.CONNECTIONS = {"PORTAL_SYNC": True}  # portal messages written, no gateway to send to
    OutboxMessage.objects.all().delete()
    d = receive()
    counts = outbox.drain()
    assert counts["sent"] == 2 and mail.outbox[-1].to == ["hang@example.vn"]
    assert {m.state for m in messages_of(notes_of(d))} == {S.SENT}
    waiting = OutboxMessage.objects.filter(kind="portal.step", object_id=str(d.pk))
    assert waiting and {(m.state, m.attempts) for m in waiting} == {(S.PENDING, 0)}


# --- the citizen's page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_citizen_sets_her_preference_audited(client_as, receive, settings):
    settings.CONNECTIONS = {}
    receive()
    hang = client_as("congdan.hang")
    page = hang.get("/kho-cua-toi/thong-bao/").content.decode()
    assert "Nhận thông báo về hồ sơ" in page and "bắt buộc theo quy định" in page
    assert "Đã tiếp nhận hồ sơ" in page and "Đang chờ gửi" in page  # her recent notices
    response = hang.post(
        "/kho-cua-toi/thong-bao/",
        # A required topic left unticked (a crafted form) stays on; "result ready" stays on.
        {
            "zalo": "on",
            "email": "on",
            "topic": ["onestop.result_ready", "grassroots.filed", "grassroots.transferred"],
        },
    )
    assert response.status_code == 302
    pref = CitizenPreference.objects.get(national_id=HANG)
    assert (pref.sms, pref.zalo, pref.email) == (False, True, True)
    assert set(pref.muted) == {"onestop.received", "onestop.payment", "onestop.overdue"}
    entry = AuditEntry.objects.filter(action="connections.notify.preference").latest("id")
    assert entry.actor.username == "congdan.hang" and entry.data["channels"] == "Zalo, email"
    assert "0912345678" not in str(entry.data)
    again = hang.get("/kho-cua-toi/thong-bao/").content.decode()
    assert 'name="sms" id="ch-sms">' in again and "Lưu lần cuối lúc" in again


@pytest.mark.django_db
def test_officials_and_visitors_cannot_open_the_citizen_page(client_as, client):
    assert client_as("clerk.hoankiem").get("/kho-cua-toi/thong-bao/").status_code == 403
    assert client.get("/kho-cua-toi/thong-bao/").status_code == 302  # to sign in
    refused = client_as("admin").post("/kho-cua-toi/thong-bao/", {"sms": "on"})
    assert refused.status_code == 403 and not CitizenPreference.objects.exists()  # none saved


@pytest.mark.django_db
def test_the_operator_sees_notifications_and_their_delivery(wired, receive, client_as):
    d = receive()
    outbox.drain()
    admin = client_as("admin")
    page = admin.get("/ket-noi/?loai=notify").content.decode()
    assert "Thông báo (điện thoại 091•••678)" in page and "portal" not in page.split("<tbody>")[1]
    (sms_msg,) = [m for m in messages_of(notes_of(d)) if m.payload["channel"] == "sms"]
    detail = admin.get(f"/ket-noi/tin/{sms_msg.pk}/").content.decode()
    assert "Giao cho nhà cung cấp" in detail and "Nhà cung cấp đã nhận" in detail
    assert "0912345678" not in detail


# --- duplicate protection at the mail server -----------------------------------------------------


class DeliveredThenTimedOut:
    """An SMTP backend whose first send reaches the server but whose answer is lost (a timeout):
    the outbox retries, and the mail server sees the same message twice."""

    calls = 0

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        type(self).calls += 1
        if type(self).calls == 1:
            raise TimeoutError("timed out waiting for 250 OK")
        return len(messages)


@pytest.mark.django_db
def test_a_retried_email_carries_the_same_message_id_and_another_email_another(settings, receive):
    settings.CONNECTIONS = {}
    settings.EMAIL_BACKEND = f"{__name__}.DeliveredThenTimedOut"
    DeliveredThenTimedOut.calls = 0
    d = receive()
    outbox.drain()
    (email,) = messages_of(notes_of(d).filter(channel="email"))
    email.refresh_from_db()
    assert email.state == S.PENDING and email.attempts == 1  # the timeout: it will be retried
    outbox.drain(now=email.next_attempt_at + dt.timedelta(seconds=1))
    email.refresh_from_db()
    assert email.state == S.SENT and email.attempts == 2
    first, again = mail.outbox[:2]
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    request_id = first.extra_headers["X-Danvan-Request-Id"]
    assert (
        request_id == again.extra_headers["X-Danvan-Request-Id"] == f"{email.public_id.hex}-email"
    )
    assert first.extra_headers["Message-ID"] == f"<{request_id}@danvan.local>"
    assert "Message-ID: <" in first.message().as_string()  # really in the sent headers
    other = receive()
    outbox.drain(now=later(60))
    (other_email,) = [m for m in mail.outbox if other.code in m.subject]
    assert other_email.extra_headers["Message-ID"] != first.extra_headers["Message-ID"]
