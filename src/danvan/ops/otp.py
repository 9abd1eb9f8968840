"""The second factor (TOTP, RFC 6238) on django-otp, with one-time recovery codes.

Required (OTP_REQUIRED) for the roles in OTP_REQUIRED_ROLES (signers, office clerks,
administrators) and for staff accounts; anyone who enrolled is asked for a code at each login.
"""

import segno
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts import scope
from danvan.audit.services import record

RECOVERY_CODES = 10
ISSUER = "Dân Vận Số"


def requires_second_factor(user) -> bool:
    if not settings.OTP_REQUIRED or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(scope.roles_of(user) & set(settings.OTP_REQUIRED_ROLES)) or user_has_device(user)


def pending_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (made once, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an SVG made here (no image service, no CDN)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def secret_base32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def confirm(user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm enrollment with a first code; returns fresh recovery codes, or None if wrong."""
    if device.user_id != user.pk or not device.verify_token(code.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(user)
    record("ops.otp.enrolled", actor=user, data={"user": user.username})
    return codes


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(
        user=user, name="Mã khôi phục", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def verify(user, code: str):
    """The device that accepts this code (TOTP, or a recovery code used up), or None."""
    code = (code or "").strip().replace(" ", "").lower()
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True):
        token = code if isinstance(device, StaticDevice) else code.upper()
        if device.verify_is_allowed()[0] and device.verify_token(token):
            if isinstance(device, StaticDevice):
                record("ops.otp.recovery_used", actor=user, data={"user": user.username})
            return device
    return None


def _exempt(path: str) -> bool:
    return path.startswith(
        (
            reverse("ops:otp_setup"),
            reverse("ops:otp_verify"),
            reverse("accounts:logout"),
            settings.STATIC_URL,
            "/api/",
        )
    )


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware: an account that needs a second factor reaches nothing
    but enrollment, the code page and logout until the session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not _exempt(request.path)
            and requires_second_factor(user)
        ):
            target = "ops:otp_verify" if user_has_device(user) else "ops:otp_setup"
            nxt = request.get_full_path() if request.method == "GET" else "/"
            return redirect(f"{reverse(target)}?{urlencode({'next': nxt})}")
        return self.get_response(request)
