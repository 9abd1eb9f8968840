"""Demo signing data: TEST CA credentials for the demo leaders and the seal holders, PIN 123456
(also for the counter clerks, who confirm no-wait results with it), and the delegation that makes
leader.hoankiem sign "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH". Idempotent."""

import datetime as dt

from django.utils import timezone

from danvan.accounts.models import Role, User
from danvan.accounts.services import grant_role
from danvan.signing import services
from danvan.signing.models import (
    AuthorityForm,
    CredentialKind,
    Delegation,
    SigningCredential,
    SigningPin,
)

DEMO_PIN = "123456"
P12_PASSWORD = "demo-p12"  # noqa: S105 - TEST CA only

# username, kind, organization
CREDENTIALS = [
    ("leader.hoankiem", CredentialKind.OFFICIAL, "UBND phường Hoàn Kiếm"),
    ("leader.bavi", CredentialKind.OFFICIAL, "UBND xã Ba Vì"),
    ("seal.hoankiem", CredentialKind.SEAL, "UBND phường Hoàn Kiếm"),
    ("clerk.bavi", CredentialKind.SEAL, "UBND xã Ba Vì"),
]
PIN_HOLDERS = ["leader.hoankiem", "leader.bavi", "seal.hoankiem", "clerk.hoankiem", "clerk.bavi"]
# Xã Ba Vì has no separate office clerk in the demo: its one-stop clerk also keeps the seal.
EXTRA_ROLES = [("clerk.bavi", Role.OFFICE_CLERK, "09700")]
DELEGATION_TITLE = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def _issue(username: str, kind: str, organization: str) -> bool:
    user = User.objects.filter(username=username).first()
    if user is None or SigningCredential.objects.filter(user=user, kind=kind, active=True).exists():
        return False
    ca = services.ensure_test_ca()
    if kind == CredentialKind.SEAL:
        key, cert = ca.issue_seal(organization)
    else:
        key, cert = ca.issue_person(user.full_name or username, organization)
    services.import_pkcs12(
        user, ca.export_pkcs12(key, cert, P12_PASSWORD), P12_PASSWORD, kind, by=None
    )
    return True


def _delegation() -> int:
    leader = User.objects.filter(username="leader.hoankiem").first()
    if leader is None:
        return 0
    _, created = Delegation.objects.get_or_create(
        delegate=leader,
        form=AuthorityForm.KT,
        defaults={
            "title_lines": DELEGATION_TITLE,
            "valid_from": timezone.now() - dt.timedelta(days=30),
        },
    )
    return int(created)


def _extra_roles() -> None:
    from danvan.units.services import current_unit

    for username, role, unit_code in EXTRA_ROLES:
        user = User.objects.filter(username=username).first()
        if user is not None and not user.grants.filter(role=role, unit__code=unit_code).exists():
            grant_role(user, role, current_unit(unit_code))


def load() -> dict:
    _extra_roles()
    issued = sum(_issue(*row) for row in CREDENTIALS)
    pins = 0
    for username in PIN_HOLDERS:
        user = User.objects.filter(username=username).first()
        if user is not None and not SigningPin.objects.filter(user=user).exists():
            services.set_pin(user, DEMO_PIN)
            pins += 1
    return {"credentials": issued, "pins": pins, "delegations": _delegation(), "pin": DEMO_PIN}
