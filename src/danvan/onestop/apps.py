from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _register_nav() -> None:
    from danvan.accounts.models import Role as R
    from danvan.core.nav import register_nav

    register_nav("onestop:counter", _("Quầy tiếp nhận"), (R.COUNTER_CLERK,), order=100)
    register_nav(
        "onestop:my_dossiers",
        _("Hồ sơ của tôi"),
        (R.SPECIALIST, R.SIGNER, R.OFFICE_CLERK),
        order=110,
    )
    register_nav(
        "onestop:find",
        _("Tìm hồ sơ"),
        (R.COUNTER_CLERK, R.SPECIALIST, R.SIGNER, R.OFFICE_CLERK),
        order=120,
    )


def _feed_the_vault() -> None:
    """The vault learns about dossiers only through this source and the result signal."""
    from danvan.onestop import services
    from danvan.onestop.signals import result_returned
    from danvan.vault import dossiers
    from danvan.vault.receivers import on_result_returned

    dossiers.register(
        dossiers.DossierSource(
            visible=services.visible_dossier,
            open_of=services.open_dossier_of,
            lock_component=services.lock_component,
        )
    )
    result_returned.connect(on_result_returned, dispatch_uid="vault.store_result")


class OnestopConfig(AppConfig):
    name = "danvan.onestop"
    label = "onestop"
    verbose_name = "Một cửa"

    def ready(self) -> None:
        from danvan.audit.registry import register as register_audit
        from danvan.onestop import batch_signing, indicators, payments, privacy, quality, work
        from danvan.onestop.workflow import DOSSIER_FLOW
        from danvan.workflow import register

        register(DOSSIER_FLOW)  # with one audit sentence per transition, from the table
        register(payments.PAYMENT_FLOW)
        register_audit(
            "onestop.dossier.idle_flagged", _("Cảnh báo hồ sơ {code} chậm ở bước “{step}”")
        )
        # Online receipts were audited under the action's name before the engine (issue 8).
        register_audit("onestop.dossier.receive", _("Tiếp nhận hồ sơ {code}"))
        _register_nav()
        work.register()
        batch_signing.register()
        _feed_the_vault()
        privacy.register()
        indicators.register_all()
        quality.register_all()
