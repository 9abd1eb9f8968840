"""Demo enrollment: the personas that must use a second factor get a TOTP device whose secret is
published in docs/security.md (DEMO ONLY), so anyone trying the demo can add it to an app."""

import base64

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import RoleGrant, User

# base32 "DVSDEMODVSDEMODVSDEMODVSDEMODVSD" — printed in the docs; never used outside the demo
DEMO_TOTP_SECRET = "DVSDEMODVSDEMODVSDEMODVSDEMODVSD"  # noqa: S105 - public demo secret


def demo_key_hex() -> str:
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def load() -> dict:
    roles = set(settings.OTP_REQUIRED_ROLES)
    from django.db.models import Q

    users = User.objects.filter(Q(grants__role__in=roles) | Q(is_staff=True)).distinct()
    enrolled = 0
    for user in users:
        _, created = TOTPDevice.objects.get_or_create(
            user=user,
            name="Demo",
            defaults={"key": demo_key_hex(), "confirmed": True},
        )
        enrolled += created
    return {"totp_enrolled": enrolled, "with_grants": RoleGrant.objects.count()}
