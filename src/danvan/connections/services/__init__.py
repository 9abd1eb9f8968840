"""What the pages, the API and the command line ask of the connections."""

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.connections.models import MessageState, PortalSync
from danvan.connections.services import outbox, portal


def counts_for(user) -> dict:
    from django.db.models import Count

    rows = outbox.visible(user).values("state").annotate(n=Count("id"))
    found = {row["state"]: row["n"] for row in rows}
    return {label: found.get(value, 0) for value, label in MessageState.choices}


def unsynced_for(user):
    """Received dossiers of the user's units the portal does not hold as they are now."""
    from danvan.onestop.models import Dossier

    qs = Dossier.objects.filter(received_at__isnull=False)
    if not user.is_superuser:
        qs = scope.scoped(qs, user, roles=[Role.ADMIN])
    return portal.unsynced(qs)


def sync_rows(dossier_ids) -> dict:
    return {s.dossier_id: s for s in PortalSync.objects.filter(dossier_id__in=dossier_ids)}


def resync(dossiers) -> int:
    """Queue one portal message for each dossier (no event: the record only); e.g. after the
    gateway was configured, for what changed before."""
    from django.db import transaction

    n = 0
    for dossier in dossiers:
        with transaction.atomic():
            outbox.enqueue(
                portal.KIND,
                portal.key_of(dossier.pk),
                {"dossier": dossier.pk, "event": None, "status": dossier.status},
                obj=dossier,
                unit_id=dossier.unit_id,
                label=f"{dossier.code}: đồng bộ lại",
            )
        n += 1
    return n
