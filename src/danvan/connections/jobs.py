"""The outbox's worker and the payment reconciliation, as job kinds of danvan.jobs."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.connections.services import outbox
from danvan.jobs.registry import job_kind


def _describe(result) -> str:
    r = result or {}
    return _("Đã gửi %(sent)d tin, %(retry)d tin chờ gửi lại, %(failed)d tin không thành công.") % {
        "sent": r.get("sent", 0),
        "retry": r.get("retry", 0),
        "failed": r.get("failed", 0),
    }


@job_kind(
    outbox.JOB_KIND,
    title=gettext_lazy("Gửi tin trong hộp thư đi"),
    max_attempts=5,
    retry_seconds=30.0,
    describe=_describe,
)
def run_outbox(job, ctx) -> dict:
    return outbox.drain(progress=lambda n: ctx.progress(n, None))


@job_kind(
    "connections.payment_reconcile",
    title=gettext_lazy("Đối soát thanh toán với nền tảng quốc gia"),
    max_attempts=3,
    retry_seconds=60.0,
)
def run_reconcile(job, ctx) -> dict:
    from danvan.connections.services import payments

    counts = payments.reconcile()
    if counts["pending"] or counts["error"]:
        payments.schedule_reconcile()
    return counts
