"""The citizen's side of the one-stop office, as the public portal uses it: look a dossier up,
rate it, file online, pay a fee. The portal calls these and nothing else of this app."""

from urllib.parse import urlencode

from django.db import transaction

from danvan.core.errors import Invalid, NotFound
from danvan.core.models import Notification
from danvan.core.privacy import mask_email, mask_phone
from danvan.onestop import fees, files, forms, intake, notifications, payments, ratings
from danvan.onestop.forms import SEX_CHOICES, IntakeForm
from danvan.onestop.models import Channel, Dossier, PaymentIntent, Rating
from danvan.onestop.public_api import lookup, public_view
from danvan.onestop.workflow import Status

__all__ = [
    "SEX_CHOICES",
    "IntakeForm",
    "acknowledgement",
    "check_online",
    "citizen_dossiers",
    "citizen_result",
    "file_disposition",
    "file_online",
    "intake_form_context",
    "known_applicant",
    "lookup",
    "lookup_context",
    "payment_page",
    "public_view",
    "rate",
    "rating_scores",
    "read_intake_form",
    "settle_payment",
    "stage_uploads",
    "start_payment",
]

RATING_SCORES = Rating.Score.choices


def rating_scores():
    return RATING_SCORES


def lookup_context(dossier: Dossier) -> dict:
    """What the lookup page shows beside the dossier: rating, fee due, payments made."""
    return {
        "result": public_view(dossier),
        "can_rate": dossier.status == Status.RETURNED
        and not Rating.objects.filter(dossier=dossier).exists(),
        "fee_due": dossier.fee_vnd if dossier.status == Status.FINANCIAL_OBLIGATION else 0,
        "payments": dossier.payments.order_by("paid_at"),
        "can_pay_online": bool(payments.gateways()),
    }


def rate(code: str, phone4: str, score: str, comment: str, channel: str) -> Rating:
    return ratings.rate(lookup(code, phone4), score, comment[:2000], channel)


def read_intake_form(post, files) -> IntakeForm:
    return forms.read_form(post, files)


def intake_form_context(form: IntakeForm | None) -> dict:
    """The picker, sex choices and the components still missing, for the filing form."""
    return {
        "procedures": forms.procedures_for_picker(),
        "sex_choices": SEX_CHOICES,
        "missing_ids": forms.missing_component_ids(form)
        if form and form.procedure and form.errors
        else set(),
    }


def stage_uploads(form: IntakeForm) -> None:
    forms.stage_uploads(form)


def file_online(form: IntakeForm, unit, user=None) -> Dossier | None:
    """Register the online dossier, or put the intake's errors on the form and return None."""
    try:
        # A signed-in citizen files as themself: their stored documents may stand in for components.
        by = user if getattr(user, "national_id", "") else None
        dossier = intake.register(form.request(Channel.ONLINE), unit=unit, by=by, received=False)
    except Invalid as exc:
        forms.merge_domain_errors(form, exc)
        return None
    with (
        transaction.atomic()
    ):  # the submission note, by e-mail and SMS (form 01 follows on receipt)
        notifications.notify_dossier(dossier, "submitted")
    return dossier


def acknowledgement(code: str, phone4: str, user=None) -> dict:
    """The submission note the citizen prints or saves: for the code with the phone's last 4
    digits, or for the signed-in citizen's own dossier. No personal data beyond what she typed."""
    own = getattr(user, "national_id", "") if getattr(user, "is_authenticated", False) else ""
    dossier = (
        Dossier.objects.select_related("procedure", "unit__parent")
        .filter(code=code, national_id=own)
        .first()
        if own
        else None
    ) or lookup(code, phone4)
    phone4 = dossier.phone_last4
    notes = Notification.objects.filter(
        object_type="onestop.dossier", object_id=str(dossier.pk), kind="onestop.submitted"
    ).order_by("channel")
    return {
        "dossier": dossier,
        "view": public_view(dossier),
        "unit_label": " — ".join(u.name for u in (dossier.unit, dossier.unit.parent) if u),
        "expected_due": notifications.expected_due(dossier),
        "waiting": dossier.status == Status.REGISTERED_ONLINE,
        "components": list(dossier.components.order_by("id")),
        "tracking_url": notifications.lookup_url(dossier, phone4),
        "tracking_path": f"/tra-cuu/?{urlencode({'ma': dossier.code, 'so': phone4})}",
        "phone4": phone4,
        "notes": [
            {
                "channel": n.get_channel_display(),
                "to": mask_email(n.to)
                if n.channel == Notification.Channel.EMAIL
                else mask_phone(n.to),
                "state": n.get_state_display(),
            }
            for n in notes
        ],
    }


MY_DOSSIERS_LIMIT = 200


def _own_id(user) -> str:
    return getattr(user, "national_id", "") if getattr(user, "is_authenticated", False) else ""


def citizen_dossiers(user) -> list[dict]:
    """ "Hồ sơ của tôi": the signed-in citizen's own dossiers (filed under her national ID), newest
    first, each with its state, due date, what is missing, the fee still due and whether its result
    can be opened. Nothing of anyone else: the filter is her own ID, never one she types."""
    own = _own_id(user)
    if not own:
        return []
    dossiers = (
        Dossier.objects.filter(national_id=own)
        .select_related("procedure", "unit__parent")
        .order_by("-submitted_at")[:MY_DOSSIERS_LIMIT]
    )
    return [_citizen_row(d) for d in dossiers]


def _citizen_row(d: Dossier) -> dict:
    return {
        "view": public_view(d),
        "dossier": d,
        "unit_label": " — ".join(u.name for u in (d.unit, d.unit.parent) if u),
        "waiting": d.status == Status.REGISTERED_ONLINE,
        "expected_due": notifications.expected_due(d)
        if d.status == Status.REGISTERED_ONLINE
        else None,
        "fee_due": fees.due_vnd(d) if d.is_open else 0,
        "has_result": _result_released(d),
        "phone4": d.phone_last4,
    }


def _result_released(d: Dossier) -> bool:
    # The result is hers once handed over (on paper or electronically): before that it may still
    # wait for the seal or the fee.
    return d.status == Status.RETURNED and bool(d.result_file)


def citizen_result(user, code: str, *, download: bool):
    """(DossierFile, bytes) of the result of her own returned dossier, opened through the dossier
    files gate (audited). Another person's dossier, or one without a result, answers not found."""
    own = _own_id(user)
    d = (
        Dossier.objects.select_related("procedure", "unit")
        .filter(code=code, national_id=own)
        .first()
        if own
        else None
    )
    if d is None or not _result_released(d):
        raise NotFound("dossier.result_not_found", "Không tìm thấy kết quả của hồ sơ này.")
    return files.open_file(user, d, files.RESULT_ID, purpose="download" if download else "view")


def file_disposition(file_name: str, *, download: bool) -> str:
    return files.disposition(file_name, download=download)


def check_online(form: IntakeForm) -> None:
    """Every intake error at once, on a form that already failed on something else."""
    try:
        intake.validate(form.request(Channel.ONLINE))
    except Invalid as exc:
        forms.merge_domain_errors(form, exc)


def known_applicant(national_id: str, phone4: str) -> dict:
    return forms.known_applicant(Dossier.objects.all(), national_id, phone4)


def own_applicant_data(national_id: str) -> dict:
    """A signed-in citizen's own details from her latest dossier (the caller checked the ID is
    hers)."""
    return forms.known_applicant(Dossier.objects.all(), national_id, None)


def last_unit_of(national_id: str):
    """The unit where this citizen filed her latest dossier (the default of the online picker)."""
    if not national_id:
        return None
    last = (
        Dossier.objects.filter(national_id=national_id)
        .select_related("unit__parent")
        .order_by("-submitted_at")
        .first()
    )
    return last.unit if last else None


def start_payment(code: str, phone4: str, provider: str) -> str:
    """The bank's page for paying this dossier's fee."""
    _intent, url = payments.start(lookup(code, phone4), provider)
    return url


def _fake_gateway():
    gw = payments.gateways().get("fake")
    if gw is None:
        raise NotFound("payment.unknown_gateway", "Không có cổng thanh toán này.")
    return gw


def payment_page(reference: str, *, choice: str | None = None):
    """The stand-in bank page (only while FakeGateway is configured): the intent and gateway, and,
    when the payer chose, the signed fields the bank would send back (already settled)."""
    gw = _fake_gateway()
    intent = (
        PaymentIntent.objects.select_related("dossier__unit")
        .filter(reference=reference[:64])
        .first()
    )
    if intent is None:
        raise NotFound("payment.not_found", "Không tìm thấy giao dịch thanh toán.")
    fields = None
    if choice is not None and intent.state == PaymentIntent.State.PENDING:
        fields = gw.notification(intent, paid=choice == "pay")
        payments.settle(gw.name, fields)  # the bank's server-to-server notification
    return intent, gw, fields


def settle_payment(provider: str, fields: dict) -> PaymentIntent:
    return payments.settle(provider[:32], fields)
