"""Online fee payment through the gateway interface, against the local fake gateway."""

import pytest

from danvan.audit.models import AuditEntry
from danvan.core.errors import Invalid
from danvan.core.models import Notification
from danvan.onestop import payments
from danvan.onestop.models import Dossier, Payment, PaymentIntent
from danvan.onestop.services import Command, transition
from danvan.onestop.workflow import Status

FAKE = ["danvan.onestop.payments.FakeGateway"]


@pytest.fixture(autouse=True)
def fake_gateway(settings):
    settings.PAYMENT_GATEWAYS = FAKE


@pytest.fixture
def fee_due(receive, persona):
    def make(amount=50_000):
        d = receive()
        return transition(
            d.pk,
            Command(action="request_payment", expected_version=d.version, amount_vnd=amount),
            by=persona("clerk.hoankiem"),
        )

    return make


def signed(intent, *, paid=True, **override):
    gw = payments.gateway("fake")
    fields = gw.notification(intent, paid=paid)
    if override:
        fields.update(override)
    return fields


@pytest.mark.django_db
def test_paid_online_moves_the_dossier_on_once(fee_due):
    d = fee_due()
    assert d.status == Status.FINANCIAL_OBLIGATION
    assert Notification.objects.filter(object_id=str(d.pk), kind="onestop.payment").exists()
    intent, url = payments.start(d)
    again, _ = payments.start(d)
    assert again.pk == intent.pk and url == f"/thanh-toan/gia-lap/{intent.reference}/"
    note = signed(intent)
    settled = payments.settle("fake", note)
    assert (
        settled.state == PaymentIntent.State.PAID
        and settled.payment.method == Payment.Method.ONLINE
    )
    payments.settle("fake", note)  # the bank retries its notification: nothing recorded twice
    d = Dossier.objects.get(pk=d.pk)
    assert d.status == Status.PROCESSING and d.paid_online
    assert d.payments.count() == 1 and d.payments.get().amount_vnd == 50_000
    event = d.events.get(action="record_payment")
    assert event.by is None and event.data["system"] == "payment:fake"
    assert (
        AuditEntry.objects.filter(action="onestop.payment.paid", object_id=str(d.pk)).count() == 1
    )


@pytest.mark.django_db
def test_forged_or_altered_notification_is_refused(fee_due):
    d = fee_due()
    intent, _ = payments.start(d)
    for bad in (signed(intent, signature="0" * 64), signed(intent, amount="1")):
        with pytest.raises(Invalid) as err:
            payments.settle("fake", bad)
        assert err.value.code == "payment.bad_signature"
    gw = payments.gateway("fake")
    wrong_amount = {
        "reference": intent.reference,
        "amount": "1000",
        "result": "00",
        "transaction": "T1",
    }
    wrong_amount["signature"] = gw.sign(wrong_amount)
    with pytest.raises(Invalid) as err:
        payments.settle("fake", wrong_amount)
    assert err.value.code == "payment.amount_mismatch"
    d = Dossier.objects.get(pk=d.pk)
    assert d.status == Status.FINANCIAL_OBLIGATION and not d.payments.exists()
    assert AuditEntry.objects.filter(action="onestop.payment.rejected").count() >= 3


@pytest.mark.django_db
def test_cancelled_then_retried(fee_due):
    d = fee_due()
    first, _ = payments.start(d)
    assert payments.settle("fake", signed(first, paid=False)).state == PaymentIntent.State.FAILED
    assert Dossier.objects.get(pk=d.pk).status == Status.FINANCIAL_OBLIGATION
    second, _ = payments.start(d)
    assert second.pk != first.pk
    assert payments.settle("fake", signed(second)).state == PaymentIntent.State.PAID


@pytest.mark.django_db
def test_paid_at_the_counter_meanwhile_flags_a_refund(fee_due, persona):
    d = fee_due()
    intent, _ = payments.start(d)
    transition(
        d.pk, Command(action="record_payment", payment_method="cash"), by=persona("clerk.hoankiem")
    )
    settled = payments.settle("fake", signed(intent))
    assert settled.state == PaymentIntent.State.FAILED and "hoàn trả" in settled.message
    assert Dossier.objects.get(pk=d.pk).payments.count() == 1
    assert AuditEntry.objects.filter(action="onestop.payment.refund_needed").exists()


@pytest.mark.django_db
def test_nothing_to_pay_is_refused(receive):
    from danvan.core.errors import Conflict

    with pytest.raises(Conflict):
        payments.start(receive())


@pytest.mark.django_db
def test_citizen_pays_from_the_lookup_page(client, fee_due):
    d = fee_due(30_000)
    page = client.get("/tra-cuu/", {"ma": d.code, "so": d.phone_last4}).content.decode()
    assert "Nộp phí trực tuyến 30.000 đ" in page
    assert client.post(f"/thanh-toan/{d.code}/", {"so": "0000"}).status_code == 404
    start = client.post(f"/thanh-toan/{d.code}/", {"so": d.phone_last4})
    assert start.status_code == 302 and "/thanh-toan/gia-lap/" in start["Location"]
    bank = client.get(start["Location"]).content.decode()
    assert "30.000 đ" in bank and "giả lập" in bank
    back = client.post(start["Location"], {"choice": "pay"})
    assert back.status_code == 302 and back["Location"].startswith("/thanh-toan/ket-qua/fake/?")
    done = client.get(back["Location"]).content.decode()
    assert "Đã thanh toán thành công 30.000 đ" in done
    assert Dossier.objects.get(pk=d.pk).status == Status.PROCESSING
    tampered = back["Location"].replace("amount=30000", "amount=3")
    assert client.get(tampered).status_code == 422


@pytest.mark.django_db
def test_notify_api(api_as, fee_due):
    d = fee_due()
    intent, _ = payments.start(d)
    anon = api_as(None)
    ok = anon.post("/api/v1/public/payments/fake/notify", signed(intent))
    assert ok.status_code == 200 and ok.json()["state"] == "paid"
    forged = anon.post("/api/v1/public/payments/fake/notify", signed(intent, signature="x"))
    assert forged.status_code == 422 and forged.json()["error"]["code"] == "payment.bad_signature"
    assert anon.post("/api/v1/public/payments/nope/notify", {}).status_code == 404


@pytest.mark.django_db
def test_no_gateway_configured_hides_online_payment(client, settings, fee_due):
    d = fee_due()
    settings.PAYMENT_GATEWAYS = []
    page = client.get("/tra-cuu/", {"ma": d.code, "so": d.phone_last4}).content.decode()
    assert "Phí, lệ phí phải nộp" in page and "Nộp phí trực tuyến" not in page
    assert client.post(f"/thanh-toan/{d.code}/", {"so": d.phone_last4}).status_code == 404
    assert client.get("/thanh-toan/gia-lap/X/").status_code == 404
