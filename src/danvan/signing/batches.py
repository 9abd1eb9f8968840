"""Batch signing (SPEC §3): a leader confirms once with the PIN and many results are signed.

Each item is signed in its own transaction, together with the state change of the object it
belongs to (e.g. the dossier's "approve"): after a crash an item is either fully signed (the row,
the file, the audit entry, the object's new state) or untouched, and the batch resumes from the
items still pending. Other apps plug their objects in with ``register`` (onestop registers
dossiers), so this module never imports them.

A batch has a ``kind``: "sign" (a leader signs, e.g. the dossier's "approve") or "seal" (the office
clerk applies the organization seal to results already signed, e.g. the dossier's "seal"). Both run
through the same rows, runners, worker and lease; only the per-item action and who may ask differ.

A batch runs as a background job (danvan.jobs, kind "signing.batch"): the job's worker, lease,
heartbeat, retries and take-over after a crash are the jobs mechanism's; settings.JOBS_RUNNER says
who runs it (a thread of the web process in the embedded mode, `danvan jobs-worker` on PostgreSQL).
The checkpoint is the items themselves: each item's new state is committed with its signature, so
an attempt that resumes a batch signs only the items still pending.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan import workflow
from danvan.accounts.models import Role
from danvan.accounts.scope import has_role
from danvan.audit.registry import register as register_audit
from danvan.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from danvan.documents.xlsx import XlsxTable, write_table
from danvan.jobs import services as jobs
from danvan.jobs.context import Context
from danvan.jobs.registry import job_kind
from danvan.signing import services
from danvan.signing.flows import RUNNER
from danvan.signing.models import (
    BatchKindChoice,
    BatchState,
    ItemState,
    SignedDocument,
    SigningBatch,
    SigningBatchItem,
)

log = logging.getLogger(__name__)

MAX_ITEMS = 500
JOB_KIND = "signing.batch"
AUTHORIZATION_TTL = dt.timedelta(hours=8)  # a PIN confirmation covers one working day at most

register_audit("signing.batch_created", gettext_lazy("Tạo lô ký số {count} văn bản"))
register_audit(
    "signing.batch_finished",
    gettext_lazy("Hoàn thành lô ký số: {signed} đã ký, {failed} không ký được"),
)
register_audit("signing.seal_batch_created", gettext_lazy("Tạo lô đóng dấu số {count} văn bản"))
register_audit(
    "signing.seal_batch_finished",
    gettext_lazy("Hoàn thành lô đóng dấu số: {signed} đã đóng dấu, {failed} không đóng dấu được"),
)

SIGN, SEAL = BatchKindChoice.SIGN.value, BatchKindChoice.SEAL.value


@dataclass(frozen=True)
class Awaiting:
    """One document awaiting the user's signature, as the batch page lists it."""

    ref: str
    title: str
    detail: str
    due_at: dt.datetime | None
    url: str
    mine: bool
    preview_url: str = ""  # the document as it will be signed (read before the PIN)


@dataclass(frozen=True)
class BatchKind:
    object_type: str
    # refs the user chose -> [(object_id, label)]; raises NotFound/Conflict for any it refuses
    resolve: Callable[[object, list[str]], list[tuple[str, str]]]
    # signs one object inside the caller's transaction, returns the SignedDocument
    sign: Callable[[str, services.Authorization], SignedDocument]
    # what awaits this user's signature, and (office clerks) this user's seal
    awaiting: Callable[[object], list[Awaiting]]
    awaiting_seal: Callable[[object], list[Awaiting]]
    # the same two for seal batches (office clerk): refs awaiting the seal -> targets; seal one object
    resolve_seal: Callable[[object, list[str]], list[tuple[str, str]]] | None = None
    seal: Callable[[str, services.Authorization], SignedDocument] | None = None

    def action(self, batch_kind: str) -> Callable[[str, services.Authorization], SignedDocument]:
        action = self.seal if batch_kind == SEAL else self.sign
        if action is None:
            raise Invalid("signing.batch_kind", "Loại văn bản này không đóng dấu theo lô được.")
        return action


KINDS: dict[str, BatchKind] = {}


def register(kind: BatchKind) -> None:
    KINDS[kind.object_type] = kind


def _kind(object_type: str) -> BatchKind:
    kind = KINDS.get(object_type)
    if kind is None:
        raise Invalid("signing.batch_kind", "Loại văn bản này không ký theo lô được.")
    return kind


def awaiting_for(user, object_type: str) -> list[Awaiting]:
    return _kind(object_type).awaiting(user)


def awaiting_seal_for(user, object_type: str) -> list[Awaiting]:
    return _kind(object_type).awaiting_seal(user)


# --- creating a batch ------------------------------------------------------------------------


def _clean_refs(refs: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(r.strip() for r in refs if r and r.strip()))
    if not cleaned:
        raise Invalid(
            "signing.batch_empty", "Chưa chọn văn bản nào để ký.", fields={"dossiers": "Bắt buộc."}
        )
    if len(cleaned) > MAX_ITEMS:
        raise Invalid(
            "signing.batch_too_large",
            f"Mỗi lô ký tối đa {MAX_ITEMS} văn bản.",
            fields={"dossiers": f"Tối đa {MAX_ITEMS}."},
        )
    return cleaned


def _refuse_queued(object_type: str, targets: list[tuple[str, str]]) -> None:
    ids = [object_id for object_id, _ in targets]
    queued = set(
        SigningBatchItem.objects.filter(
            batch__object_type=object_type, object_id__in=ids, state=ItemState.PENDING
        ).values_list("object_id", flat=True)
    )
    if queued:
        labels = [label for object_id, label in targets if object_id in queued]
        raise Conflict(
            "signing.already_queued",
            f"Văn bản đang chờ ký trong một lô khác: {', '.join(labels[:10])}.",
            fields={"dossiers": labels[:50]},
        )


def create_batch(
    user,
    refs: list[str],
    pin: str,
    *,
    object_type: str = "onestop.dossier",
    profile: str = "",
    batch_kind: str = SIGN,
) -> SigningBatch:
    """Check the choice, then the PIN (audited), then store the batch and hand it to the runner.

    ``batch_kind`` "sign" (leaders) or "seal" (office clerks: the organization seal on signed results).
    """
    if batch_kind not in (SIGN, SEAL):
        raise Invalid(
            "signing.batch_kind",
            "Loại lô không hợp lệ: chỉ “sign” hoặc “seal”.",
            fields={"kind": batch_kind},
        )
    if batch_kind == SEAL and not has_role(user, Role.OFFICE_CLERK):
        raise Forbidden("signing.no_authority", "Chỉ văn thư được đóng dấu số của cơ quan theo lô.")
    if batch_kind == SIGN and not has_role(user, Role.SIGNER):
        raise Forbidden("signing.no_authority", "Chỉ lãnh đạo có thẩm quyền ký mới ký theo lô.")
    kind = _kind(object_type)
    kind.action(batch_kind)
    resolve = kind.resolve_seal if batch_kind == SEAL else kind.resolve
    targets = resolve(user, _clean_refs(refs))
    _refuse_queued(object_type, targets)
    authorization = services.confirm(user, pin)
    with transaction.atomic():
        batch = SigningBatch(
            signer=user,
            object_type=object_type,
            kind=batch_kind,
            profile=profile or services.default_profile(),
            authorized_at=authorization.at,
        )
        workflow.create(batch, "create", by=user, count=len(targets))
        SigningBatchItem.objects.bulk_create(
            [
                SigningBatchItem(batch=batch, position=i, object_id=object_id, label=label[:100])
                for i, (object_id, label) in enumerate(targets, start=1)
            ]
        )
        _start_job(batch, len(targets))
    return batch


def _start_job(batch: SigningBatch, count: int) -> None:
    """The batch's job, queued in the batch's own transaction."""
    title = _("Đóng dấu số %(n)d văn bản") if batch.kind == SEAL else _("Ký số %(n)d văn bản")
    batch.job = jobs.start(
        JOB_KIND, owner=batch.signer, params={"batch": batch.pk}, title=title % {"n": count}
    )
    batch.save(update_fields=["job"])


def resume(batch: SigningBatch) -> bool:
    """Take over a stalled batch now (the page's "continue" button); False if it is not stalled."""
    if batch.job is None or not jobs.is_stalled(batch.job):
        return False
    jobs.resume(batch.job)
    return True


# --- running a batch -------------------------------------------------------------------------


def _claim(batch_pk: int, worker: str, stale_after: float) -> bool:
    try:
        workflow.transition(
            SigningBatch(pk=batch_pk),
            "claim",
            by=None,
            system=RUNNER,
            expected_version=None,
            worker=worker,
            stale_after=stale_after,
        )
    except DomainError:  # finished, or held by a live worker
        return False
    return True


def run_batch(batch_pk: int) -> bool:
    """Run the batch's job here and now; False if another live worker holds it."""
    job = SigningBatch.objects.get(pk=batch_pk).job
    return jobs.run_now(job).state == "succeeded"


def _describe(result) -> str:
    result = result or {}
    return _("Đã xử lý %(signed)d văn bản, %(failed)d văn bản không xử lý được.") % {
        "signed": result.get("signed", 0),
        "failed": result.get("failed", 0),
    }


@job_kind(JOB_KIND, title=gettext_lazy("Ký số theo lô"), max_attempts=5, describe=_describe)
def run_batch_job(job, ctx: Context) -> dict:
    """Sign the pending items; the job's lease is checked (ctx.progress) before each item."""
    batch_pk = job.params["batch"]
    # The job's lease makes this worker the only runner: the batch is claimed on its behalf.
    if not _claim(batch_pk, ctx.worker[:100], 0):
        return _counts(SigningBatch.objects.get(pk=batch_pk))  # finished already
    batch = SigningBatch.objects.select_related("signer").get(pk=batch_pk)
    action = _kind(batch.object_type).action(batch.kind)
    authorization = services.Authorization(
        batch.signer, batch.authorized_at, batch.pk, batch.profile
    )
    counts = _counts(batch)
    done = counts["done"]
    pending = (
        batch.items.filter(state=ItemState.PENDING)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    with services.keep_signers():
        for item_pk in list(pending):
            ctx.progress(done, counts["total"])  # raises LeaseLost once taken over
            _run_item(item_pk, action, authorization)
            done += 1
    ctx.progress(done, counts["total"])
    _finish(batch, ctx.worker[:100])
    ctx.save_result(f"lo-ky-so-{batch.public_id.hex[:8]}.xlsx", report_xlsx(batch))
    final = _counts(batch)
    return {"signed": final["signed"], "failed": final["failed"]}


def report_xlsx(batch: SigningBatch) -> bytes:
    """The batch's outcome item by item, the job's downloadable result."""
    sealing = batch.kind == SEAL
    rows = [
        [
            item.position,
            item.label,
            _item_label(item.state, sealing),
            item.error_message,
            str(item.document.public_id) if item.document else "",
        ]
        for item in batch.items.select_related("document").order_by("position")
    ]
    title = _("Kết quả lô đóng dấu số") if sealing else _("Kết quả lô ký số")
    return write_table(
        XlsxTable(
            header=["#", _("Hồ sơ"), _("Kết quả"), _("Lý do"), _("Mã xác thực văn bản")],
            rows=rows,
            title_rows=[f"{title} · {timezone.localtime(batch.created_at):%H:%M %d/%m/%Y}"],
            col_widths=[5, 24, 18, 50, 38],
            sheet_name=_("Kết quả"),
        )
    )


def _run_item(
    item_pk: int,
    action: Callable[[str, services.Authorization], SignedDocument],
    authorization: services.Authorization,
) -> None:
    try:
        with transaction.atomic():
            item = SigningBatchItem.objects.select_for_update().get(pk=item_pk)
            if item.state != ItemState.PENDING:
                return
            if timezone.now() - authorization.at > AUTHORIZATION_TTL:
                raise Conflict(
                    "signing.batch_expired",
                    "Xác nhận mã PIN của lô đã quá 8 giờ; hãy chọn và ký lại trong một lô mới.",
                )
            doc = action(item.object_id, authorization)
            workflow.transition(
                item,
                "sign",
                by=authorization.user,
                system=RUNNER,
                expected_version=item.version,
                document=doc,
            )
    except DomainError as exc:
        _fail(item_pk, exc.code, exc.message)
    except Exception:  # noqa: BLE001 - one broken item must not stop the others
        log.exception("signing batch item %s failed", item_pk)
        _fail(
            item_pk,
            "signing.item_error",
            "Lỗi hệ thống khi ký văn bản này; văn bản chưa bị thay đổi, các văn bản khác không bị ảnh hưởng.",
        )


def _fail(item_pk: int, code: str, message: str) -> None:
    try:
        workflow.transition(
            SigningBatchItem(pk=item_pk),
            "fail",
            by=None,
            system=RUNNER,
            expected_version=None,
            error_code=code,
            error_message=message,
        )
    except Conflict:
        pass  # no longer pending: signed or failed meanwhile


def _finish(batch: SigningBatch, worker: str) -> None:
    try:
        workflow.transition(
            batch, "finish", by=batch.signer, system=RUNNER, expected_version=None, worker=worker
        )
    except Conflict:
        pass  # taken over by another worker (which finishes it), or already finished


# --- reading a batch -------------------------------------------------------------------------


def get_batch(user, public_id) -> SigningBatch:
    """The user's own batch; anyone else's is "not found" (no hint that it exists)."""
    batch = SigningBatch.objects.filter(public_id=public_id).select_related("signer").first()
    if batch is None or batch.signer_id != user.pk:
        raise NotFound("signing.batch_not_found", "Không tìm thấy lô ký số này.")
    return batch


def _counts(batch: SigningBatch) -> dict:
    rows = {
        r["state"]: r["n"] for r in batch.items.order_by().values("state").annotate(n=Count("pk"))
    }
    signed, failed, pending = (
        rows.get(s, 0) for s in (ItemState.SIGNED, ItemState.FAILED, ItemState.PENDING)
    )
    return {
        "total": signed + failed + pending,
        "signed": signed,
        "failed": failed,
        "pending": pending,
        "done": signed + failed,
    }


def is_stalled(batch: SigningBatch) -> bool:
    """Its job's worker stopped (or no worker took it up): it will be taken over and resumed."""
    if batch.state == BatchState.FINISHED or batch.job is None:
        return False
    return jobs.is_stalled(batch.job)


def progress(batch: SigningBatch) -> dict:
    items = batch.items.select_related("document").order_by("position")
    sealing = batch.kind == SEAL
    return {
        "id": batch.public_id,
        "kind": batch.kind,
        "state": batch.state,
        "state_label": _state_label(batch),
        "profile": batch.profile,
        "created_at": batch.created_at,
        "finished_at": batch.finished_at,
        "stalled": is_stalled(batch),
        "job_id": batch.job.public_id if batch.job else None,
        **_counts(batch),
        "items": [
            {
                "position": item.position,
                "ref": item.label,
                "state": item.state,
                "state_label": _item_label(item.state, sealing),
                "error_code": item.error_code or None,
                "error_message": item.error_message or None,
                "public_id": item.document.public_id if item.document else None,
            }
            for item in items
        ],
    }


_SEAL_BATCH_LABELS = {
    BatchState.PENDING: gettext_lazy("Chờ đóng dấu"),
    BatchState.RUNNING: gettext_lazy("Đang đóng dấu"),
    BatchState.FINISHED: gettext_lazy("Đã xong"),
}
_SEAL_ITEM_LABELS = {
    ItemState.PENDING: gettext_lazy("Chờ đóng dấu"),
    ItemState.SIGNED: gettext_lazy("Đã đóng dấu"),
    ItemState.FAILED: gettext_lazy("Không đóng dấu được"),
}


def _state_label(batch: SigningBatch) -> str:
    label = _SEAL_BATCH_LABELS[batch.state] if batch.kind == SEAL else BatchState(batch.state).label
    return str(label)  # in the reader's language


def _item_label(state: str, sealing: bool) -> str:
    return str(_SEAL_ITEM_LABELS[state] if sealing else ItemState(state).label)
