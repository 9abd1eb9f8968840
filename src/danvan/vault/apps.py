from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaultConfig(AppConfig):
    name = "danvan.vault"
    label = "vault"
    verbose_name = "Kho dữ liệu điện tử"

    def ready(self):
        from danvan.accounts.models import Role as R
        from danvan.core.nav import register_nav

        register_nav("vault:search", _("Kho dữ liệu"), (R.COUNTER_CLERK, R.SPECIALIST), order=400)
        from danvan.signing import seal  # noqa: F401 - registers its audit sentence

        # accounts and export register their audit sentences on import.
        from danvan.vault import accounts, export, indicators  # noqa: F401

        indicators.register_all()
