"""Who may see a petitioner's personal data unmasked (danvan.core.privacy).

Petitions: the petition officers and leaders (signers) of the unit. Denunciations (Law on
Denunciations 2018 Art. 47: the denouncer's name, address and handwriting are kept secret): only
a petition officer of the unit who handles it (or any when it has no handler yet). Mobilization
and Front officers, reporters and the public always see masked values.
"""

from django.utils.translation import gettext_lazy

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.core.privacy import register_purpose, reveal

PETITIONER = "grassroots.petitioner"


def _rule(user, unit, petition) -> bool:
    if petition is None or unit is None:
        return False
    if petition.protects_identity:
        if not scope.covers(user, unit, [Role.PETITION_OFFICER]):
            return False
        return petition.handler_id is None or petition.handler_id == user.pk
    return scope.covers(user, unit, [Role.PETITION_OFFICER, Role.SIGNER])


def register() -> None:
    register_purpose(
        PETITIONER,
        gettext_lazy("Giải quyết đơn thư: liên hệ người gửi đơn"),
        roles=(Role.PETITION_OFFICER, Role.SIGNER),
        rule=_rule,
    )


def petitioner(user, p) -> dict:
    """The petitioner's data as `user` may see it."""
    shown = {
        "name": reveal(p.petitioner_name, "name", user, PETITIONER, obj=p),
        "phone": reveal(p.petitioner_phone, "phone", user, PETITIONER, obj=p),
        "email": reveal(p.petitioner_email, "email", user, PETITIONER, obj=p),
        "address": reveal(p.petitioner_address, "address", user, PETITIONER, obj=p),
        "national_id": reveal(p.petitioner_national_id, "national_id", user, PETITIONER, obj=p),
    }
    if p.protects_identity and shown["name"] != p.petitioner_name:
        # a denouncer: not even initials
        shown = {key: ("•••" if value else "") for key, value in shown.items()}
    return shown
