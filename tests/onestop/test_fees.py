"""Fees at the counter: asked for, receipted (numbered, PDF), never taken twice, required to return."""

import subprocess

import pytest

from danvan.core.errors import Conflict
from danvan.onestop import fees
from danvan.onestop.models import Payment
from danvan.onestop.payments import clean_reference
from danvan.onestop.services import Command, allowed_for, transition
from tests.onestop.conftest import NO_WAIT

PIN = "123456"


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode()


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (2_000, "Hai nghìn đồng"),
        (10_000, "Mười nghìn đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (50_000, "Năm mươi nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_250_500, "Một triệu hai trăm năm mươi nghìn năm trăm đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert fees.amount_in_words(amount) == words


def test_the_online_reference_is_clean():
    ref = clean_reference("000.00.070.H01-261202-0005")
    assert ref.startswith("00000070H01-261202-0005-") and "." not in ref


@pytest.mark.django_db
def test_no_wait_fee_is_taken_with_the_result_and_receipted(receive, persona, client_as):
    d = receive(NO_WAIT)
    clerk = persona("clerk.hoankiem")
    assert fees.due_vnd(d) == 2_000
    with pytest.raises(Conflict) as exc:
        transition(d.pk, Command("complete_on_spot", d.version, pin=PIN), by=clerk)
    assert exc.value.code == "dossier.fee_unpaid"
    d.refresh_from_db()
    d = transition(
        d.pk, Command("complete_on_spot", d.version, pin=PIN, payment_method="cash"), by=clerk
    )
    payment = d.payments.get()
    assert payment.amount_vnd == 2_000 and payment.receipt_no.startswith("BL")
    assert payment.receipt_no.endswith("-00070-" + payment.receipt_no[-6:])
    page = client_as("clerk.hoankiem").get(f"/mot-cua/ho-so/{d.code}/").content.decode()
    assert f"Biên lai {payment.receipt_no}" in page
    pdf = client_as("clerk.hoankiem").get(
        f"/mot-cua/ho-so/{d.code}/bien-lai/{payment.receipt_no}.pdf"
    )
    assert pdf.status_code == 200
    text = _text(pdf.content)
    for needed in ("BIÊN LAI THU PHÍ, LỆ PHÍ", "Nguyễn Thị Hằng", "2.000", "Hai nghìn đồng"):
        assert needed in text, needed
    assert client_as("clerk.bavi").get(
        f"/mot-cua/ho-so/{d.code}/bien-lai/{payment.receipt_no}.pdf"
    ).status_code in (403, 404)


@pytest.mark.django_db
def test_collect_fee_twice_gives_one_payment(receive, persona):
    d = receive(NO_WAIT)
    clerk = persona("clerk.hoankiem")
    transition(d.pk, Command("collect_fee", d.version, payment_method="cash"), by=clerk)
    with pytest.raises(Conflict):
        transition(d.pk, Command("collect_fee", d.version, payment_method="cash"), by=clerk)
    d.refresh_from_db()
    with pytest.raises(Conflict):  # current version, nothing due any more
        transition(d.pk, Command("collect_fee", d.version, payment_method="cash"), by=clerk)
    assert Payment.objects.filter(dossier=d).count() == 1
    assert d.events.filter(action="collect_fee").count() == 1
    assert "collect_fee" not in {a.action for a in allowed_for(d, clerk)}
    # Paid already: the no-wait path needs no payment method now.
    d = transition(d.pk, Command("complete_on_spot", d.version, pin=PIN), by=clerk)
    assert Payment.objects.filter(dossier=d).count() == 1


@pytest.mark.django_db
def test_receipt_numbers_follow_the_unit_book(receive, persona):
    clerk = persona("clerk.hoankiem")
    numbers = []
    for _ in range(2):
        d = receive(NO_WAIT)
        transition(d.pk, Command("collect_fee", d.version, payment_method="card"), by=clerk)
        numbers.append(d.payments.get().receipt_no)
    assert int(numbers[1][-6:]) == int(numbers[0][-6:]) + 1


@pytest.mark.django_db
def test_a_refund_is_recorded_and_the_fee_is_due_again(receive, persona):
    d = receive(NO_WAIT)
    clerk = persona("clerk.hoankiem")
    transition(d.pk, Command("collect_fee", d.version, payment_method="cash"), by=clerk)
    payment = d.payments.get()
    fees.refund(payment, reason="Thu nhầm", now=payment.paid_at)
    assert fees.due_vnd(d) == 2_000
    with pytest.raises(Conflict):
        fees.refund(payment, reason="lần hai", now=payment.paid_at)
    assert "Đã hoàn trả" in _text(fees.receipt_pdf(payment))


@pytest.mark.django_db
def test_receipts_api_lists_and_returns_the_pdf_in_scope_only(receive, persona, api_as):
    from danvan.audit.models import AuditEntry

    d = receive(NO_WAIT)
    d = transition(
        d.pk,
        Command("complete_on_spot", d.version, pin=PIN, payment_method="cash"),
        by=persona("clerk.hoankiem"),
    )
    payment = d.payments.get()
    listed = api_as("clerk.hoankiem").get(f"/api/v1/dossiers/{d.code}/receipts")
    assert listed.status_code == 200
    (row,) = listed.json()
    assert row["receipt_no"] == payment.receipt_no and row["amount_vnd"] == 2_000
    assert row["amount_in_words"] == "Hai nghìn đồng" and row["method"] == "cash"
    pdf = api_as("specialist.hoankiem").get(row["url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in _text(pdf.content)
    assert AuditEntry.objects.filter(
        action="onestop.receipt_downloaded", object_id=str(d.pk)
    ).exists()
    for outsider in ("clerk.bavi", "reporter.hanoi"):
        assert api_as(outsider).get(row["url"]).status_code == 404
        assert api_as(outsider).get(f"/api/v1/dossiers/{d.code}/receipts").status_code == 404
    missing = api_as("clerk.hoankiem").get(f"/api/v1/dossiers/{d.code}/receipts/BL00-0.pdf")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "payment.receipt_not_found"
