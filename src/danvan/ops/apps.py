from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "danvan.ops"
    label = "ops"
    verbose_name = "Vận hành và an ninh"
