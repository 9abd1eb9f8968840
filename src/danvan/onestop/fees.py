"""Fees at the counter: what is due, each payment with its receipt number, the receipt PDF.

A dossier of a fee-bearing procedure is not returned until its fee is settled (paid in cash, card
or transfer at the counter, or online). Each payment gets the next number of the unit's yearly
receipt book ("BL26-00070-000015") and a receipt carrying the e-receipt fields of Decree
123/2020/NĐ-CP Art 32 (issuer, payer, fee name, amount in figures and in words, method, legal basis,
time, collector). A refund is recorded on the payment, never by deleting it.

The receipt here is the unit's own numbered receipt book, not yet an e-receipt registered with
the tax authority (Decree 123/2020 Art 34); connecting a provider replaces `_next_receipt_no`.
"""

import datetime as dt

from django.db.models import Sum
from django.utils import timezone

from danvan.core.errors import Conflict, Invalid
from danvan.core.formatting import vnd
from danvan.documents.admin_doc import (
    DocumentSpec,
    Para,
    SignatureBlock,
    TableBlock,
    render_document,
)
from danvan.onestop.models import DocumentRegister, Dossier, Payment

COUNTER_METHODS = (Payment.Method.CASH, Payment.Method.CARD, Payment.Method.TRANSFER)
RECEIPT_FORM = "01BLP0-001"  # mẫu số biên lai thu phí, lệ phí (Circular 78/2021/TT-BTC Art 6)

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]


def _three(n: int, full: bool) -> list[str]:
    """One group of three digits; ``full``: a group after a higher one ("không trăm linh năm")."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0 and ones:
        if hundreds or full:
            words.append("linh")
        words.append(_DIGITS[ones])
        return words
    if tens == 1:
        words.append("mười")
    elif tens:
        words += [_DIGITS[tens], "mươi"]
    if ones == 1 and tens > 1:
        words.append("mốt")
    elif ones == 5 and tens:
        words.append("lăm")
    elif ones:
        words.append(_DIGITS[ones])
    return words


def amount_in_words(amount: int) -> str:
    """12000 -> "Mười hai nghìn đồng"; 1005000 -> "Một triệu không trăm linh năm nghìn đồng"."""
    if amount == 0:
        return "Không đồng"
    groups = []
    while amount:
        groups.append(amount % 1000)
        amount //= 1000
    words: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        if groups[i] == 0:
            continue
        words += _three(groups[i], full=i < len(groups) - 1)
        if _GROUPS[i]:
            words.append(_GROUPS[i])
    text = " ".join(words) + " đồng"
    return text[:1].upper() + text[1:]


def paid_vnd(dossier: Dossier) -> int:
    total = dossier.payments.filter(refunded_at__isnull=True).aggregate(s=Sum("amount_vnd"))["s"]
    return int(total or 0)


def due_vnd(dossier: Dossier) -> int:
    """What the applicant still owes (0 when there is no fee or it is paid)."""
    return max(0, (dossier.fee_vnd or 0) - paid_vnd(dossier)) if dossier.fee_vnd else 0


def require_settled(dossier: Dossier) -> None:
    if due_vnd(dossier):
        raise Conflict(
            "dossier.fee_unpaid",
            f"Công dân chưa nộp {vnd(due_vnd(dossier))} phí, lệ phí; hãy thu và lập biên lai "
            "trước khi trả kết quả.",
        )


def _next_receipt_no(dossier: Dossier, now: dt.datetime) -> str:
    year = timezone.localtime(now).year
    kind = DocumentRegister.Kind.RECEIPT
    DocumentRegister.objects.get_or_create(unit=dossier.unit, kind=kind, year=year)
    row = DocumentRegister.objects.select_for_update().get(unit=dossier.unit, kind=kind, year=year)
    row.last += 1
    row.save(update_fields=["last"])
    return f"BL{year % 100:02d}-{dossier.unit.code}-{row.last:06d}"


def record_payment(dossier: Dossier, method: str, *, by, now, reference: str = "") -> Payment:
    """A payment of what is due (inside the transition's lock); refused when nothing is due, so a
    double submit never takes the fee twice."""
    if method not in Payment.Method.values:
        raise Invalid(
            "payment.method_invalid",
            "Hình thức nộp tiền không hợp lệ.",
            fields={"payment_method": "Tiền mặt, thẻ, chuyển khoản hoặc trực tuyến."},
        )
    amount = due_vnd(dossier)
    if not amount:
        raise Conflict("payment.nothing_due", "Hồ sơ này không còn khoản phí, lệ phí nào phải nộp.")
    return Payment.objects.create(
        dossier=dossier,
        amount_vnd=amount,
        method=method,
        reference=reference[:100],
        receipt_no=_next_receipt_no(dossier, now),
        paid_at=now,
        recorded_by=by,
    )


def refund(payment: Payment, *, reason: str, now) -> Payment:
    if payment.refunded_at:
        raise Conflict("payment.already_refunded", "Khoản tiền này đã được hoàn trả.")
    if not reason.strip():
        raise Invalid(
            "payment.reason_required", "Cần ghi lý do hoàn trả.", fields={"reason": "Bắt buộc."}
        )
    payment.refunded_at, payment.refund_reason = now, reason.strip()[:300]
    payment.save(update_fields=["refunded_at", "refund_reason"])
    return payment


def fee_name(dossier: Dossier) -> str:
    kind = "Phí" if "phí" in (dossier.procedure.fee_note or "").lower()[:4] else "Lệ phí"
    return f"{kind} {dossier.procedure.name[:1].lower()}{dossier.procedure.name[1:]}"


def receipt_pdf(payment: Payment) -> bytes:
    """The receipt (biên lai thu phí, lệ phí) with the fields Decree 123/2020 Art 32 asks for."""
    dossier = payment.dossier
    paid = timezone.localtime(payment.paid_at)
    collector = payment.recorded_by.display_name if payment.recorded_by else "Thanh toán trực tuyến"
    rows = [
        ["Tên đơn vị thu", f"Ủy ban nhân dân {dossier.unit.name}"],
        ["Người nộp", dossier.applicant_name],
        ["Địa chỉ", dossier.address or "—"],
        ["Hồ sơ", dossier.code],
        ["Tên loại phí, lệ phí", fee_name(dossier)],
        ["Số tiền", vnd(payment.amount_vnd)],
        ["Bằng chữ", amount_in_words(payment.amount_vnd)],
        ["Hình thức thanh toán", payment.get_method_display()],
        *([["Mã giao dịch", payment.reference]] if payment.reference else []),
        ["Căn cứ thu", dossier.procedure.fee_note or dossier.procedure.legal_basis or "—"],
        ["Thời điểm thu", f"{paid:%H:%M} ngày {paid:%d/%m/%Y}"],
    ]
    if payment.refunded_at:
        rows.append(
            [
                "Đã hoàn trả",
                f"{timezone.localtime(payment.refunded_at):%d/%m/%Y}: {payment.refund_reason}",
            ]
        )
    spec = DocumentSpec(
        title="BIÊN LAI THU PHÍ, LỆ PHÍ",
        subtitle=[f"Mẫu số: {RECEIPT_FORM} · Số: {payment.receipt_no}"],
        issuing_body=f"Ủy ban nhân dân {dossier.unit.name}".upper(),
        number=None,
        place="",
        body=[
            TableBlock(header=[], rows=rows, col_widths_mm=[50, 115]),
            Para(
                "Biên lai do đơn vị thu lập trên hệ thống; người nộp giữ để đối chiếu.",
                style="note",
            ),
        ],
        signatures=[
            SignatureBlock(["NGƯỜI NỘP TIỀN"], dossier.applicant_name, note="(Ký, ghi rõ họ tên)"),
            SignatureBlock(["NGƯỜI THU TIỀN"], collector, note="(Ký, ghi rõ họ tên)"),
        ],
    )
    return render_document(spec).data
