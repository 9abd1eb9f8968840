"""Who handles a dossier next: the least-loaded official holding the role on the dossier's unit."""

from django.db.models import Count, Q

from danvan.accounts.models import RoleGrant, User
from danvan.onestop.states import OPEN


def candidates(unit, role: str):
    user_ids = (
        RoleGrant.objects.active().filter(role=role, unit_id__in=unit.chain_ids()).values("user_id")
    )
    return User.objects.filter(pk__in=user_ids, is_active=True)


def pick_handler(unit, role: str) -> User | None:
    open_states = [s.value for s in OPEN]
    return (
        candidates(unit, role)
        .annotate(
            load=Count("handled_dossiers", filter=Q(handled_dossiers__status__in=open_states))
        )
        .order_by("load", "pk")
        .first()
    )
