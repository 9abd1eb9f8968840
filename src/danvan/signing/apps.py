from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "danvan.signing"
    label = "signing"
    verbose_name = "Chữ ký số"

    def ready(self) -> None:
        from danvan.accounts.models import Role as R
        from danvan.core.nav import register_nav
        from danvan.core.sandbox import preload
        from danvan.signing import services
        from danvan.signing.flows import BATCH_FLOW, ITEM_FLOW
        from danvan.workflow import register, register_confirmer

        register_nav("signing:queue", _("Ký số"), (R.SIGNER, R.OFFICE_CLERK), order=200)
        register(BATCH_FLOW)
        register(ITEM_FLOW)
        # Transitions with needs_pin (a dossier's approve, seal…) check the signer's PIN here.
        register_confirmer(lambda user, pin, obj: services.confirm(user, pin, obj=obj))
        preload("danvan.signing.verify")  # verification of uploaded PDFs runs in the sandbox
