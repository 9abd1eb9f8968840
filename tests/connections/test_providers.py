"""Message providers behind core.notify's SMS backend: brand-name SMS, Zalo OA with SMS fallback,
the citizen's preference, delivery state kept; a failure is recorded on the notification row."""

import pytest

from danvan.connections.models import Channel, ProviderMessage
from danvan.connections.services import providers
from danvan.core import notify
from danvan.core.models import Notification

BACKEND = "danvan.connections.services.providers.PreferredChannelBackend"


@pytest.fixture
def wired(connected, settings):
    settings.SMS_BACKEND = BACKEND
    settings.CONNECTIONS = {
        **settings.CONNECTIONS,
        "SMS_URL": f"{connected.url}/sms",
        "ZALO_URL": f"{connected.url}/zalo",
    }
    return connected


def stored(phone="0912345678", body="Hồ sơ đã có kết quả"):
    return Notification.objects.create(
        kind="onestop.result_ready",
        channel=Notification.Channel.SMS,
        to=phone,
        subject="",
        body=body,
    )


@pytest.mark.django_db
def test_sms_by_default_with_delivery_state(wired):
    note = stored()
    assert notify.deliver(note)
    sent = wired.state.messages[-1]
    assert sent["channel"] == "sms" and sent["Phone"] == "0912345678"
    assert sent["Message"] == "Hồ sơ đã có kết quả" and sent["Brandname"]
    kept = ProviderMessage.objects.get(request_id=sent["RequestId"])
    assert kept.state == "accepted" and kept.provider_message_id


@pytest.mark.django_db
def test_zalo_when_preferred_and_sms_when_zalo_fails(wired):
    providers.set_preference("0912345678", Channel.ZALO)
    assert notify.deliver(stored())
    assert wired.state.messages[-1]["channel"] == "zalo"
    assert wired.state.messages[-1]["phone"] == "84912345678"
    wired.fail("error:-1", path="zalo")
    assert notify.deliver(stored())
    assert wired.state.messages[-1]["channel"] == "sms"
    assert ProviderMessage.objects.filter(provider="zalo", state="failed").count() == 1


@pytest.mark.django_db
def test_no_phone_message_when_the_citizen_asked_for_none(wired):
    providers.set_preference("0912345678", Channel.NONE)
    before = len(wired.state.messages)
    assert notify.deliver(stored())
    assert len(wired.state.messages) == before


@pytest.mark.django_db
def test_provider_down_is_recorded_on_the_notification(wired):
    wired.stop()
    note = stored()
    assert not notify.deliver(note)
    note.refresh_from_db()
    assert note.state == Notification.State.FAILED and "kết nối" in note.error
    assert ProviderMessage.objects.filter(provider="sms", state="failed").exists()
