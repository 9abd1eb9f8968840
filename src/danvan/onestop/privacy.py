"""Why one-stop pages may show an applicant's personal data unmasked (danvan.core.privacy)."""

from django.utils.translation import gettext_lazy

from danvan.accounts.models import Role
from danvan.core.privacy import register_purpose

APPLICANT = "onestop.applicant"
# Who works with the applicant: reception and the specialist; a leader signs without needing
# the applicant's ID, phone or address.
APPLICANT_ROLES = (Role.COUNTER_CLERK, Role.SPECIALIST)


def is_applicant(user, dossier) -> bool:
    own = getattr(user, "national_id", "")
    return bool(own) and own == dossier.national_id


def register() -> None:
    register_purpose(
        APPLICANT,
        gettext_lazy("Tiếp nhận, xử lý hồ sơ đang mở của người nộp"),
        roles=APPLICANT_ROLES,
        active=lambda dossier: dossier.is_open,
        subject=is_applicant,
    )
