from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "danvan.signing"
    label = "signing"
    verbose_name = "Chữ ký số"

    def ready(self) -> None:
        from danvan.signing import services
        from danvan.workflow import register_confirmer

        # Transitions with needs_pin (a dossier's approve, seal…) check the signer's PIN here.
        register_confirmer(lambda user, pin, obj: services.confirm(user, pin, obj=obj))
