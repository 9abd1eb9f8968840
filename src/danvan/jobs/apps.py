from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "danvan.jobs"
    label = "jobs"
    verbose_name = _("Công việc nền")

    def ready(self) -> None:
        from danvan.core.nav import register_nav
        from danvan.jobs import notifications, registrations

        register_nav("jobs:list", _("Công việc nền"), order=950)
        registrations.register()
        notifications.register()
