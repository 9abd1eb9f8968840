"""Notifications are delivered by a job: a slow or failing SMTP/SMS provider never blocks a
request, each attempt is recorded on the Notification row, and the job retries what failed."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import notify
from danvan.jobs import services
from danvan.jobs.context import Retry
from danvan.jobs.registry import job_kind

KIND = "core.notify"
MAX_ATTEMPTS = 5  # with RETRY_SECONDS doubling: about 1, 2, 4, 8 minutes apart
RETRY_SECONDS = 60.0


def _describe(result) -> str:
    return _("Đã gửi %(n)d thông báo.") % {"n": (result or {}).get("sent", 0)}


@job_kind(
    KIND,
    title=gettext_lazy("Gửi thông báo"),
    max_attempts=MAX_ATTEMPTS,
    retry_seconds=RETRY_SECONDS,
    describe=_describe,
)
def deliver(job, ctx) -> dict:
    ids = job.params["notes"]
    failed = notify.deliver_pending(ids)
    ctx.progress(len(ids) - len(failed), len(ids))
    if failed:
        raise Retry(
            _("Chưa gửi được %(n)d/%(total)d thông báo: %(error)s")
            % {"n": len(failed), "total": len(ids), "error": failed[0].error},
            code="notify.failed",
        )
    return {"sent": len(ids)}


def dispatch(notes: list) -> None:
    """Called by core.notify inside the transaction that stored the rows."""
    subject = notes[0].subject or notes[0].body
    services.start(
        KIND,
        params={"notes": [note.pk for note in notes]},
        title=_("Gửi thông báo: %(subject)s") % {"subject": subject[:150]},
    )


def register() -> None:
    notify.set_dispatcher(dispatch)
