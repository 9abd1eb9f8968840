"""Dossier results in the signing app's batches: which dossiers a leader may put in a batch,
and how one is signed (the ordinary "approve" transition, under the batch's PIN confirmation);
likewise which results an office clerk may seal in a batch, and how (the ordinary "seal")."""

from django.urls import reverse

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.core.errors import Conflict, NotFound
from danvan.onestop.effects import OBJECT_TYPE
from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, transition
from danvan.onestop.workflow import Status, SubStatus
from danvan.signing import batches
from danvan.signing import services as signing


def _awaiting_signature(dossier: Dossier) -> bool:
    return (
        dossier.status == Status.PROCESSING and dossier.sub_status == SubStatus.AWAITING_SIGNATURE
    )


def _awaiting_seal(dossier: Dossier) -> bool:
    return (
        dossier.status == Status.PROCESSED and dossier.sub_status == SubStatus.SIGNED_AWAITING_SEAL
    )


def _resolve(user, codes: list[str], role: str, where: str, ready, not_ready: tuple[str, str]):
    found = {
        d.code: d
        for d in Dossier.objects.select_related("unit").filter(code__in=[c[:60] for c in codes])
    }
    hidden = [c for c in codes if c not in found or not scope.covers(user, found[c].unit, [role])]
    if hidden:
        raise NotFound(
            "dossier.not_found",
            f"Không tìm thấy hồ sơ (hoặc không thuộc đơn vị bạn {where}): {', '.join(hidden[:10])[:300]}.",
            fields={"dossiers": [c[:60] for c in hidden[:50]]},
        )
    waiting = [c for c in codes if not ready(found[c])]
    if waiting:
        raise Conflict(
            not_ready[0],
            f"{not_ready[1]}: {', '.join(waiting[:10])}.",
            fields={"dossiers": waiting[:50]},
        )
    return [(str(found[c].pk), c) for c in codes]


def resolve(user, codes: list[str]) -> list[tuple[str, str]]:
    return _resolve(
        user,
        codes,
        Role.SIGNER,
        "ký duyệt",
        _awaiting_signature,
        ("dossier.not_awaiting_signature", "Hồ sơ không ở bước chờ lãnh đạo ký"),
    )


def resolve_seal(user, codes: list[str]) -> list[tuple[str, str]]:
    return _resolve(
        user,
        codes,
        Role.OFFICE_CLERK,
        "làm văn thư",
        _awaiting_seal,
        ("dossier.not_awaiting_seal", "Hồ sơ không ở bước chờ văn thư đóng dấu số"),
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


def _rows(user, role: str, status: int, sub_status: str) -> list[batches.Awaiting]:
    qs = (
        Dossier.objects.filter(status=status, sub_status=sub_status)
        .select_related("procedure", "unit")
        .order_by("due_at", "id")
    )
    rows = scope.scoped(qs, user, roles=[role])[: batches.MAX_ITEMS]
    return [
        batches.Awaiting(
            ref=d.code,
            title=d.procedure.name,
            detail=d.applicant_name,
            due_at=d.due_at,
            url=reverse("onestop:dossier", args=[d.code]),
            mine=d.handler_id == user.pk,
        )
        for d in rows
    ]


def awaiting(user) -> list[batches.Awaiting]:
    return _rows(user, Role.SIGNER, Status.PROCESSING, SubStatus.AWAITING_SIGNATURE)


def awaiting_seal(user) -> list[batches.Awaiting]:
    return _rows(user, Role.OFFICE_CLERK, Status.PROCESSED, SubStatus.SIGNED_AWAITING_SEAL)


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
