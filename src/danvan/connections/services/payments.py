"""The national payment platform (Nền tảng thanh toán tập trung of the National Public Service
Portal) behind the platform's payment-gateway interface (``danvan.onestop.payments.Gateway``):

- INIT: ``start_url`` sends the payment (MaThamChieu, SoTien, ThongTinBienLai, the return and
  notification URLs, MaXacThuc) and returns the platform's payment page;
- CONFIRM: the platform's server-to-server callback (``/api/v1/public/national-payment/confirm``)
  goes through ``onestop.payments.settle``, the one place a notification becomes a payment
  (locked, idempotent: a duplicate changes nothing). A success is settled at once; a failure is
  only a hint — the callback may be late or out of order — so the platform is asked (QUERY) and
  its answer settles it;
- QUERY: ``reconcile`` asks about every intent still pending (a job, every few minutes while any
  is pending; also ``danvan outbox reconcile``);
- GET_BILL: ``receipt`` fetches the e-receipt (PDF) of a paid intent.

Enable it by adding "danvan.connections.services.payments.NationalPlatformGateway" to PAYMENT_GATEWAYS.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.connections import signing
from danvan.connections.client import SendError, post
from danvan.connections.conf import conf
from danvan.core.errors import Conflict, Invalid, NotFound

log = logging.getLogger("danvan.payments")

NAME = "national"
PAID, PENDING, FAILED = "1", "3", "4"  # TrangThaiGD
RECONCILE_AFTER = dt.timedelta(minutes=2)
RECONCILE_EVERY = dt.timedelta(minutes=5)
RECONCILE_KIND = "connections.payment_reconcile"


def _unavailable(exc: Exception) -> Conflict:
    return Conflict(
        "payment.platform_unavailable",
        _("Nền tảng thanh toán quốc gia chưa trả lời (%(why)s); vui lòng thử lại sau ít phút.")
        % {"why": str(exc)[:200]},
    )


def _call(operation: str, body: dict) -> dict:
    c = conf()
    try:
        answer = post(f"{c.payment_url}/{operation}" if c.payment_url else "", body, token=c.token)
    except SendError as exc:
        raise _unavailable(exc) from exc
    return answer.body


class NationalPlatformGateway:
    name = NAME
    label = "Nền tảng thanh toán của Cổng Dịch vụ công quốc gia"

    def init_message(self, intent) -> dict:
        dossier = intent.dossier
        message = {
            "MaThamChieu": intent.reference,
            "SoTien": str(intent.amount_vnd),
            "ThongTinBienLai": {
                "MaHoSo": dossier.code,
                "MaTTHC": dossier.procedure.code,
                "HoTenNguoiNop": dossier.applicant_name,
                "DanhSachPhiLePhi": [
                    {
                        "TenPhiLePhi": f"Phí, lệ phí: {dossier.procedure.name}"[:255],
                        "SoTien": str(intent.amount_vnd),
                    }
                ],
            },
            "UrlTraVe": f"{settings.SITE_URL}/tra-cuu/?ma={dossier.code}",
            "UrlThongBao": f"{settings.SITE_URL}/api/v1/public/national-payment/confirm",
        }
        message["MaXacThuc"] = signing.sign(message, signing.INIT_FIELDS, conf().payment_secret)
        return message

    def start_url(self, intent) -> str:
        answer = _call("INIT", self.init_message(intent))
        url = str(answer.get("UrlThanhToan", ""))
        if str(answer.get("error_code")) != "0" or not url:
            raise _unavailable(Exception(answer.get("message", "")))
        return url

    def parse(self, data: dict):
        from danvan.onestop.payments import Notification

        fields = {k: str(data.get(k, ""))[:100] for k in (*signing.CONFIRM_FIELDS, "MaXacThuc")}
        if not signing.verify(fields, signing.CONFIRM_FIELDS, conf().payment_secret):
            raise Invalid(
                "payment.bad_signature",
                _("Thông báo thanh toán không có mã xác thực hợp lệ của nền tảng thanh toán."),
            )
        if not fields["SoTien"].isdigit():
            raise Invalid("payment.bad_amount", _("Số tiền trong thông báo không hợp lệ."))
        paid = fields["MaLoi"] == "00"
        return Notification(
            reference=fields["MaThamChieu"],
            amount_vnd=int(fields["SoTien"]),
            paid=paid,
            transaction=fields["MaGiaoDich"],
            message="" if paid else _("Nền tảng thanh toán báo giao dịch không thành công."),
        )

    def signed_confirm(self, ref: str, amount: str, code: str, transaction: str) -> dict:
        """A CONFIRM built from the platform's QUERY answer (reconciliation settles through the
        same ``settle``)."""
        message = {"MaThamChieu": ref, "SoTien": amount, "MaLoi": code, "MaGiaoDich": transaction}
        message["MaXacThuc"] = signing.sign(message, signing.CONFIRM_FIELDS, conf().payment_secret)
        return message


def query(reference: str) -> dict:
    message = {"MaThamChieu": reference}
    message["MaXacThuc"] = signing.sign(message, signing.QUERY_FIELDS, conf().payment_secret)
    return _call("QUERY", message)


def settle_from_query(intent) -> str:
    """Ask the platform about one intent and settle it by its answer: "paid", "failed" or
    "pending" (left as it is)."""
    from danvan.onestop import payments

    answer = query(intent.reference)
    state = str(answer.get("TrangThaiGD", ""))
    if str(answer.get("error_code")) != "0" or state not in (PAID, FAILED):
        return "pending"
    gw = NationalPlatformGateway()
    code = "00" if state == PAID else "24"
    amount = str(answer.get("SoTien", intent.amount_vnd))
    payments.settle(
        NAME, gw.signed_confirm(intent.reference, amount, code, answer.get("MaGiaoDich", ""))
    )
    return "paid" if state == PAID else "failed"


def confirm(data: dict) -> dict:
    """The CONFIRM callback. Returns the platform's expected reply."""
    from danvan.audit.services import record
    from danvan.onestop import payments
    from danvan.onestop.models import PaymentIntent

    gw = NationalPlatformGateway()
    try:
        note = gw.parse(data)  # a forged or broken callback stops here, audited
    except Invalid as exc:
        record("onestop.payment.rejected", data={"reason": exc.code, "provider": NAME})
        raise
    if note.paid:
        intent = payments.settle(NAME, data)
        return {"MaLoi": "00", "MoTa": "Đã ghi nhận", "TrangThai": intent.state}
    intent = PaymentIntent.objects.filter(reference=note.reference, provider=NAME).first()
    if intent is None:
        raise NotFound("payment.not_found", _("Không tìm thấy giao dịch thanh toán."))
    if intent.state == PaymentIntent.State.PENDING:
        settle_from_query(intent)
        intent.refresh_from_db()
    return {"MaLoi": "00", "MoTa": "Đã ghi nhận", "TrangThai": intent.state}


def reconcile(*, older_than: dt.timedelta = RECONCILE_AFTER) -> dict:
    """QUERY every national-platform intent pending for longer than ``older_than``."""
    from danvan.onestop.models import PaymentIntent

    counts = {"paid": 0, "failed": 0, "pending": 0, "error": 0}
    pending = PaymentIntent.objects.filter(
        provider=NAME,
        state=PaymentIntent.State.PENDING,
        created_at__lte=timezone.now() - older_than,
    ).order_by("created_at")
    for intent in pending[:500]:
        try:
            counts[settle_from_query(intent)] += 1
        except Conflict:
            counts["error"] += 1
    return counts


def schedule_reconcile(when: dt.datetime | None = None) -> None:
    from danvan.jobs import services as jobs
    from danvan.jobs.models import Job, JobState

    if settings.JOBS_RUNNER == "immediate" or not conf().payment_url:
        return
    if Job.objects.filter(kind=RECONCILE_KIND, state=JobState.QUEUED).exists():
        return
    when = when or timezone.now() + RECONCILE_EVERY
    jobs.start(RECONCILE_KIND, title=_("Đối soát thanh toán với nền tảng quốc gia"), run_after=when)


def connect(post_save) -> None:
    from danvan.onestop.models import PaymentIntent

    post_save.connect(on_intent, sender=PaymentIntent, dispatch_uid="connections.payments")


def on_intent(sender, instance, created, raw=False, **kwargs) -> None:
    """A national-platform intent opened: make sure a reconciliation is scheduled."""
    if created and not raw and instance.provider == NAME:
        from django.db import transaction

        transaction.on_commit(schedule_reconcile, robust=True)


# --- e-receipts -------------------------------------------------------------------------------


@dataclass
class Receipt:
    number: str
    pdf: bytes


class ReceiptProvider(Protocol):
    """Who issues the e-receipt of an online payment (the national platform, a provincial
    e-invoice provider…)."""

    name: str

    def fetch(self, intent) -> Receipt: ...


class NationalPlatformReceipts:
    name = NAME

    def fetch(self, intent) -> Receipt:
        message = {"MaThamChieu": intent.reference}
        message["MaXacThuc"] = signing.sign(message, signing.QUERY_FIELDS, conf().payment_secret)
        answer = _call("GET_BILL", message)
        if str(answer.get("error_code")) != "0":
            raise Conflict(
                "payment.no_receipt",
                _("Chưa lấy được biên lai: %(why)s")
                % {"why": str(answer.get("message", ""))[:200]},
            )
        try:
            pdf = base64.b64decode(str(answer.get("BienLai", "")), validate=True)
        except ValueError as exc:
            raise Conflict("payment.no_receipt", _("Biên lai trả về không đọc được.")) from exc
        if not pdf.startswith(b"%PDF"):
            raise Conflict("payment.no_receipt", _("Biên lai trả về không phải tệp PDF."))
        return Receipt(number=str(answer.get("SoBienLai", ""))[:60], pdf=pdf)


RECEIPT_PROVIDERS = {NAME: NationalPlatformReceipts()}


def receipt(intent) -> Receipt:
    from danvan.onestop.models import PaymentIntent

    if intent.state != PaymentIntent.State.PAID:
        raise Conflict("payment.not_paid", _("Giao dịch chưa thanh toán: chưa có biên lai."))
    provider = RECEIPT_PROVIDERS.get(intent.provider)
    if provider is None:
        raise NotFound("payment.no_receipt_provider", _("Không có nơi cấp biên lai điện tử này."))
    return provider.fetch(intent)


def receipt_for(user, code: str) -> tuple[object, Receipt]:
    """The e-receipt of a dossier's fee paid on the national platform (GET_BILL), for the
    officials of the dossier's unit and for the citizen it belongs to (her account's national ID
    is the dossier's); anyone else is told the dossier is not found. Audited."""
    from danvan.accounts.models import Role
    from danvan.audit.services import record
    from danvan.onestop.models import Dossier, PaymentIntent
    from danvan.onestop.services import visible_dossier

    staff = (Role.COUNTER_CLERK, Role.SPECIALIST, Role.SIGNER, Role.OFFICE_CLERK)
    national_id = str(getattr(user, "national_id", "") or "")
    mine = Dossier.objects.filter(code=code[:60], national_id=national_id).first()
    dossier = mine if national_id and mine is not None else visible_dossier(user, code, staff)
    intent = (
        PaymentIntent.objects.filter(dossier=dossier, provider=NAME, state=PaymentIntent.State.PAID)
        .order_by("-id")
        .first()
    )
    if intent is None:
        raise Conflict(
            "payment.no_receipt",
            _(
                "Hồ sơ chưa có khoản phí nào nộp qua nền tảng thanh toán quốc gia: chưa có biên lai điện tử."
            ),
        )
    found = receipt(intent)
    with transaction.atomic():
        record(
            "connections.receipt.downloaded",
            actor=user,
            unit=dossier.unit,
            obj=dossier,
            data={"dossier": dossier.code, "receipt": found.number},
        )
    return dossier, found
