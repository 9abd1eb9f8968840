"""Web hardening middleware: security headers (CSP without inline code), idle session expiry,
re-authentication before administration and signing, and the second factor where required."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

AUTH_AT = "danvan_auth_at"  # when the password (and code) was last entered, epoch seconds
LAST_SEEN = "danvan_last_seen"


def content_security_policy(frame_ancestors: str = "'none'") -> str:
    form_action = " ".join(["'self'", *settings.CSP_FORM_ACTION_EXTRA])
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": form_action,
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


class SecurityHeadersMiddleware:
    """CSP (no inline scripts or styles anywhere), Permissions-Policy; the rest (nosniff,
    Referrer-Policy, HSTS, X-Frame-Options, COOP) comes from Django's own middleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy()
        self.csp_same_origin_frames = content_security_policy("'self'")

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        # Documents only: a PDF shown by the browser's viewer must not get object-src 'none'.
        if content_type.startswith(("text/html", "image/svg+xml")):
            # a view marked xframe_options_sameorigin (the file viewer) may be framed by us
            same_origin = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
            response.setdefault(
                "Content-Security-Policy", self.csp_same_origin_frames if same_origin else self.csp
            )
        response.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


@receiver(user_logged_in)
def _stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[AUTH_AT] = now
        request.session[LAST_SEEN] = now


def mark_reauthenticated(request) -> None:
    request.session[AUTH_AT] = int(time.time())


def needs_reauth(request) -> bool:
    path = request.path
    guarded = any(path.startswith(p) for p in settings.REAUTH_ALWAYS_PREFIXES) or (
        request.method == "POST" and any(path.startswith(p) for p in settings.REAUTH_POST_PREFIXES)
    )
    if not guarded:
        return False
    auth_at = request.session.get(AUTH_AT, 0)
    return time.time() - auth_at > settings.REAUTH_MINUTES * 60


class SessionGuardMiddleware:
    """After AuthenticationMiddleware: ends idle sessions; asks for the password again before
    administration and signing when the last entry is older than REAUTH_MINUTES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        last = request.session.get(LAST_SEEN, now)
        if now - last > settings.SESSION_IDLE_MINUTES * 60:
            logout(request)
            messages.info(
                request,
                _("Phiên làm việc đã hết hạn do lâu không thao tác. Vui lòng đăng nhập lại."),
            )
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
        if now - last > 60:  # write the session at most once a minute
            request.session[LAST_SEEN] = now
        if needs_reauth(request) and not request.path.startswith(reverse("ops:reauth")):
            if request.method == "POST":
                messages.warning(
                    request, _("Vui lòng xác nhận lại mật khẩu rồi thực hiện lại thao tác.")
                )
            target = (
                request.path if request.method == "GET" else request.META.get("HTTP_REFERER", "/")
            )
            return redirect(f"{reverse('ops:reauth')}?{urlencode({'next': target})}")
        return self.get_response(request)
