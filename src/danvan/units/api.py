"""GET /api/v1/units?parent=CODE and /api/v1/units/{code}; ?at=YYYY-MM-DD answers for a past date."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from danvan.api.pagination import PageParams, paginate
from danvan.core.errors import NotFound
from danvan.units.models import Unit
from danvan.units.services import unit_by_code

router = Router()


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    division_type: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    parent_code: str | None
    latitude: float | None
    longitude: float | None
    area_km2: float | None


class UnitDetailOut(UnitOut):
    ancestors: list[UnitOut]
    children_count: int
    successors: list[UnitOut]
    predecessors: list[UnitOut]


class UnitPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[UnitOut]


class UnitFilter(Schema):
    parent: str | None = Field(None, max_length=20, pattern=r"^[0-9A-Za-z\-]+$")
    at: dt.date | None = None
    kind: str | None = Field(None, pattern=r"^(province|district|commune|village)$")
    q: str | None = Field(None, max_length=100)


def serialize(unit: Unit) -> dict:
    parent = unit.parent if unit.parent_id else None
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "division_type": unit.division_type,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "parent_code": parent.code if parent else None,
        "latitude": unit.latitude,
        "longitude": unit.longitude,
        "area_km2": unit.area_km2,
    }


@router.get("", response=UnitPage, auth=None, summary="Danh sách đơn vị hành chính")
def list_units(request, filters: Query[UnitFilter], page: Query[PageParams]):
    day = filters.at or timezone.localdate()
    qs = Unit.objects.valid_on(day).select_related("parent")
    if filters.parent:
        parent = unit_by_code(filters.parent, day)
        qs = qs.filter(parent=parent)
    elif not filters.q:
        qs = qs.filter(parent__isnull=True)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(code=filters.q))
    return paginate(qs.order_by("code"), page, serialize)


@router.get(
    "/{code}", response=UnitDetailOut, auth=None, summary="Một đơn vị và chuỗi đơn vị cấp trên"
)
def get_unit(request, code: str, at: dt.date | None = None):
    day = at or timezone.localdate()
    if len(code) > 20:
        raise NotFound(
            "unit.not_found", f"Không có đơn vị mã {code[:20]}… vào ngày {day:%d/%m/%Y}."
        )
    unit = unit_by_code(code, day)
    unit = Unit.objects.select_related("parent").annotate(n=Count("children")).get(pk=unit.pk)
    data = serialize(unit)
    data["ancestors"] = [serialize(u) for u in unit.ancestors()]
    data["children_count"] = unit.n
    data["successors"] = [serialize(u) for u in unit.successors.select_related("parent")]
    data["predecessors"] = [serialize(u) for u in unit.predecessors.select_related("parent")]
    return data
