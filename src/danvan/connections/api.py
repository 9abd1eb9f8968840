"""The outbox in the API (SPEC §8), for administrators:

GET  /api/v1/outbox                 messages, newest first (?state=pending|sending|sent|failed|skipped)
GET  /api/v1/outbox/{id}            one message: state, attempts, last error, the receiver's answer
POST /api/v1/outbox/{id}/retry      send a failed message again (409 outbox.not_failed otherwise)
GET  /api/v1/outbox/unsynced        received dossiers the national portal does not hold as they are
"""

import datetime as dt
import uuid

from ninja import Query, Router, Schema
from pydantic import Field

from danvan.api.pagination import PageParams, paginate
from danvan.connections import services
from danvan.connections.services import outbox
from danvan.core.errors import Forbidden

router = Router()


class MessageOut(Schema):
    id: int
    public_id: uuid.UUID = Field(description="gửi kèm mỗi lần gửi (X-Idempotency-Key)")
    kind: str
    key: str
    label: str
    state: str = Field(description="pending | sending | sent | failed | skipped")
    state_label: str
    attempts: int
    max_attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str
    response: dict | list | None = None
    created_at: dt.datetime
    sent_at: dt.datetime | None = None


class MessagePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[MessageOut]


class UnsyncedOut(Schema):
    code: str
    unit: str
    status: int
    synced_at: dt.datetime | None = None


class UnsyncedPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[UnsyncedOut]


class StateFilter(Schema):
    state: str = Field("", max_length=16)


def _out(m) -> dict:
    return {
        "id": m.pk,
        "public_id": m.public_id,
        "kind": m.kind,
        "key": m.key,
        "label": m.label,
        "state": m.state,
        "state_label": str(m.get_state_display()),
        "attempts": m.attempts,
        "max_attempts": m.max_attempts,
        "next_attempt_at": m.next_attempt_at if m.state == "pending" else None,
        "last_error": m.last_error,
        "response": m.response,
        "created_at": m.created_at,
        "sent_at": m.sent_at,
    }


def _require(user) -> None:
    if not outbox.may_see(user):
        raise Forbidden("outbox.forbidden", "Chỉ quản trị viên được xem hộp thư đi.")


@router.get("", response=MessagePage, summary="Hộp thư đi")
def list_messages(request, page: Query[PageParams], f: Query[StateFilter]):
    _require(request.auth)
    qs = outbox.visible(request.auth).order_by("-id")
    if f.state:
        qs = qs.filter(state=f.state)
    return paginate(qs, page, _out)


@router.get("/unsynced", response=UnsyncedPage, summary="Hồ sơ chưa đồng bộ lên Cổng DVC quốc gia")
def list_unsynced(request, page: Query[PageParams]):
    _require(request.auth)
    qs = services.unsynced_for(request.auth).select_related("unit", "portal_sync")
    qs = qs.order_by("-received_at", "-id")

    def row(d):
        sync = getattr(d, "portal_sync", None)
        return {
            "code": d.code,
            "unit": d.unit.code,
            "status": d.status,
            "synced_at": sync.synced_at if sync else None,
        }

    return paginate(qs, page, row)


@router.get("/{message_id}", response=MessageOut, summary="Một tin trong hộp thư đi")
def get_message(request, message_id: int):
    _require(request.auth)
    return _out(outbox.get(message_id, request.auth))


@router.post("/{message_id}/retry", response=MessageOut, summary="Gửi lại một tin không thành công")
def retry_message(request, message_id: int):
    _require(request.auth)
    return _out(outbox.retry(outbox.get(message_id, request.auth), by=request.auth))
