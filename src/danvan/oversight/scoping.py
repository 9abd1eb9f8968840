"""Who sees which oversight records (through danvan.accounts.scope for units).

Front officers and mass-mobilization officers read the records of the units their grants
cover; a Front officer whose grant names a member organization (Women's Union, Youth Union …)
sees only the supervisions that organization runs, across the grant's subtree. Only Front
officers write (the workflow tables name the role).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.accounts import scope
from danvan.accounts.models import OrganizationKind, Role, RoleGrant
from danvan.core.errors import Forbidden

READERS = (Role.FRONT_OFFICER, Role.MOBILIZER)
WRITERS = (Role.FRONT_OFFICER,)
# Grants on these organizations are not restricted to one organization's supervisions.
WHOLE_FRONT = {
    OrganizationKind.FATHERLAND_FRONT,
    OrganizationKind.MOBILIZATION_COMMITTEE,
    OrganizationKind.PEOPLES_COMMITTEE,
}


def require_reader(user) -> None:
    if not scope.has_role(user, *READERS):
        raise Forbidden(
            "oversight.role_forbidden",
            _("Trang này dành cho cán bộ Mặt trận và cán bộ dân vận."),
        )


def can_write(user, unit) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return scope.covers(user, unit, WRITERS)


def organization_kind(user) -> str | None:
    """The member organization a Front officer's grants are limited to, if any."""
    if getattr(user, "is_superuser", False) or not getattr(user, "is_authenticated", False):
        return None
    kinds = set(
        RoleGrant.objects.active()
        .filter(user=user, role__in=READERS)
        .values_list("organization__kind", flat=True)
    )
    if None in kinds or kinds & WHOLE_FRONT or not kinds:
        return None
    return sorted(kinds)[0]


def unit_filter(user, field: str = "unit") -> Q:
    return scope.unit_q(user, field, READERS)


def supervisions(qs, user):
    qs = qs.filter(unit_filter(user))
    kind = organization_kind(user)
    if kind:
        qs = qs.filter(organizer__kind=kind)
    return qs


def recommendations(qs, user):
    qs = qs.filter(unit_filter(user))
    kind = organization_kind(user)
    if kind:
        qs = qs.filter(supervision__organizer__kind=kind)
    return qs


def records(qs, user):
    """Criticism sessions, dialogues, boards, disclosures: by unit only; an organization's
    officer sees none of the Front committee's other registers."""
    if organization_kind(user):
        return qs.none()
    return qs.filter(unit_filter(user))
