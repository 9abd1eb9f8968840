"""No dossier left hanging: flag open dossiers idle past their step deadline to the handler and
the desk's leaders (run `danvan watchdog` from cron every few minutes)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from danvan.accounts.language import speaking
from danvan.accounts.models import Role
from danvan.audit.services import record
from danvan.core.notify import notify
from danvan.onestop.models import Dossier
from danvan.onestop.staffing import candidates


def idle_dossiers(now=None):
    now = now or timezone.now()
    return (
        Dossier.objects.open()
        .filter(step_due_at__lt=now, idle_flagged_at__isnull=True)
        .select_related("unit", "handler", "procedure")
    )


def flag_idle(now=None) -> list[str]:
    """Flag each idle dossier once per step; returns their codes."""
    now = now or timezone.now()
    flagged = []
    for dossier in idle_dossiers(now):
        with transaction.atomic():
            updated = Dossier.objects.filter(pk=dossier.pk, idle_flagged_at__isnull=True).update(
                idle_flagged_at=now
            )
            if not updated:
                continue
            _warn(dossier)
            record(
                "onestop.dossier.idle_flagged",
                unit=dossier.unit,
                obj=dossier,
                data={
                    "code": dossier.code,
                    "step": dossier.step_name,
                    "handler": dossier.handler.username if dossier.handler else None,
                },
            )
        flagged.append(dossier.code)
    return flagged


def warning_text(dossier: Dossier) -> tuple[str, str]:
    """(subject, body) of the idle warning, in the active language."""
    values = {
        "code": dossier.code,
        "procedure": dossier.procedure.name[:60],
        "step": dossier.step_name,
    }
    body = gettext(
        "Hồ sơ %(code)s (%(procedure)s) đã quá thời gian bước “%(step)s” mà chưa được xử lý."
    )
    return gettext("Hồ sơ %(code)s bị chậm") % values, body % values


def _warn(dossier: Dossier) -> None:
    people = [dossier.handler] if dossier.handler else []
    people += list(candidates(dossier.unit, Role.SIGNER))
    for person in {p.pk: p for p in people if p is not None}.values():
        with speaking(person):  # the officer's chosen language (Vietnamese by default)
            subject, body = warning_text(dossier)
        notify(
            "onestop.idle",
            email=person.email,
            phone=person.phone,
            subject=subject,
            body=body,
            obj=dossier,
        )
