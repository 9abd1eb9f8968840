from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "danvan.procedures"
    label = "procedures"
    verbose_name = "Thủ tục hành chính"

    def ready(self) -> None:
        from danvan.accounts.models import Role as R
        from danvan.core.nav import register_nav

        register_nav(
            "procedures:list",
            _("Thủ tục hành chính"),
            (R.COUNTER_CLERK, R.SPECIALIST, R.SIGNER, R.ADMIN),
            order=300,
        )
