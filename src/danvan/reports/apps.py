from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "danvan.reports"
    label = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from danvan.audit.registry import register as register_audit
        from danvan.reports import jobs  # noqa: F401 - registers the export job kind

        register_audit("reports.figure_entered", "Nhập số liệu chỉ số {indicator} ({period})")
        register_audit("reports.figure_deleted", "Xóa số liệu đã nhập của chỉ số {indicator}")
