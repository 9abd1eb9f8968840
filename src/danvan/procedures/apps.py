from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "danvan.procedures"
    label = "procedures"
    verbose_name = "Thủ tục hành chính"
