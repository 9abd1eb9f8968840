"""Reminders as a background job: overdue answers are flagged once and the Front officers of
the unit are notified, each in the language they chose (danvan.jobs; run by
`danvan oversight-reminders` or the home page)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.accounts.language import speaking
from danvan.accounts.models import Role, RoleGrant
from danvan.audit.services import record
from danvan.core.errors import DomainError
from danvan.core.formatting import short_date
from danvan.core.notify import notify
from danvan.jobs.registry import job_kind
from danvan.oversight.flows import REMINDERS
from danvan.oversight.models import Recommendation
from danvan.workflow import transition

KIND = "oversight.reminders"


def due_for_reminder(today=None):
    today = today or timezone.localdate()
    from danvan.oversight.services import overdue

    return overdue(Recommendation.objects.all(), today).filter(overdue_flagged_on__isnull=True)


def _officers(rec: Recommendation):
    chain = rec.unit.chain_ids()
    grants = RoleGrant.objects.active().filter(role=Role.FRONT_OFFICER, unit_id__in=chain)
    return {g.user.pk: g.user for g in grants.select_related("user")}.values()


def reminder_text(rec: Recommendation) -> tuple[str, str]:
    """(subject, body) of the reminder, in the active language."""
    body = gettext(
        "Kiến nghị gửi %(addressee)s (hạn trả lời %(due)s) đã quá hạn mà chưa có trả lời."
    ) % {"addressee": rec.addressee, "due": short_date(rec.due_on)}
    return gettext("Kiến nghị quá hạn trả lời"), body


def flag_one(rec: Recommendation) -> bool:
    try:
        with transaction.atomic():
            transition(rec, "flag_overdue", by=None, system=REMINDERS, expected_version=None)
            for person in _officers(rec):
                with speaking(person):  # in the language the officer chose (Vietnamese by default)
                    subject, body = reminder_text(rec)
                notify(
                    "oversight.overdue",
                    email=person.email,
                    phone=person.phone,
                    subject=subject,
                    body=body,
                    obj=rec,
                )
    except DomainError:
        return False  # answered or flagged meanwhile: nothing to remind
    return True


def send_reminders(today=None, progress=None) -> int:
    rows = list(due_for_reminder(today).select_related("unit"))
    flagged = 0
    for i, rec in enumerate(rows, 1):
        flagged += flag_one(rec)
        if progress:
            progress(i, len(rows))
    if flagged:
        record("oversight.reminders.sent", data={"count": flagged})
    return flagged


def register_all() -> None:
    @job_kind(
        KIND,
        title=_("Nhắc kiến nghị quá hạn trả lời"),
        max_attempts=3,
        describe=lambda r: (
            gettext("Đã nhắc %(n)s kiến nghị quá hạn") % {"n": (r or {}).get("flagged", 0)}
        ),
    )
    def run(job, ctx):
        return {"flagged": send_reminders(progress=ctx.progress)}
