"""Notifications by email (Django's email backend) and SMS (a pluggable backend; logging by default)."""

import logging
from importlib import import_module

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from danvan.core.models import Notification
from danvan.core.privacy import mask_phone

log = logging.getLogger("danvan.sms")


class LoggingSmsBackend:
    """Writes the SMS to the log; a real provider implements the same `send(to, text)`."""

    def send(self, to: str, text: str) -> None:
        log.info("SMS to %s: %s", mask_phone(to), text)


def sms_backend():
    path = getattr(settings, "SMS_BACKEND", "danvan.core.notify.LoggingSmsBackend")
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)()


def _deliver(note: Notification) -> None:
    try:
        if note.channel == Notification.Channel.EMAIL:
            send_mail(note.subject, note.body, None, [note.to])
        else:
            sms_backend().send(note.to, note.body)
        note.state = Notification.State.SENT
    except Exception as exc:  # noqa: BLE001 - a failed delivery is recorded, never lost silently
        note.state, note.error = Notification.State.FAILED, str(exc)[:500]
    note.save()


def notify(
    kind: str, *, email: str = "", phone: str = "", subject: str, body: str, obj=None
) -> list:
    """Queue delivery after the surrounding transaction commits; returns the rows created."""
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
        transaction.on_commit(lambda n=note: _deliver(n))
        notes.append(note)
    return notes
