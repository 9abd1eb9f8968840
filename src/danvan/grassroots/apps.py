from django.apps import AppConfig


class GrassrootsConfig(AppConfig):
    name = "danvan.grassroots"
    label = "grassroots"
    verbose_name = "Đơn thư, kiến nghị và điểm nóng"

    def ready(self) -> None:
        from danvan.grassroots import audit_codes, indicators, privacy
        from danvan.grassroots.workflow import HOTSPOT_FLOW, PETITION_FLOW
        from danvan.workflow import register

        register(PETITION_FLOW)
        register(HOTSPOT_FLOW)
        audit_codes.register_all()
        privacy.register()
        indicators.register_all()
