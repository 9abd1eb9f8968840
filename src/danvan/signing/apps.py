from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "danvan.signing"
    label = "signing"
    verbose_name = "Chữ ký số"
