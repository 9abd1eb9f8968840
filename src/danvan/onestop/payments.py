"""Online payment of fees through a payment gateway (SPEC §2, issue 3 item 11).

A gateway is anything with the `Gateway` shape: it turns a `PaymentIntent` into the URL the
payer is sent to, and checks the signed notification the provider sends back (server-to-server
"IPN" and the browser's return both carry it). `FakeGateway` is the one implementation shipped:
a local page standing in for the bank, signing its notifications with HMAC like real Vietnamese
gateways (VNPay, MoMo…) do, so the whole flow runs offline in the demo and the tests. A real
provider plugs in by naming its class in the PAYMENT_GATEWAYS setting.

Whatever the channel, `settle()` is the only place that turns a notification into a payment:
it locks the intent, is idempotent (a replayed or duplicate notification records nothing
twice), refuses a wrong amount or a forged signature, and moves the dossier out of
"financial obligation" through the one transition function.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan import workflow
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import Conflict, Invalid, NotFound
from danvan.onestop import services
from danvan.onestop.models import Dossier, Payment, PaymentIntent
from danvan.onestop.states import Status
from danvan.workflow import NEW, Transition, Workflow

register(
    "onestop.payment.rejected", gettext_lazy("Từ chối thông báo thanh toán không hợp lệ ({reason})")
)

P = PaymentIntent.State


def _finished(ctx) -> None:
    intent = ctx.obj
    intent.provider_transaction = (ctx.data.get("transaction") or "")[:100]
    intent.finished_at = ctx.now
    intent.message = (ctx.data.get("message") or "")[:300]


def _paid(ctx) -> None:
    _finished(ctx)
    ctx.obj.payment = Payment.objects.get(receipt_no=ctx.data["receipt_no"])


# An intent's life: opened for the dossier's fee, then settled once by the gateway's signed
# notification (never by a person); a settled intent is closed, a replay changes nothing.
PAYMENT_FLOW = Workflow(
    name="onestop.payment",
    model=PaymentIntent,
    states=P,
    closed={P.PAID, P.FAILED, P.CANCELLED},
    error_prefix="payment",
    noun=gettext_lazy("giao dịch thanh toán"),
    unit_of=lambda intent: intent.dossier.unit,
    select_related=("dossier__unit",),
    audit_object=lambda intent: intent.dossier,  # on the dossier's audit trail
    audit_data=lambda ctx: {
        "code": ctx.obj.dossier.code,
        "amount": ctx.obj.amount_vnd,
        "reference": ctx.obj.reference,
    },
    sample="danvan.onestop.samples.payment_intent",
    transitions=[
        Transition(
            "start",
            gettext_lazy("Bắt đầu thanh toán trực tuyến"),
            {NEW},
            P.PENDING,
            audit="started",
            sentence=gettext_lazy("Bắt đầu thanh toán trực tuyến hồ sơ {code} ({amount} đ)"),
        ),
        Transition(
            "pay",
            gettext_lazy("Thanh toán thành công"),
            {P.PENDING},
            P.PAID,
            effect=_paid,
            audit="paid",
            sentence=gettext_lazy("Thanh toán trực tuyến thành công hồ sơ {code} ({amount} đ)"),
        ),
        Transition(
            "fail",
            gettext_lazy("Thanh toán không thành công"),
            {P.PENDING},
            P.FAILED,
            effect=_finished,
            audit="failed",
            sentence=gettext_lazy("Thanh toán trực tuyến không thành công hồ sơ {code}"),
        ),
        Transition(
            "refund",
            gettext_lazy("Cần hoàn trả (hồ sơ không còn chờ nộp phí)"),
            {P.PENDING},
            P.FAILED,
            effect=_finished,
            audit="refund_needed",
            sentence=gettext_lazy("Nhận tiền khi hồ sơ {code} không còn chờ nộp phí: cần hoàn trả"),
        ),
    ],
)


@dataclass
class Notification:
    """What a provider tells us about one payment, after its signature was checked."""

    reference: str
    amount_vnd: int
    paid: bool
    transaction: str = ""
    message: str = ""


class Gateway(Protocol):
    name: str
    label: str

    def start_url(self, intent: PaymentIntent) -> str: ...

    def parse(self, data: dict) -> Notification: ...


class FakeGateway:
    """A local stand-in for a bank gateway: HMAC-SHA256-signed notifications."""

    name = "fake"
    label = "Cổng thanh toán thử nghiệm"

    def _key(self) -> bytes:
        return hashlib.sha256(f"fake-gateway:{settings.SECRET_KEY}".encode()).digest()

    def sign(self, fields: dict) -> str:
        text = "&".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "signature")
        return hmac.new(self._key(), text.encode(), hashlib.sha256).hexdigest()

    def start_url(self, intent: PaymentIntent) -> str:
        return reverse("portal:fake_gateway", args=[intent.reference])

    def notification(self, intent: PaymentIntent, *, paid: bool) -> dict:
        """The signed fields the bank sends back (used by the fake bank page and the tests)."""
        fields = {
            "reference": intent.reference,
            "amount": str(intent.amount_vnd),
            "result": "00" if paid else "24",
            "transaction": f"FAKE{secrets.token_hex(6).upper()}",
        }
        fields["signature"] = self.sign(fields)
        return fields

    def parse(self, data: dict) -> Notification:
        fields = {
            k: str(data.get(k, ""))[:100] for k in ("reference", "amount", "result", "transaction")
        }
        given = str(data.get("signature", ""))
        if not given or not hmac.compare_digest(given, self.sign(fields)):
            raise Invalid(
                "payment.bad_signature",
                "Thông báo thanh toán không có chữ ký hợp lệ của cổng thanh toán.",
            )
        if not fields["amount"].isdigit():
            raise Invalid("payment.bad_amount", "Số tiền trong thông báo thanh toán không hợp lệ.")
        return Notification(
            reference=fields["reference"],
            amount_vnd=int(fields["amount"]),
            paid=fields["result"] == "00",
            transaction=fields["transaction"],
            message="" if fields["result"] == "00" else "Người nộp hủy hoặc ngân hàng từ chối.",
        )


def gateways() -> dict[str, Gateway]:
    paths = settings.PAYMENT_GATEWAYS
    found = {}
    for path in paths:
        gateway = import_string(path)()
        found[gateway.name] = gateway
    return found


def gateway(name: str) -> Gateway:
    found = gateways().get(name)
    if found is None:
        raise NotFound("payment.unknown_gateway", "Không có cổng thanh toán này.")
    return found


def start(dossier: Dossier, provider: str = "") -> tuple[PaymentIntent, str]:
    """Open (or reuse) a pending intent for the dossier's fee; returns it and the payer's URL."""
    gw = gateway(provider or next(iter(gateways()), ""))
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.status != Status.FINANCIAL_OBLIGATION or not dossier.fee_vnd:
            raise Conflict(
                "payment.not_due", "Hồ sơ này hiện không có khoản phí, lệ phí nào cần nộp."
            )
        intent = dossier.payment_intents.filter(
            state=PaymentIntent.State.PENDING, provider=gw.name, amount_vnd=dossier.fee_vnd
        ).first()
        if intent is None:
            intent = PaymentIntent(
                dossier=dossier,
                provider=gw.name,
                amount_vnd=dossier.fee_vnd,
                reference=clean_reference(dossier.code),
            )
            workflow.create(intent, "start", by=None, system=f"payment:{gw.name}")
    return intent, gw.start_url(intent)


def clean_reference(dossier_code: str) -> str:
    """ "000.00.070.H01-261202-0005" -> "00000070H01-261202-0005-3F9A1C2B": letters, digits and
    hyphens only (gateways reject dots), the whole dossier code kept, a random tail per attempt."""
    base = "".join(ch for ch in dossier_code if ch.isascii() and (ch.isalnum() or ch == "-"))
    return f"{base.strip('-')[:48]}-{secrets.token_hex(4).upper()}"


def settle(provider: str, data: dict) -> PaymentIntent:
    """Apply one signed notification. Idempotent; never records a payment twice."""
    gw = gateway(provider)
    try:
        note = gw.parse(data)
    except Invalid as exc:
        record("onestop.payment.rejected", data={"reason": exc.code, "provider": provider})
        raise
    with transaction.atomic():
        intent = (
            PaymentIntent.objects.select_for_update()
            .select_related("dossier")
            .filter(reference=note.reference, provider=gw.name)
            .first()
        )
        if intent is None:
            raise NotFound("payment.not_found", "Không tìm thấy giao dịch thanh toán.")
        if intent.state != PaymentIntent.State.PENDING:
            return intent  # a replayed or duplicate notification: already settled
        if note.amount_vnd != intent.amount_vnd:
            # Kept (not rolled back with an exception): someone or something sent a wrong amount.
            record(
                "onestop.payment.rejected",
                obj=intent.dossier,
                data={"reason": "payment.amount_mismatch", "reference": intent.reference},
            )
            mismatch = True
        else:
            mismatch = False
            intent = _apply(intent, note, gw)
    if mismatch:
        raise Invalid(
            "payment.amount_mismatch", "Số tiền đã thanh toán không khớp với số tiền phải nộp."
        )
    return intent


def _apply(intent: PaymentIntent, note: Notification, gw: Gateway) -> PaymentIntent:
    if not note.paid:
        return _settle(intent, "fail", gw, note, message=note.message)
    cmd = services.Command(
        action="record_payment",
        payment_method=Payment.Method.ONLINE,
        data={"reference": f"{gw.name}:{note.transaction[:100] or intent.reference}"},
    )
    try:
        with transaction.atomic():
            services.transition(intent.dossier_id, cmd, by=None, system=f"payment:{gw.name}")
    except Conflict:
        # Paid at the counter meanwhile, or the dossier was closed: the money must go back.
        message = _("Hồ sơ không còn chờ nộp phí khi nhận được tiền: cần hoàn trả cho người nộp.")
        return _settle(intent, "refund", gw, note, message=message)
    return _settle(intent, "pay", gw, note, receipt_no=cmd.data["receipt_no"])


def _settle(intent: PaymentIntent, action: str, gw: Gateway, note: Notification, **data):
    return workflow.transition(
        intent,
        action,
        by=None,
        system=f"payment:{gw.name}",
        expected_version=intent.version,
        transaction=note.transaction,
        **data,
    )
