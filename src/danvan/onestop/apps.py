from django.apps import AppConfig


class OnestopConfig(AppConfig):
    name = "danvan.onestop"
    label = "onestop"
    verbose_name = "Một cửa"

    def ready(self) -> None:
        from danvan.onestop import batch_signing, indicators, privacy

        batch_signing.register()
        privacy.register()
        indicators.register_all()
