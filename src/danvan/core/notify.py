"""Notifications by email (Django's email backend) and SMS (a pluggable backend; logging by default).

``notify()`` stores one Notification row per channel inside the caller's transaction and hands the
rows to the dispatcher. The jobs app registers one at start-up (``set_dispatcher``): delivery then
runs as a background job created in the same transaction — nothing is sent if the transaction
rolls back, nothing is sent before it commits, a slow SMTP or SMS provider never holds a request,
and a failed delivery is recorded on the row and retried by the job. Without a dispatcher (this
library used on its own) delivery runs in-line after commit.
"""

import logging
from collections.abc import Callable, Iterable
from importlib import import_module

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from danvan.core.models import Notification
from danvan.core.privacy import mask_phone

log = logging.getLogger("danvan.sms")

_dispatchers: list[Callable[[list[Notification]], None]] = []


class LoggingSmsBackend:
    """Writes the SMS to the log; a real provider implements the same `send(to, text)`."""

    def send(self, to: str, text: str) -> None:
        log.info("SMS to %s: %s", mask_phone(to), text)


def sms_backend():
    path = getattr(settings, "SMS_BACKEND", "danvan.core.notify.LoggingSmsBackend")
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)()


def set_dispatcher(dispatch: Callable[[list[Notification]], None] | None) -> None:
    """Who delivers stored notifications (called inside the transaction that stored them)."""
    _dispatchers[:] = [dispatch] if dispatch else []


def deliver(note: Notification) -> bool:
    """One delivery attempt, recorded on the row: sent, or failed with the provider's error."""
    note.attempts += 1
    try:
        if note.channel == Notification.Channel.EMAIL:
            send_mail(note.subject, note.body, None, [note.to])
        else:
            sms_backend().send(note.to, note.body)
        note.state, note.error, note.sent_at = Notification.State.SENT, "", timezone.now()
    except Exception as exc:  # noqa: BLE001 - a failed delivery is recorded, never lost silently
        note.state, note.error = Notification.State.FAILED, str(exc)[:500]
    note.save(update_fields=["state", "error", "sent_at", "attempts"])
    return note.state == Notification.State.SENT


def deliver_pending(ids: Iterable[int]) -> list[Notification]:
    """Deliver those of these rows not sent yet (a retry never sends one twice); the failed ones."""
    notes = Notification.objects.filter(pk__in=list(ids)).exclude(state=Notification.State.SENT)
    return [note for note in notes.order_by("pk") if not deliver(note)]


def notify(
    kind: str, *, email: str = "", phone: str = "", subject: str, body: str, obj=None
) -> list:
    """Store the notifications and queue their delivery after commit; returns the rows created."""
    ref = (
        (f"{obj._meta.app_label}.{obj._meta.model_name}", str(obj.pk))
        if obj is not None
        else ("", "")
    )
    notes = []
    for channel, to in ((Notification.Channel.EMAIL, email), (Notification.Channel.SMS, phone)):
        if not to:
            continue
        note = Notification(
            kind=kind,
            channel=channel,
            to=to,
            subject=subject,
            body=body,
            object_type=ref[0],
            object_id=ref[1],
            state=Notification.State.PENDING,
        )
        note.save()
        notes.append(note)
    if notes:
        _dispatch(notes)
    return notes


def _dispatch(notes: list[Notification]) -> None:
    if _dispatchers:
        _dispatchers[0](notes)
        return
    for note in notes:
        transaction.on_commit(lambda n=note: deliver(n))
