from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "danvan.reports"
    label = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from danvan.audit.registry import register as register_audit
        from danvan.reports import (
            jobs,  # noqa: F401 - registers the export job kind
            population,
        )

        register_audit("reports.figure_entered", _("Nhập số liệu chỉ số {indicator} ({period})"))
        register_audit("reports.figure_deleted", _("Xóa số liệu đã nhập của chỉ số {indicator}"))
        population.register_all()
