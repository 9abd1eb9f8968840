from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "danvan.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"

    def ready(self):
        from danvan.audit.registry import register
        from danvan.core import indicators
        from danvan.units import services
        from danvan.units.importers import register_unit_type

        register("units.imported", "Nhập danh sách đơn vị ({count} dòng)")
        register("units.village.created", "Thêm thôn/tổ dân phố {name}")
        register_unit_type()
        indicators.set_unit_tree(
            indicators.UnitTree(subtree_q=services.subtree_q, children=services.children_in_period)
        )
