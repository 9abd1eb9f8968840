from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "danvan.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"

    def ready(self):
        from danvan.units.importers import register_unit_type

        register_unit_type()
