from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "danvan.vault"
    label = "vault"
    verbose_name = "Kho dữ liệu điện tử"
