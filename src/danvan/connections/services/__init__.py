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


def holding_messages(dossier_ids) -> dict:
    """Per dossier, the portal message that holds it back: its oldest one not sent (the ones after
    it wait for it), else its newest."""
    from danvan.connections.models import OutboxMessage

    rows = OutboxMessage.objects.filter(
        kind=portal.KIND, object_id__in=[str(pk) for pk in dossier_ids]
    ).order_by("id")
    found: dict = {}
    for m in rows:
        pk = int(m.object_id)
        held = pk in found and found[pk].state != MessageState.SENT
        if not held:
            found[pk] = m
    return found


def talks_to_a_fake(user) -> bool:
    """Whether the answers come from the FAKE gateway (`danvan fakegateway` says "fake": true in
    every answer): the page then says no national system is reached."""
    from django.db.models import Q

    fake = Q(response__fake=True) | Q(response__dossier__fake=True)
    return outbox.visible(user).filter(fake).exists()


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
