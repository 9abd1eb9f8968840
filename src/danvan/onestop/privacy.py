"""Why one-stop pages may show an applicant's personal data unmasked (danvan.core.privacy)."""

from django.utils.translation import gettext_lazy

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.core.privacy import register_purpose

APPLICANT = "onestop.applicant"
# Who works with the applicant: reception and the specialist; a leader signs without needing
# the applicant's ID, phone or address.
APPLICANT_ROLES = (Role.COUNTER_CLERK, Role.SPECIALIST)

FILES = "onestop.files"
# Everyone who handles a dossier opens its attached papers and its result (onestop.files).
FILE_ROLES = (Role.COUNTER_CLERK, Role.SPECIALIST, Role.SIGNER, Role.OFFICE_CLERK)


def is_applicant(user, dossier) -> bool:
    own = getattr(user, "national_id", "")
    return bool(own) and own == dossier.national_id


def took_part(user, dossier) -> bool:
    """Received it, handles it, or acted on it (a row of its process control slip)."""
    if user.pk in (dossier.received_by_id, dossier.handler_id):
        return True
    return dossier.events.filter(by=user).exists()


def may_open_files(user, unit, dossier) -> bool:
    if unit is None or not scope.covers(user, unit, FILE_ROLES):
        return False
    return dossier.is_open or took_part(user, dossier) or user.is_superuser


def register() -> None:
    register_purpose(
        APPLICANT,
        gettext_lazy("Tiếp nhận, xử lý hồ sơ đang mở của người nộp"),
        roles=APPLICANT_ROLES,
        active=lambda dossier: dossier.is_open,
        subject=is_applicant,
    )
    register_purpose(
        FILES,
        gettext_lazy("Mở giấy tờ đính kèm và kết quả của hồ sơ mình xử lý"),
        roles=FILE_ROLES,
        subject=is_applicant,
        rule=may_open_files,
    )
