"""Puts the official's current unit (from the unit picker) on the request; writes the language
restored at login to the language cookie."""

from django.conf import settings

from danvan.accounts import scope
from danvan.accounts.language import RESTORED
from danvan.units.models import Unit


class CurrentUnitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_unit = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/api/"):
            request.current_unit = self._resolve(request, user)
        return self.get_response(request)

    @staticmethod
    def _resolve(request, user):
        unit_id = request.session.get("unit_id")
        if unit_id:
            unit = Unit.objects.filter(pk=unit_id).first()
            if unit is not None and scope.covers(user, unit):
                return unit
        homes = scope.home_units(user)
        return homes[0] if homes else None


class SavedLanguageMiddleware:
    """Writes the language restored at login to the language cookie (Django's set_language
    cookie: same name, age, path, domain and flags)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        code = getattr(request, RESTORED, None)
        if code:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
