"""API authentication: a bearer token, or the browser session (with CSRF on writes)."""

from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from danvan.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = getattr(request, "_danvan_token", None) or ApiToken.objects.resolve(token)
        if found is None:
            return None
        if (
            found.last_used_at is None
            or (timezone.now() - found.last_used_at).total_seconds() > 300
        ):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; CSRF is checked for unsafe methods."""

    param_name = "sessionid"

    def __init__(self):
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


OFFICIAL_AUTH = [TokenAuth(), SessionAuth()]
