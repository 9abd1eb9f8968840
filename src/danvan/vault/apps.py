from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "danvan.vault"
    label = "vault"
    verbose_name = "Kho dữ liệu điện tử"

    def ready(self):
        from danvan.onestop.signals import result_returned
        from danvan.signing import seal  # noqa: F401 - registers its audit sentence

        # accounts and export register their audit sentences on import.
        from danvan.vault import accounts, export, indicators  # noqa: F401
        from danvan.vault.receivers import on_result_returned

        indicators.register_all()
        result_returned.connect(on_result_returned, dispatch_uid="vault.store_result")
