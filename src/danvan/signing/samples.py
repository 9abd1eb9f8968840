"""Batches and batch items in any state for the generic workflow property test (tests only;
they need the demo world's leader)."""

import datetime as dt

from django.utils import timezone

from danvan.accounts.models import User
from danvan.signing.models import BatchState, SigningBatch, SigningBatchItem
from danvan.workflow.testing import Sample

LEADER = "leader.hoankiem"


def make_batch(state) -> SigningBatch:
    now = timezone.now()
    running = state != BatchState.PENDING
    return SigningBatch.objects.create(
        signer=User.objects.get(username=LEADER),
        object_type="onestop.dossier",
        profile="B-T",
        authorized_at=now,
        state=state,
        worker="sample-worker" if running else "",
        # A running batch whose worker stopped beating two hours ago: it may be taken over.
        heartbeat_at=now - dt.timedelta(hours=2) if running else None,
        finished_at=now if state == BatchState.FINISHED else None,
    )


def _batch_data(t, batch) -> dict:
    return {"worker": batch.worker or "sample-worker", "stale_after": 60}


def batch() -> Sample:
    return Sample(make=make_batch, data=_batch_data, examples=10, max_steps=4)


def make_item(state) -> SigningBatchItem:
    owner = make_batch(BatchState.RUNNING)
    return SigningBatchItem.objects.create(
        batch=owner, position=1, object_id="0", label="Văn bản thử", state=state
    )


def _item_data(t, item) -> dict:
    return {"error_code": "signing.item_error", "error_message": "Lỗi thử."}


def batch_item() -> Sample:
    return Sample(make=make_item, data=_item_data, examples=8, max_steps=3)
