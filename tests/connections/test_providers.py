"""The message providers one by one: brand-name SMS and Zalo OA in their formats, the stable
request id a repeated attempt reuses, the delivery state kept; email through Django's backend;
the local SMS backend when no SMS address is configured."""

import pytest
from django.core import mail

from danvan.connections.client import SendError
from danvan.connections.models import ProviderMessage
from danvan.connections.services import providers


@pytest.fixture
def wired(connected, settings):
    settings.CONNECTIONS = {
        **settings.CONNECTIONS,
        "SMS_URL": f"{connected.url}/sms",
        "ZALO_URL": f"{connected.url}/zalo",
    }
    return connected


@pytest.mark.django_db
def test_sms_in_the_brandname_format_with_delivery_state(wired):
    answer = providers.send_sms("0912345678", "Hồ sơ đã có kết quả", "req-1")
    sent = wired.state.messages[-1]
    assert sent["channel"] == "sms" and sent["Phone"] == "0912345678"
    assert sent["Message"] == "Hồ sơ đã có kết quả" and sent["Brandname"] == "DANVANSO"
    assert sent["RequestId"] == "req-1" and answer["provider"] == "sms"
    kept = ProviderMessage.objects.get(request_id="req-1")
    assert kept.state == "accepted" and kept.provider_message_id == answer["MessageId"]


@pytest.mark.django_db
def test_a_repeated_request_id_is_not_sent_twice(wired):
    first = providers.send_sms("0912345678", "Hồ sơ đã có kết quả", "req-2")
    again = providers.send_sms("0912345678", "Hồ sơ đã có kết quả", "req-2")
    assert len([m for m in wired.state.messages if m["RequestId"] == "req-2"]) == 1
    assert again["MessageId"] == first["MessageId"] and again["duplicate"] is True
    assert ProviderMessage.objects.filter(request_id="req-2").count() == 1


@pytest.mark.django_db
def test_zalo_in_its_format_and_its_refusal_recorded(wired):
    providers.send_zalo("0912345678", "Hồ sơ đã có kết quả", "req-3")
    sent = wired.state.messages[-1]
    assert sent["channel"] == "zalo" and sent["phone"] == "84912345678"
    assert sent["template_data"] == {"noi_dung": "Hồ sơ đã có kết quả"}
    wired.fail("error:1", path="zalo")
    with pytest.raises(SendError) as refused:
        providers.send_zalo("0912345678", "x", "req-4")
    assert refused.value.retry is False  # invalid data will not get better by retrying
    assert ProviderMessage.objects.get(request_id="req-4").state == "failed"


@pytest.mark.django_db
def test_provider_down_is_a_retryable_failure(wired):
    wired.stop()
    with pytest.raises(SendError) as down:
        providers.send_sms("0912345678", "x", "req-5")
    assert down.value.retry is True and "kết nối" in str(down.value)
    assert ProviderMessage.objects.get(request_id="req-5").state == "failed"


@pytest.mark.django_db
def test_email_through_django_and_the_local_sms_backend_without_an_address(settings):
    settings.CONNECTIONS = {}
    assert providers.send_email("hang@example.vn", "Tiêu đề", "Nội dung", "req-6")["provider"]
    assert mail.outbox[-1].to == ["hang@example.vn"]
    assert providers.send_sms("0912345678", "x", "req-7") == {"provider": "sms-local"}
    assert ProviderMessage.objects.get(request_id="req-7").provider == "sms-local"
