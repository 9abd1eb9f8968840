"""The national payment platform behind the payment-gateway interface, against the fake: INIT
with MaXacThuc, CONFIRM settled once under duplicates and out-of-order callbacks, QUERY
reconciliation, GET_BILL receipt."""

import json

import pytest
from django.test import Client

from danvan.audit.models import AuditEntry
from danvan.connections import formats as F
from danvan.connections import signing
from danvan.connections.services import payments as national
from danvan.core.errors import Conflict
from danvan.onestop import payments
from danvan.onestop.models import Dossier, Payment, PaymentIntent
from danvan.onestop.services import Command, transition
from danvan.onestop.workflow import Status

CONFIRM = "/api/v1/public/national-payment/confirm"


@pytest.fixture(autouse=True)
def national_gateway(settings, connected):
    settings.PAYMENT_GATEWAYS = ["danvan.connections.services.payments.NationalPlatformGateway"]


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


def callback(message) -> dict:
    response = Client().post(CONFIRM, json.dumps(message), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_init_is_signed_and_well_formed(connected, fee_due):
    fake = connected
    d = fee_due()
    intent, url = payments.start(d, "national")
    assert url == f"{fake.url}/thanh-toan/{intent.reference}"
    sent = fake.requests("/INIT")[-1]["body"]
    assert F.problems(sent, F.PAYMENT_INIT) == []
    assert sent["ThongTinBienLai"]["MaHoSo"] == d.code and sent["SoTien"] == "50000"
    expected = signing.mac(
        [intent.reference, "50000", d.code, d.procedure.code, d.applicant_name], fake.secret
    )
    assert sent["MaXacThuc"] == expected


@pytest.mark.django_db
def test_confirm_settles_once_under_duplicates_and_out_of_order(connected, fee_due):
    fake = connected
    d = fee_due()
    intent, _url = payments.start(d, "national")
    # A failure callback arrives first while the payer is still on the page: QUERY says pending.
    early_failure = fake.confirm_message(intent.reference, "24")
    assert callback(early_failure)["TrangThai"] == "pending"
    success = fake.pay(intent.reference)
    for _ in range(3):  # the platform repeats its callback
        assert callback(success)["TrangThai"] == "paid"
    callback(early_failure)  # the stale failure again, after the success
    assert national.reconcile(older_than=national.RECONCILE_AFTER * 0)["paid"] == 0
    intent.refresh_from_db()
    assert intent.state == PaymentIntent.State.PAID
    assert Payment.objects.filter(dossier=d).count() == 1
    d = Dossier.objects.get(pk=d.pk)
    assert d.status == Status.PROCESSING and d.paid_online
    assert d.events.filter(action="record_payment").count() == 1


@pytest.mark.django_db
def test_forged_confirm_is_refused(connected, fee_due):
    fake = connected
    d = fee_due()
    intent, _ = payments.start(d, "national")
    forged = {**fake.pay(intent.reference), "SoTien": "1"}
    response = Client().post(CONFIRM, json.dumps(forged), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "payment.bad_signature"
    assert AuditEntry.objects.filter(action="onestop.payment.rejected").exists()
    assert not Payment.objects.filter(dossier=d).exists()


@pytest.mark.django_db
def test_lost_callback_is_settled_by_reconciliation_and_receipt_fetched(connected, fee_due):
    fake = connected
    d = fee_due()
    intent, _ = payments.start(d, "national")
    fake.pay(intent.reference)  # paid, but the callback never reached us
    assert national.reconcile()["paid"] == 0  # too recent: the callback may still come
    counts = national.reconcile(older_than=national.RECONCILE_AFTER * 0)
    assert counts["paid"] == 1
    assert national.reconcile(older_than=national.RECONCILE_AFTER * 0)["paid"] == 0
    intent.refresh_from_db()
    assert intent.state == PaymentIntent.State.PAID
    assert Payment.objects.filter(dossier=d).count() == 1
    receipt = national.receipt(intent)
    assert receipt.pdf.startswith(b"%PDF") and receipt.number.startswith("GL-")


@pytest.mark.django_db
def test_cancelled_payment_fails_by_query_and_platform_down_is_a_clear_error(connected, fee_due):
    fake = connected
    d = fee_due()
    intent, _ = payments.start(d, "national")
    callback(fake.pay(intent.reference, paid=False))
    intent.refresh_from_db()
    assert intent.state == PaymentIntent.State.FAILED
    with pytest.raises(Conflict):
        national.receipt(intent)
    fake.stop()
    d2 = fee_due()
    with pytest.raises(Conflict) as err:
        payments.start(d2, "national")
    assert err.value.code == "payment.platform_unavailable"


def test_a_callback_whose_signature_is_not_ascii_is_refused_not_a_500():
    from danvan.connections import signing

    assert signing.verify({"MaXacThuc": "chữ ký giả"}, ["MaLoi"], "secret") is False


@pytest.mark.django_db
def test_the_e_receipt_is_downloaded_by_the_clerk_and_the_citizen_only(
    connected, fee_due, client_as
):
    from danvan.onestop.models import Dossier

    fake = connected
    d = fee_due()
    url = f"/ket-noi/ho-so/{d.code}/bien-lai-dien-tu/"
    clerk, citizen = client_as("clerk.hoankiem"), client_as("congdan.hang")
    assert Dossier.objects.get(pk=d.pk).national_id == "001190012345"  # congdan.hang's
    early = clerk.get(url)  # nothing paid on the national platform yet: said so, not a 500
    assert early.status_code == 409 and "chưa có biên lai điện tử" in early.content.decode()
    intent, _ = payments.start(d, "national")
    callback(fake.pay(intent.reference))
    for who in (clerk, citizen):
        got = who.get(url)
        assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
        assert got.content.startswith(b"%PDF") and got["Cache-Control"] == "private, no-store"
        assert "bien-lai-dien-tu-GL-" in got["Content-Disposition"]
    assert len(fake.requests("/GET_BILL")) == 2
    assert AuditEntry.objects.filter(action="connections.receipt.downloaded").count() == 2
    # Another unit's clerk and an official without the one-stop role: not found.
    assert client_as("clerk.bavi").get(url).status_code == 404
    assert client_as("mobilizer.hoankiem").get(url).status_code == 404
    # The dossier page links it.
    page = clerk.get(f"/mot-cua/ho-so/{d.code}/").content.decode()
    assert url in page
    fake.stop()  # the platform down: a clear message, not a 500
    down = citizen.get(url)
    assert (
        down.status_code == 409
        and "Nền tảng thanh toán quốc gia chưa trả lời" in down.content.decode()
    )
