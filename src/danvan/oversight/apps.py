from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "danvan.oversight"
    label = "oversight"
    verbose_name = "Giám sát, phản biện xã hội"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from danvan.accounts.models import Role
        from danvan.core.nav import register_nav
        from danvan.oversight import audit, indicators, jobs
        from danvan.oversight.flows import RECOMMENDATION_FLOW, SUPERVISION_FLOW
        from danvan.workflow import register

        register(SUPERVISION_FLOW)
        register(RECOMMENDATION_FLOW)
        audit.register_all()
        indicators.register_all()
        jobs.register_all()
        register_nav(
            "oversight:home",
            _("Giám sát, phản biện"),
            (Role.FRONT_OFFICER, Role.MOBILIZER),
            order=600,
        )
