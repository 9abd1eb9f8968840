"""The states of a signing batch and of each of its items, as tables run by danvan.workflow.

Only machines move them (the runner claims, finishes, signs or fails an item: ``system=``), on
behalf of the person who confirmed the batch with their PIN (``by``). A batch's items are written
with it, in their first state (pending); each item's signature is audited by the object's own
transition (a dossier's "approve" or "seal"), so the item table keeps its events only.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from danvan.core.errors import Conflict
from danvan.signing.models import (
    BatchKindChoice,
    BatchState,
    ItemState,
    SigningBatch,
    SigningBatchItem,
)
from danvan.workflow import NEW, Transition, Workflow

RUNNER = "signing.batch-runner"  # the ``system`` of the runner's transitions
B, IS = BatchState, ItemState


def _batch_audit(suffix: str):
    def code(ctx) -> str:
        return "signing." + ("seal_" if ctx.obj.kind == BatchKindChoice.SEAL else "") + suffix

    return code


def _takeable(ctx) -> None:
    """Pending, or running under a worker that stopped beating (its lease ran out)."""
    batch = ctx.obj
    if batch.state == B.PENDING:
        return
    stale = ctx.now - dt.timedelta(seconds=ctx.data.get("stale_after", 60))
    if batch.heartbeat_at is not None and batch.heartbeat_at >= stale:
        raise Conflict("signing.batch_busy", "Lô ký số đang được một tiến trình khác thực hiện.")


def _claim(ctx) -> None:
    batch = ctx.obj
    batch.worker, batch.heartbeat_at = ctx.data["worker"][:100], ctx.now
    batch.started_at = batch.started_at or ctx.now


def _held(ctx) -> None:
    if ctx.obj.worker != ctx.data.get("worker"):
        raise Conflict("signing.batch_taken_over", "Lô ký số đã được tiến trình khác tiếp nhận.")


def _finish(ctx) -> None:
    batch = ctx.obj
    batch.finished_at = batch.heartbeat_at = ctx.now
    rows = batch.items.order_by().values_list("state", flat=True)
    states = list(rows)
    ctx.data["signed"], ctx.data["failed"] = states.count(IS.SIGNED), states.count(IS.FAILED)


def _batch_audit_data(ctx) -> dict:
    counts = {k: ctx.data[k] for k in ("count", "signed", "failed", "worker") if k in ctx.data}
    return {"public_id": str(ctx.obj.public_id), **counts}


BATCH_FLOW = Workflow(
    name="signing.batch",
    model=SigningBatch,
    states=BatchState,
    closed={B.FINISHED},
    error_prefix="signing.batch",
    noun=_("lô ký số"),
    unit_of=lambda batch: None,
    audit_data=_batch_audit_data,
    sample="danvan.signing.samples.batch",
    transitions=[
        # Codes by kind ("signing.batch_created", "signing.seal_batch_created"…): batches.py
        # registers their sentences.
        Transition(
            "create", _("Tạo lô ký số"), {NEW}, B.PENDING, audit=_batch_audit("batch_created")
        ),
        Transition(
            "claim",
            _("Bắt đầu hoặc tiếp tục chạy lô"),
            {B.PENDING, B.RUNNING},
            B.RUNNING,
            guard=_takeable,
            effect=_claim,
            sentence=_("Tiến trình {worker} bắt đầu chạy lô ký số"),
        ),
        Transition(
            "finish",
            _("Hoàn thành lô"),
            {B.RUNNING},
            B.FINISHED,
            guard=_held,
            effect=_finish,
            audit=_batch_audit("batch_finished"),
        ),
    ],
)


def _signed(ctx) -> None:
    item = ctx.obj
    item.document, item.finished_at = ctx.data.get("document"), ctx.now


def _failed(ctx) -> None:
    item = ctx.obj
    item.error_code = (ctx.data.get("error_code") or "")[:64]
    item.error_message = (ctx.data.get("error_message") or "")[:500]
    item.finished_at = ctx.now


ITEM_FLOW = Workflow(
    name="signing.batch_item",
    model=SigningBatchItem,
    states=ItemState,
    closed={IS.SIGNED, IS.FAILED},
    error_prefix="signing.batch_item",
    noun=_("văn bản trong lô"),
    unit_of=lambda item: None,
    audited=False,
    sample="danvan.signing.samples.batch_item",
    transitions=[
        Transition("sign", _("Đã ký"), {IS.PENDING}, IS.SIGNED, effect=_signed),
        Transition("fail", _("Không ký được"), {IS.PENDING}, IS.FAILED, effect=_failed),
    ],
)
