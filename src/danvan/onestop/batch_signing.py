"""Dossier results in the signing app's batches: which dossiers a leader may put in a batch,
and how one is signed (the ordinary "approve" transition, under the batch's PIN confirmation);
likewise which results an office clerk may seal in a batch, and how (the ordinary "seal")."""

from django.urls import reverse

from danvan import workflow
from danvan.accounts import scope
from danvan.core.errors import Conflict, DomainError, NotFound
from danvan.onestop.effects import OBJECT_TYPE
from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, transition
from danvan.onestop.workflow import TRANSITIONS
from danvan.signing import batches
from danvan.signing import services as signing


def _refused(dossier: Dossier, action: str, user) -> bool:
    """The table's answer (state, sub-state, role on the unit): the batch signs what the
    dossier's own transition would accept, nothing else."""
    try:
        workflow.check(dossier, action, by=user)
    except DomainError:
        return True
    return False


def _resolve(user, codes: list[str], action: str, where: str, message: str):
    t = TRANSITIONS[action]
    found = {
        d.code: d
        for d in Dossier.objects.select_related("unit", "procedure").filter(
            code__in=[c[:60] for c in codes]
        )
    }
    hidden = [c for c in codes if c not in found or not scope.covers(user, found[c].unit, t.roles)]
    if hidden:
        raise NotFound(
            "dossier.not_found",
            f"Không tìm thấy hồ sơ (hoặc không thuộc đơn vị bạn {where}): {', '.join(hidden[:10])[:300]}.",
            fields={"dossiers": [c[:60] for c in hidden[:50]]},
        )
    waiting = [c for c in codes if _refused(found[c], action, user)]
    if waiting:
        raise Conflict(
            t.not_ready[0],
            f"{message}: {', '.join(waiting[:10])}.",
            fields={"dossiers": waiting[:50]},
        )
    return [(str(found[c].pk), c) for c in codes]


def resolve(user, codes: list[str]) -> list[tuple[str, str]]:
    return _resolve(user, codes, "approve", "ký duyệt", "Hồ sơ không ở bước chờ lãnh đạo ký")


def resolve_seal(user, codes: list[str]) -> list[tuple[str, str]]:
    return _resolve(
        user, codes, "seal", "làm văn thư", "Hồ sơ không ở bước chờ văn thư đóng dấu số"
    )


def sign(object_id: str, authorization: signing.Authorization):
    cmd = Command("approve", authorization=authorization, data={"batch": authorization.batch_id})
    dossier = transition(int(object_id), cmd, by=authorization.user)
    return signing.document_for(OBJECT_TYPE, dossier.pk)


def seal(object_id: str, authorization: signing.Authorization):
    """The dossier's ordinary "seal" transition (the unit's organization seal on the signed result)."""
    cmd = Command("seal", authorization=authorization, data={"batch": authorization.batch_id})
    dossier = transition(int(object_id), cmd, by=authorization.user)
    return signing.document_for(OBJECT_TYPE, dossier.pk)


def _rows(user, action: str) -> list[batches.Awaiting]:
    """The dossiers in the states and sub-states the table lets ``action`` start from."""
    t = TRANSITIONS[action]
    qs = (
        Dossier.objects.filter(status__in=t.sources, sub_status__in=t.sub_states)
        .select_related("procedure", "unit")
        .order_by("due_at", "id")
    )
    rows = scope.scoped(qs, user, roles=t.roles)[: batches.MAX_ITEMS]
    return [
        batches.Awaiting(
            ref=d.code,
            title=d.procedure.name,
            detail=d.applicant_name,
            due_at=d.due_at,
            url=reverse("onestop:dossier", args=[d.code]),
            mine=d.handler_id == user.pk,
            preview_url=reverse("onestop:result_preview", args=[d.code]),
        )
        for d in rows
    ]


def awaiting(user) -> list[batches.Awaiting]:
    return _rows(user, "approve")


def awaiting_seal(user) -> list[batches.Awaiting]:
    return _rows(user, "seal")


def register() -> None:
    batches.register(
        batches.BatchKind(
            OBJECT_TYPE,
            resolve=resolve,
            sign=sign,
            awaiting=awaiting,
            awaiting_seal=awaiting_seal,
            resolve_seal=resolve_seal,
            seal=seal,
        )
    )
