"""The one place that decides which units an official may see.

Every view and API handler filters through these helpers; none builds its own unit filter.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from danvan.accounts.models import Role, RoleGrant
from danvan.core.errors import Forbidden, NotFound
from danvan.units.models import Unit

_CACHE_ATTR = "_danvan_grants"


def _grants(user) -> list[tuple[str, str, int]]:
    """(role, unit path, unit id) of the user's live grants, cached on the user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = (
            RoleGrant.objects.active()
            .filter(user=user)
            .values_list("role", "unit__path", "unit_id")
        )
        cached = list(rows)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return {role for role, _, _ in _grants(user)}


def has_role(user, *roles: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_of(user) & set(roles)) if roles else bool(roles_of(user))


def covered_paths(user, roles: Iterable[str] | None = None) -> list[str] | None:
    """Minimal list of unit paths the user covers; None means everything (superuser)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return None
    wanted = set(roles) if roles else None
    paths = sorted({p for role, p, _ in _grants(user) if wanted is None or role in wanted})
    minimal: list[str] = []
    for path in paths:
        if not minimal or not path.startswith(minimal[-1]):
            minimal.append(path)
    return minimal


def unit_q(user, field: str = "unit", roles: Iterable[str] | None = None) -> Q:
    """A Q object restricting `field` (a FK to Unit) to the user's subtrees."""
    paths = covered_paths(user, roles)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    prefix = f"{field}__path__startswith" if field else "path__startswith"
    q = Q()
    for path in paths:
        q |= Q(**{prefix: path})
    return q


def scoped(
    queryset: QuerySet, user, *, field: str = "unit", roles: Iterable[str] | None = None
) -> QuerySet:
    return queryset.filter(unit_q(user, field, roles))


def visible_units(user, roles: Iterable[str] | None = None) -> QuerySet:
    return Unit.objects.filter(unit_q(user, "", roles))


def covers(user, unit: Unit | None, roles: Iterable[str] | None = None) -> bool:
    if unit is None:
        return False
    paths = covered_paths(user, roles)
    if paths is None:
        return True
    return any(unit.path.startswith(p) for p in paths)


def require_unit(
    user, unit: Unit | None, roles: Iterable[str] | None = None, *, hide: bool = True
) -> None:
    """Refuse an out-of-scope unit: 404 when the object should not be revealed, else 403."""
    if covers(user, unit, roles):
        return
    if hide and not covers(user, unit, None):
        raise NotFound()
    raise Forbidden()


def require_role(user, *roles: str) -> None:
    if not has_role(user, *roles):
        raise Forbidden()


def home_units(user) -> list[Unit]:
    """The units the user's grants are on, highest first (for the unit picker)."""
    if getattr(user, "is_superuser", False):
        return list(Unit.objects.filter(kind="province").current().order_by("code"))
    ids = {uid for _, _, uid in _grants(user)}
    return list(Unit.objects.filter(pk__in=ids).order_by("depth", "name"))


ALL_ROLES = [r.value for r in Role]
