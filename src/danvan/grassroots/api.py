"""Petitions and hot spots for officials: /api/v1/petitions, /api/v1/hotspots (SPEC §8)."""

import datetime as dt
from typing import Any

from ninja import Query, Router, Schema, Status
from pydantic import Field

from danvan.accounts import scope
from danvan.accounts.models import User
from danvan.api.pagination import PageParams, paginate
from danvan.core.errors import Invalid, NotFound
from danvan.core.idempotency import run_once
from danvan.grassroots import matching, services
from danvan.grassroots.models import Hotspot, Matter
from danvan.grassroots.serializers import (
    hotspot_detail,
    hotspot_row,
    petition_detail,
    petition_row,
)
from danvan.units.services import current_unit
from danvan.workflow import transition

router = Router()
hotspot_router = Router()


class PetitionIn(Schema):
    unit: str = Field(..., max_length=20)
    kind: str = Field(..., max_length=20)
    category: str = Field(..., max_length=20)
    channel: str = Field("api", max_length=20)
    title: str = Field("", max_length=300)
    description: str = Field(..., min_length=1, max_length=10000)
    village: str = Field("", max_length=150)
    address: str = Field("", max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    project_segment: str = Field("", max_length=60)
    petitioner_name: str = Field("", max_length=150)
    petitioner_phone: str = Field("", max_length=20)
    petitioner_email: str = Field("", max_length=254)
    petitioner_address: str = Field("", max_length=300)
    petitioner_national_id: str = Field("", max_length=12)
    people_count: int = Field(1, ge=1, le=10000)
    representatives: int = Field(0, ge=0, le=10000)
    forwarded_from: str = Field("", max_length=200)
    source_ref: str = Field("", max_length=100)


class PetitionFilter(Schema):
    unit: str | None = Field(None, max_length=20)
    state: str | None = Field(None, max_length=20)
    kind: str | None = Field(None, max_length=20)
    category: str | None = Field(None, max_length=20)
    received_from: dt.date | None = Field(None, alias="from")
    received_to: dt.date | None = Field(None, alias="to")


class Page(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[dict[str, Any]]


class TransitionIn(Schema):
    action: str = Field(..., max_length=40)
    expected_version: int = Field(..., ge=0)
    reason: str = Field("", max_length=2000)
    answer: str = Field("", max_length=10000)
    answer_ref: str = Field("", max_length=60)
    handling_body: str = Field("", max_length=200)
    handler: str | None = Field(None, max_length=150)
    complex_case: bool = False
    transferred_to: str = Field("", max_length=200)
    level: str = Field("", max_length=20)


class GroupIn(Schema):
    matter_id: int | None = None
    title: str = Field("", max_length=300)


class HotspotTransitionIn(Schema):
    action: str = Field(..., max_length=40)
    expected_version: int = Field(..., ge=0)
    reason: str = Field("", max_length=2000)
    lead_body: str = Field("", max_length=200)
    responsible: str = Field("", max_length=150)
    plan: str = Field("", max_length=5000)


@router.post("", response={201: dict[str, Any]}, summary="Tiếp nhận đơn (quầy, tiếp công dân, API)")
def create_petition(request, payload: PetitionIn):
    user = request.auth
    unit = current_unit(payload.unit)
    scope.require_unit(user, unit, services.HANDLERS)

    def produce():
        data = services.PetitionInput(**payload.dict(exclude={"unit"}))
        petition = services.receive(data, unit=unit, by=user)
        return 201, petition_detail(petition, user)

    status, body = run_once(
        request.headers.get("Idempotency-Key"),
        user=user,
        scope="petitions.create",
        payload=payload.dict(),
        produce=produce,
    )
    return Status(status, body)


@router.get("", response=Page, summary="Danh sách đơn trong phạm vi được giao")
def list_petitions(request, f: Query[PetitionFilter], page: Query[PageParams]):
    user = request.auth
    scope.require_role(user, *services.READERS)
    qs = services.visible(user)
    if f.unit:
        qs = qs.filter(unit__path__startswith=current_unit(f.unit).path)
    for name in ("state", "kind", "category"):
        if getattr(f, name):
            qs = qs.filter(**{name: getattr(f, name)})
    if f.received_from:
        qs = qs.filter(received_at__date__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_at__date__lte=f.received_to)
    return paginate(qs.order_by("-received_at", "id"), page, lambda p: petition_row(p, user))


@router.get("/{code}", response=dict[str, Any], summary="Chi tiết đơn")
def get_petition(request, code: str):
    return petition_detail(services.get_visible(request.auth, code), request.auth)


@router.post("/{code}/transitions", response=dict[str, Any], summary="Chuyển trạng thái đơn")
def post_transition(request, code: str, payload: TransitionIn):
    user = request.auth
    petition = services.get_visible(user, code)
    data = payload.dict(exclude={"action", "expected_version"})
    if payload.handler:
        handler = User.objects.filter(username=payload.handler).first()
        if handler is None:
            raise Invalid("petition.bad_handler", f"Không có cán bộ {payload.handler[:40]}.")
        data["handler"] = handler
    else:
        data.pop("handler")
    petition = services.apply(
        petition, payload.action, by=user, expected_version=payload.expected_version, **data
    )
    return petition_detail(petition, user)


@router.get(
    "/{code}/suggestions", response=list[dict[str, Any]], summary="Đơn có thể trùng, liên quan"
)
def get_suggestions(request, code: str):
    petition = services.get_visible(request.auth, code)
    return [
        {
            "tracking_code": s.petition.tracking_code,
            "title": s.petition.title,
            "score": s.score,
            "duplicate": s.duplicate,
            "matter_id": s.petition.matter_id,
        }
        for s in matching.suggest(petition)
    ]


@router.post("/{code}/group", response=dict[str, Any], summary="Gộp đơn vào vụ việc")
def post_group(request, code: str, payload: GroupIn):
    user = request.auth
    petition = services.get_visible(user, code)
    matter = None
    if payload.matter_id is not None:
        matter = Matter.objects.filter(pk=payload.matter_id).first()
        if matter is None or not scope.covers(user, matter.unit, services.READERS):
            raise NotFound("matter.not_found", "Không tìm thấy vụ việc.")
    matter = services.group(petition, by=user, matter=matter, title=payload.title)
    return {"matter_id": matter.pk, "title": matter.title}


# --- hot spots ------------------------------------------------------------------------------


def _hotspot(user, pk: int) -> Hotspot:
    hot = Hotspot.objects.select_related("unit", "matter").filter(pk=pk).first()
    if hot is None or not scope.covers(user, hot.unit, services.READERS):
        raise NotFound("hotspot.not_found", "Không tìm thấy điểm nóng.")
    return hot


@hotspot_router.get("", response=Page, summary="Điểm nóng, xếp theo mức độ")
def list_hotspots(
    request, page: Query[PageParams], state: str | None = None, unit: str | None = None
):
    scope.require_role(request.auth, *services.READERS)
    qs = scope.scoped(
        Hotspot.objects.select_related("unit", "matter"), request.auth, roles=services.READERS
    )
    if unit:
        qs = qs.filter(unit__path__startswith=current_unit(unit[:20]).path)
    if state:
        qs = qs.filter(state=state[:20])
    return paginate(qs.order_by("-score", "-opened_at", "id"), page, hotspot_row)


@hotspot_router.get("/{hotspot_id}", response=dict[str, Any], summary="Chi tiết điểm nóng")
def get_hotspot(request, hotspot_id: int):
    return hotspot_detail(_hotspot(request.auth, hotspot_id), request.auth)


@hotspot_router.post(
    "/{hotspot_id}/transitions", response=dict[str, Any], summary="Giao chủ trì, xác nhận ổn định"
)
def post_hotspot_transition(request, hotspot_id: int, payload: HotspotTransitionIn):
    user = request.auth
    hot = _hotspot(user, hotspot_id)
    hot = transition(
        hot,
        payload.action,
        by=user,
        expected_version=payload.expected_version,
        **payload.dict(exclude={"action", "expected_version"}),
    )
    return hotspot_detail(hot, user)
