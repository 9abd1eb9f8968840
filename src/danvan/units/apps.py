from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "danvan.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"

    def ready(self):
        from danvan.audit.registry import register
        from danvan.core import indicators
        from danvan.units import calendar, services
        from danvan.units.importers import register_unit_type

        register("units.imported", _("Nhập danh sách đơn vị ({count} dòng)"))
        register("units.village.created", _("Thêm thôn/tổ dân phố {name}"))
        register("units.population.set", _("Ghi dân số {name}: {population} người ({year})"))
        register_unit_type()
        calendar.connect_signals()
        indicators.set_unit_tree(
            indicators.UnitTree(subtree_q=services.subtree_q, children=services.children_in_period)
        )
