from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "danvan.portal"
    label = "portal"
    verbose_name = "Cổng công dân"

    def ready(self) -> None:
        from danvan.core.nav import register_nav

        # A signed-in citizen's menu: her dossiers first, then filing and her store.
        register_nav("portal:my_dossiers", _("Hồ sơ của tôi"), citizen=True, order=20)
        register_nav("portal:file", _("Nộp hồ sơ trực tuyến"), citizen=True, order=30)
        register_nav("portal:lookup", _("Tra cứu hồ sơ"), citizen=True, order=40)
        register_nav("vault:mine", _("Kho dữ liệu của tôi"), citizen=True, order=50)
