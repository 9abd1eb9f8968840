"""What the jobs app registers at start-up: its audit sentences."""

from django.utils.translation import gettext_lazy as _

from danvan.audit.registry import register as register_audit


def register() -> None:
    register_audit("jobs.started", _("Bắt đầu công việc nền: {title}"))
    register_audit("jobs.finished", _("Hoàn thành công việc nền: {title}"))
    register_audit("jobs.failed", _("Công việc nền không thành công: {title} ({code})"))
