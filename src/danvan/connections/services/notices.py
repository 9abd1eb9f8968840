"""Citizen notifications through the outbox, and the citizen's choice of channels and topics.

``core.notify.notify()`` stores one Notification row per channel (email, phone) in the caller's
transaction; this module is its dispatcher (``apps.py`` installs it): inside the same transaction
it writes one outbox message per row (kind ``notify``). The outbox worker then sends it with
retries, backoff and jitter (services/outbox.py), and the sender below:

- honours the citizen's preference (CitizenPreference, by the dossier's national ID, else by her
  account's phone or email) at the time of sending: a topic she turned off, or a channel she does
  not want, is not sent (the message ends "skipped"); Zalo OA instead of SMS when she asked for it,
  falling back to SMS when Zalo does not take it;
- never sends the legally required notices less: supplement requested, refusal, apology with a new
  date (Decree 61/2018, art. 15–19; Decree 107/2021) go to every contact of the dossier whatever she
  chose (by Zalo instead of SMS if that is her choice);
- sends one message per event even when the worker runs twice: the outbox claims each attempt with
  a compare-and-set, every attempt of one message carries the same request id (the provider and the
  fake answer a repeat from memory), and a Notification already marked sent is not sent again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.connections.client import SendError
from danvan.connections.models import CitizenPreference, OutboxMessage
from danvan.connections.services import outbox, providers
from danvan.core.errors import Forbidden, Invalid
from danvan.core.models import Notification
from danvan.core.privacy import mask_email, mask_phone

KIND = "notify"


@dataclass(frozen=True)
class Topic:
    kind: str  # core.notify kind
    label: str
    required: bool = False  # the authority must tell the citizen: no opt-out
    group: str = "dossier"  # the heading it is shown under on her page: "dossier" or "petition"


# What a citizen can be told about her dossiers (onestop/notifications.py), in the order of a
# dossier's life, then about her petitions (grassroots/notices.py). Oversight sends citizens
# nothing today (a dialogue's questions keep no contact of the person who asked).
TOPICS = [
    Topic("onestop.received", gettext_lazy("Đã tiếp nhận hồ sơ, ngày hẹn trả")),
    Topic("onestop.supplement", gettext_lazy("Yêu cầu bổ sung, hoàn thiện hồ sơ"), required=True),
    Topic("onestop.payment", gettext_lazy("Mời nộp phí, lệ phí")),
    Topic("onestop.result_ready", gettext_lazy("Hồ sơ đã có kết quả")),
    Topic("onestop.overdue", gettext_lazy("Hồ sơ quá hạn giải quyết")),
    Topic(
        "onestop.apology",
        gettext_lazy("Thư xin lỗi và hẹn lại ngày trả kết quả"),
        required=True,
    ),
    Topic(
        "onestop.refused", gettext_lazy("Từ chối tiếp nhận hoặc giải quyết hồ sơ"), required=True
    ),
    # Her petitions (grassroots/notices.py): received, transferred, answered.
    Topic(
        "grassroots.filed",
        gettext_lazy("Đã nhận đơn phản ánh, kiến nghị (mã theo dõi)"),
        group="petition",
    ),
    Topic(
        "grassroots.transferred",
        gettext_lazy("Đơn được chuyển cơ quan có thẩm quyền"),
        group="petition",
    ),
    Topic(
        "grassroots.answered",
        gettext_lazy("Trả lời đơn phản ánh, kiến nghị"),
        required=True,
        group="petition",
    ),
]
BY_KIND = {t.kind: t for t in TOPICS}
REQUIRED = {t.kind for t in TOPICS if t.required}
OPTIONAL = [t.kind for t in TOPICS if not t.required]
GROUPS = {
    "dossier": gettext_lazy("Hồ sơ thủ tục hành chính"),
    "petition": gettext_lazy("Đơn phản ánh, kiến nghị"),
}


# --- writing (the core.notify dispatcher) ------------------------------------------------------


def _subject_model(object_type: str):
    """The model of the records citizens are told about (dossiers, petitions), or None."""
    if object_type == "onestop.dossier":
        from danvan.onestop.models import Dossier

        return Dossier
    if object_type == "grassroots.petition":
        from danvan.grassroots.models import Petition

        return Petition
    return None


NATIONAL_ID_FIELD = {
    "onestop.dossier": "national_id",
    "grassroots.petition": "petitioner_national_id",
}


def _units_of(notes: list[Notification]) -> dict[tuple[str, str], int]:
    """{(object type, id): its unit id} for the notes about dossiers and petitions, one query per
    type (a dossier's email and SMS come together)."""
    found = {}
    for object_type in NATIONAL_ID_FIELD:
        ids = {n.object_id for n in notes if n.object_type == object_type and n.object_id.isdigit()}
        if ids:
            rows = _subject_model(object_type).objects.filter(pk__in=ids)
            found |= {
                (object_type, str(pk)): unit for pk, unit in rows.values_list("pk", "unit_id")
            }
    return found


def _label(note: Notification) -> str:
    to = mask_email(note.to) if note.channel == Notification.Channel.EMAIL else mask_phone(note.to)
    channel = _("thư điện tử") if note.channel == Notification.Channel.EMAIL else _("điện thoại")
    return f"{_('Thông báo')} ({channel} {to}): {note.subject or note.body}"


def dispatch(notes: list[Notification]) -> None:
    """Called by core.notify inside the transaction that stored the rows: one outbox message per
    row (never two: the row's id is the message's object id, checked before writing)."""
    already = set(
        OutboxMessage.objects.filter(
            kind=KIND, object_type="core.notification", object_id__in=[str(n.pk) for n in notes]
        ).values_list("object_id", flat=True)
    )
    units = _units_of(notes)
    for note in notes:
        if str(note.pk) in already:
            continue
        outbox.enqueue(
            KIND,
            f"notify:{note.pk}",
            {"notification": note.pk, "channel": note.channel, "kind": note.kind},
            obj=note,
            unit_id=units.get((note.object_type, note.object_id)),
            label=_label(note),
        )


# --- the citizen's preference ------------------------------------------------------------------


def citizen_of(note: Notification) -> str:
    """The national ID of the citizen a notification is for (the dossier's applicant, the
    petitioner), or ""."""
    model = _subject_model(note.object_type)
    if model is not None and note.object_id.isdigit():
        field = NATIONAL_ID_FIELD[note.object_type]
        found = model.objects.filter(pk=note.object_id).values_list(field, flat=True).first()
        if found:
            return found
    from danvan.accounts.models import User

    field = "email__iexact" if note.channel == Notification.Channel.EMAIL else "phone"
    ids = set(
        User.objects.filter(**{field: note.to})
        .exclude(national_id="")
        .values_list("national_id", flat=True)[:2]
    )
    return ids.pop() if len(ids) == 1 else ""


def preference_for(national_id: str) -> CitizenPreference:
    """Hers, or the defaults (SMS and email, every topic) unsaved."""
    found = (
        CitizenPreference.objects.filter(national_id=national_id).first() if national_id else None
    )
    return found or CitizenPreference(national_id=national_id)


@dataclass(frozen=True)
class Route:
    channel: str  # "email", "sms", "zalo" or "" (not sent)
    fallback_sms: bool = False
    reason: str = ""


def route(note: Notification, pref: CitizenPreference) -> Route:
    """How this notification goes out, given her preference."""
    required = note.kind in REQUIRED
    if not required and note.kind in (pref.muted or []):
        return Route("", reason=_("Công dân đã tắt loại thông báo này."))
    if note.channel == Notification.Channel.EMAIL:
        if pref.email or required:
            return Route("email")
        return Route("", reason=_("Công dân không nhận thông báo qua thư điện tử."))
    if pref.zalo and providers.zalo_configured():
        return Route("zalo", fallback_sms=pref.sms or required)
    if pref.sms or required or (pref.zalo and not providers.zalo_configured()):
        # Zalo chosen but not connected in this province: SMS still tells her.
        return Route("sms")
    return Route("", reason=_("Công dân không nhận thông báo qua tin nhắn."))


def _request_id(message: OutboxMessage, provider: str) -> str:
    return f"{message.public_id.hex}-{provider}"


def send(message: OutboxMessage) -> dict:
    """The outbox sender of kind ``notify``: one attempt; the provider's answer, or SendError."""
    note = Notification.objects.filter(pk=message.payload.get("notification")).first()
    if note is None:
        raise SendError(_("Không còn thông báo này."), retry=False)
    if note.state == Notification.State.SENT:
        return {"already_sent": True}  # an earlier attempt got through; its answer was lost
    pref = preference_for(citizen_of(note))
    way = route(note, pref)
    if not way.channel:
        note.state, note.error = Notification.State.FAILED, f"{_('Không gửi')}: {way.reason}"
        note.save(update_fields=["state", "error"])
        return {"skipped": way.reason}
    note.attempts += 1
    try:
        answer = _deliver(message, note, way)
    except SendError as exc:
        note.state, note.error = Notification.State.FAILED, str(exc)[:500]
        note.save(update_fields=["state", "error", "attempts"])
        raise
    note.state, note.error, note.sent_at = Notification.State.SENT, "", timezone.now()
    note.save(update_fields=["state", "error", "sent_at", "attempts"])
    return answer


def _deliver(message: OutboxMessage, note: Notification, way: Route) -> dict:
    if way.channel == "email":
        return providers.send_email(
            note.to, note.subject, note.body, _request_id(message, "email"), outbox=message
        )
    if way.channel == "zalo":
        try:
            return providers.send_zalo(
                note.to, note.body, _request_id(message, "zalo"), outbox=message
            )
        except SendError:
            if not way.fallback_sms:
                raise
            # Not on Zalo, or Zalo down: the brand-name SMS still tells her.
    return providers.send_sms(note.to, note.body, _request_id(message, "sms"), outbox=message)


outbox.register(outbox.Sender(KIND, gettext_lazy("Thông báo cho công dân"), send))


# --- the citizen's page ------------------------------------------------------------------------


def require_citizen(user) -> str:
    from danvan.core.identifiers import is_national_id

    national_id = getattr(user, "national_id", "") or ""
    if not getattr(user, "is_authenticated", False) or not is_national_id(national_id):
        raise Forbidden(
            "notify.not_citizen",
            _("Tài khoản chưa gắn với số định danh cá nhân; hãy xác thực tại Bộ phận Một cửa."),
        )
    return national_id


def save_preference(
    user, *, sms: bool, zalo: bool, email: bool, muted: list[str]
) -> CitizenPreference:
    """The citizen sets her channels and topics; audited (what changed, never her contacts)."""
    from danvan.audit.services import record

    national_id = require_citizen(user)
    unknown = [k for k in muted if k not in BY_KIND]
    if unknown:
        raise Invalid("notify.bad_topic", _("Loại thông báo không hợp lệ."))
    muted = sorted({k for k in muted if k not in REQUIRED})
    with transaction.atomic():
        pref = preference_for(national_id)
        before = {"sms": pref.sms, "zalo": pref.zalo, "email": pref.email, "muted": pref.muted}
        pref.sms, pref.zalo, pref.email, pref.muted = sms, zalo, email, muted
        pref.updated_at = timezone.now()
        pref.save()
        after = {"sms": sms, "zalo": zalo, "email": email, "muted": muted}
        record(
            "connections.notify.preference",
            actor=user,
            obj=pref,
            data={"channels": _channels_text(pref), "before": before, "after": after},
        )
    return pref


def _channels_text(pref: CitizenPreference) -> str:
    names = [
        name for on, name in ((pref.sms, "SMS"), (pref.zalo, "Zalo"), (pref.email, "email")) if on
    ]
    return ", ".join(names) or "không kênh nào"


def history_for(national_id: str, limit: int = 20):
    """The last notifications about her dossiers and petitions and what became of them (her
    page)."""
    from django.db.models import Q

    about = Q(pk__in=[])
    for object_type, field in NATIONAL_ID_FIELD.items():
        rows = _subject_model(object_type).objects.filter(**{field: national_id})
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        about |= Q(object_type=object_type, object_id__in=ids)
    notes = list(Notification.objects.filter(about).order_by("-at", "-id")[:limit])
    states = dict(
        OutboxMessage.objects.filter(
            kind=KIND, object_type="core.notification", object_id__in=[str(n.pk) for n in notes]
        ).values_list("object_id", "state")
    )
    return [(note, states.get(str(note.pk), note.state)) for note in notes]
