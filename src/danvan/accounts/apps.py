from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "danvan.accounts"
    label = "accounts"
    verbose_name = "Cán bộ và vai trò"
