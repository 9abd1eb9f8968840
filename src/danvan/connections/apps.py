from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectionsConfig(AppConfig):
    name = "danvan.connections"
    label = "connections"
    verbose_name = _("Kết nối hệ thống quốc gia")

    def ready(self):
        from django.db.models.signals import post_save

        from danvan.accounts.models import Role
        from danvan.audit.registry import register as register_audit
        from danvan.connections import indicators, jobs  # noqa: F401 - job kinds
        from danvan.connections.services import notices, payments, portal
        from danvan.core import notify
        from danvan.core.nav import register_nav

        portal.connect(post_save)
        payments.connect(post_save)
        register_audit("connections.outbox.retry", _("Gửi lại tin trong hộp thư đi #{id}"))
        register_audit(
            "connections.population.lookup",
            _("Tra cứu CSDL quốc gia về dân cư: số định danh {national_id}"),
        )
        register_audit(
            "connections.receipt.downloaded",
            _("Tải biên lai điện tử {receipt} của hồ sơ {dossier}"),
        )
        register_audit(
            "connections.notify.preference",
            _("Công dân chọn kênh nhận thông báo: {channels}"),
        )
        # Citizen notifications leave through the outbox (retries, backoff, delivery state);
        # this replaces the jobs app's direct delivery (INSTALLED_APPS puts us after it).
        notify.set_dispatcher(notices.dispatch)
        indicators.register_all()
        register_nav("connections:home", _("Kết nối"), (Role.ADMIN,), order=980)
