from django.apps import AppConfig


class OnestopConfig(AppConfig):
    name = "danvan.onestop"
    label = "onestop"
    verbose_name = "Một cửa"

    def ready(self) -> None:
        from danvan.audit.registry import register as register_audit
        from danvan.onestop import batch_signing, indicators, payments, privacy, quality
        from danvan.onestop.workflow import DOSSIER_FLOW
        from danvan.workflow import register

        register(DOSSIER_FLOW)  # with one audit sentence per transition, from the table
        register(payments.PAYMENT_FLOW)
        register_audit("onestop.dossier.idle_flagged", "Cảnh báo hồ sơ {code} chậm ở bước “{step}”")
        # Online receipts were audited under the action's name before the engine (issue 8).
        register_audit("onestop.dossier.receive", "Tiếp nhận hồ sơ {code}")
        batch_signing.register()
        privacy.register()
        indicators.register_all()
        quality.register_all()
