"""Batch signing API for leaders (SPEC §3, §8):

POST /api/v1/signing/batches        {"dossiers": [codes], "pin": "...", "kind": "sign" | "seal"} → 202 and
                                    the batch (pending); "seal": the office clerk seals signed results
GET  /api/v1/signing/batches/{id}   progress: total, done, signed, failed, pending, one row per item

Only the user who created a batch sees it (anyone else: 404).
"""

import datetime as dt
import uuid
from typing import Annotated, Literal

from ninja import Router, Schema, Status
from pydantic import Field

from danvan.signing import batches

router = Router()

Code = Annotated[str, Field(min_length=1, max_length=60)]


class BatchIn(Schema):
    dossiers: list[Code] = Field(
        ...,
        min_length=1,
        max_length=batches.MAX_ITEMS,
        description="mã các hồ sơ đang chờ lãnh đạo ký (hoặc chờ văn thư đóng dấu)",
    )
    pin: str = Field(
        ..., min_length=1, max_length=16, description="mã PIN ký số (xác nhận một lần cho cả lô)"
    )
    kind: Literal["sign", "seal"] = Field(
        "sign", description="sign: lãnh đạo ký số; seal: văn thư đóng dấu số"
    )


class BatchItemOut(Schema):
    position: int
    ref: str = Field(description="mã hồ sơ")
    state: str = Field(description="pending | signed (đã ký / đã đóng dấu) | failed")
    state_label: str
    error_code: str | None = None
    error_message: str | None = None
    public_id: uuid.UUID | None = Field(None, description="mã xác thực của văn bản đã ký")


class BatchOut(Schema):
    id: uuid.UUID
    kind: str = Field(description="sign | seal")
    state: str = Field(description="pending | running | finished")
    state_label: str
    profile: str
    created_at: dt.datetime
    finished_at: dt.datetime | None = None
    stalled: bool = Field(description="người chạy lô đã dừng; lô sẽ được chạy tiếp")
    total: int
    done: int = Field(description="đã xử lý (ký được hoặc lỗi)")
    signed: int = Field(description="đã ký (lô seal: đã đóng dấu)")
    failed: int
    pending: int
    items: list[BatchItemOut]


@router.post("/batches", response={202: BatchOut}, summary="Ký số theo lô (một lần nhập PIN)")
def create_batch(request, payload: BatchIn):
    # With an Idempotency-Key a repeat replays the first 202 (core.idempotency); without one the
    # service refuses it (the dossiers are already queued, 409). A refused PIN is never replayed:
    # only successful answers are kept, so every wrong PIN stays audited.
    batch = batches.create_batch(
        request.auth, payload.dossiers, payload.pin, batch_kind=payload.kind
    )
    return Status(202, batches.progress(batch))


@router.get("/batches/{batch_id}", response=BatchOut, summary="Tiến độ lô ký số")
def get_batch(request, batch_id: uuid.UUID):
    return batches.progress(batches.get_batch(request.auth, batch_id))
