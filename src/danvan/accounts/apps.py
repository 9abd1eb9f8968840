from django.apps import AppConfig


def _register_audit() -> None:
    from danvan.audit.registry import register

    register("accounts.login", "Đăng nhập")
    register("accounts.login_failed", "Đăng nhập không thành công (tài khoản {username})")
    register("accounts.logout", "Đăng xuất")
    register("accounts.token.created", "Tạo khóa API {hint}")
    register("accounts.token.revoked", "Thu hồi khóa API {hint}")
    register("accounts.grant.added", "Cấp vai trò {role} tại {unit_code}")
    register("accounts.grant.revoked", "Thu hồi vai trò {role} tại {unit_code}")
    register("accounts.access_denied", "Truy cập bị từ chối: {path}")


class AccountsConfig(AppConfig):
    name = "danvan.accounts"
    label = "accounts"
    verbose_name = "Cán bộ và vai trò"

    def ready(self):
        from danvan.accounts import scope
        from danvan.core import privacy

        _register_audit()
        # The privacy rule's role check is the one unit scope (superusers pass it).
        privacy.set_role_check(lambda user, unit, roles: scope.covers(user, unit, roles))
