"""Why the personal data of prestigious persons and group heads may be shown unmasked."""

from danvan.accounts.models import Role
from danvan.core.privacy import register_purpose

PERSONS = "movement.persons"


def register_all() -> None:
    register_purpose(
        PERSONS,
        "Quản lý danh sách người có uy tín, tổ tự quản",
        roles=(Role.MOBILIZER, Role.FRONT_OFFICER),
    )
