from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _register_audit() -> None:
    from danvan.audit.registry import register

    register("accounts.login", pgettext_lazy("audit", "Đăng nhập"))
    register("accounts.login_failed", _("Đăng nhập không thành công (tài khoản {username})"))
    register("accounts.logout", pgettext_lazy("audit", "Đăng xuất"))
    register("accounts.token.created", _("Tạo khóa API {hint}"))
    register("accounts.token.revoked", _("Thu hồi khóa API {hint}"))
    register("accounts.grant.added", _("Cấp vai trò {role} tại {unit_code}"))
    register("accounts.grant.revoked", _("Thu hồi vai trò {role} tại {unit_code}"))
    register("accounts.access_denied", _("Truy cập bị từ chối: {path}"))


class AccountsConfig(AppConfig):
    name = "danvan.accounts"
    label = "accounts"
    verbose_name = "Cán bộ và vai trò"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from danvan.accounts import language, scope
        from danvan.core import privacy

        _register_audit()
        # Signing in restores the language she chose (the page and the language cookie).
        user_logged_in.connect(language.restore_on_login, dispatch_uid="danvan.language.login")
        # The privacy rule's role check is the one unit scope (superusers pass it).
        privacy.set_role_check(lambda user, unit, roles: scope.covers(user, unit, roles))
