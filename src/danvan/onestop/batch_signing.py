"""Dossier results in the signing app's batches: which dossiers a leader may put in a batch,
and how one is signed (the ordinary "approve" transition, under the batch's PIN confirmation)."""

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
    return dossier.status == Status.PROCESSING and dossier.sub_status == SubStatus.AWAITING_SIGNATURE


def resolve(user, codes: list[str]) -> list[tuple[str, str]]:
    found = {d.code: d for d in Dossier.objects.select_related("unit").filter(code__in=[c[:60] for c in codes])}
    hidden = [c for c in codes if c not in found or not scope.covers(user, found[c].unit, [Role.SIGNER])]
    if hidden:
        raise NotFound("dossier.not_found",
                       f"Không tìm thấy hồ sơ (hoặc không thuộc đơn vị bạn ký duyệt): {', '.join(hidden[:10])[:300]}.",
                       fields={"dossiers": [c[:60] for c in hidden[:50]]})
    waiting = [c for c in codes if not _awaiting_signature(found[c])]
    if waiting:
        raise Conflict("dossier.not_awaiting_signature",
                       f"Hồ sơ không ở bước chờ lãnh đạo ký: {', '.join(waiting[:10])}.",
                       fields={"dossiers": waiting[:50]})
    return [(str(found[c].pk), c) for c in codes]


def sign(object_id: str, authorization: signing.Authorization):
    cmd = Command("approve", authorization=authorization, data={"batch": authorization.batch_id})
    dossier = transition(int(object_id), cmd, by=authorization.user)
    return signing.document_for(OBJECT_TYPE, dossier.pk)


def _rows(user, role: str, status: int, sub_status: str) -> list[batches.Awaiting]:
    qs = (Dossier.objects.filter(status=status, sub_status=sub_status)
          .select_related("procedure", "unit").order_by("due_at", "id"))
    rows = scope.scoped(qs, user, roles=[role])[:batches.MAX_ITEMS]
    return [batches.Awaiting(ref=d.code, title=d.procedure.name, detail=d.applicant_name, due_at=d.due_at,
                             url=reverse("onestop:dossier", args=[d.code]), mine=d.handler_id == user.pk)
            for d in rows]


def awaiting(user) -> list[batches.Awaiting]:
    return _rows(user, Role.SIGNER, Status.PROCESSING, SubStatus.AWAITING_SIGNATURE)


def awaiting_seal(user) -> list[batches.Awaiting]:
    return _rows(user, Role.OFFICE_CLERK, Status.PROCESSED, SubStatus.SIGNED_AWAITING_SEAL)


def register() -> None:
    batches.register(batches.BatchKind(OBJECT_TYPE, resolve=resolve, sign=sign, awaiting=awaiting,
                                       awaiting_seal=awaiting_seal))
