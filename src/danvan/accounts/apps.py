from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "danvan.accounts"
    label = "accounts"
    verbose_name = "Cán bộ và vai trò"

    def ready(self):
        from danvan.accounts import scope
        from danvan.core import privacy

        # The privacy rule's role check is the one unit scope (superusers pass it).
        privacy.set_role_check(lambda user, unit, roles: scope.covers(user, unit, roles))
