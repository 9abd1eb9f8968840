"""GET /api/v1/procedures and /api/v1/procedures/{code}: the public procedure catalogue."""

from typing import Literal

from django.db.models import Q
from ninja import Query, Router, Schema
from pydantic import Field

from danvan.api.pagination import PageParams, paginate
from danvan.core.errors import NotFound
from danvan.procedures.catalogue import fee_text, source_links
from danvan.procedures.models import Procedure

router = Router()

OnlineLevelCode = Literal["full", "partial", "info", "unknown"]
TimeUnitCode = Literal["working_days", "working_hours", "calendar_days", "same_day"]


class ProcedureOut(Schema):
    code: str
    name: str
    field: str
    level: str
    time_value: float | None = Field(description="Thời hạn giải quyết; null = chưa xác nhận")
    time_unit: TimeUnitCode | None
    time_text: str = Field(description="Thời hạn bằng chữ; “Chưa xác nhận” khi chưa có")
    cutoff_15h: bool
    is_no_wait: bool
    has_no_appointment: bool
    no_wait_target_minutes: int
    fee_vnd: int | None = Field(description="Phí, lệ phí (đồng); null = chưa xác nhận, 0 = miễn")
    fee_text: str
    online_level: OnlineLevelCode
    online_level_text: str
    needs_paper_result: bool


class ComponentOut(Schema):
    component_id: int = Field(
        ..., description="mã thành phần, dùng khi nộp hồ sơ (POST /api/v1/dossiers)"
    )
    position: int
    name: str
    copy_kind: Literal["original", "certified_copy", "copy"]
    copy_kind_text: str
    quantity: int
    shown_only: bool
    required: bool
    vault_types: list[str]


class StepOut(Schema):
    position: int
    name: str
    role: str
    budget_hours: float
    note: str


class ProcedureDetailOut(ProcedureOut):
    fee_note: str
    result_name: str
    supplement_rule: str
    legal_basis: str
    source_urls: list[str]
    components: list[ComponentOut]
    steps: list[StepOut]


class ProcedurePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[ProcedureOut]


class ProcedureFilter(Schema):
    field: str | None = Field(
        None, max_length=200, description="Lĩnh vực, đúng tên (ví dụ: Hộ tịch)"
    )
    q: str | None = Field(None, max_length=100, description="Tìm trong tên hoặc mã thủ tục")
    no_wait: bool | None = Field(None, description="true: chỉ thủ tục không chờ")
    online_level: OnlineLevelCode | None = None


def filter_procedures(queryset, *, field=None, q=None, no_wait=None, online_level=None):
    """The catalogue filters, shared by the API and the public pages."""
    if field:
        queryset = queryset.filter(field=field)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if no_wait is not None:
        queryset = queryset.filter(is_no_wait=no_wait)
    if online_level:
        queryset = queryset.filter(online_level=online_level)
    return queryset


def serialize(procedure: Procedure) -> dict:
    confirmed = procedure.time_is_confirmed
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field,
        "level": procedure.level,
        "time_value": float(procedure.time_value) if confirmed else None,
        "time_unit": procedure.time_unit if confirmed else None,
        "time_text": procedure.statutory_time_text(),
        "cutoff_15h": procedure.cutoff_15h,
        "is_no_wait": procedure.is_no_wait,
        "has_no_appointment": procedure.has_no_appointment,
        "no_wait_target_minutes": procedure.no_wait_target_minutes,
        "fee_vnd": procedure.fee_vnd,
        "fee_text": fee_text(procedure),
        "online_level": procedure.online_level,
        "online_level_text": str(procedure.get_online_level_display()),
        "needs_paper_result": procedure.needs_paper_result,
    }


def serialize_detail(procedure: Procedure) -> dict:
    data = serialize(procedure)
    data.update(
        {
            "fee_note": procedure.fee_note,
            "result_name": procedure.result_name,
            "supplement_rule": procedure.supplement_rule,
            "legal_basis": procedure.legal_basis,
            "source_urls": source_links(procedure),
            "components": [
                {
                    "component_id": c.pk,
                    "position": c.position,
                    "name": c.name,
                    "copy_kind": c.copy_kind,
                    "copy_kind_text": c.get_copy_kind_display(),
                    "quantity": c.quantity,
                    "shown_only": c.shown_only,
                    "required": c.required,
                    "vault_types": c.vault_types,
                }
                for c in procedure.components.all()
            ],
            "steps": [
                {
                    "position": s.position,
                    "name": s.name,
                    "role": s.role,
                    "budget_hours": float(s.budget_hours),
                    "note": s.note,
                }
                for s in procedure.steps.all()
            ],
        }
    )
    return data


def get_active(code: str) -> Procedure:
    procedure = Procedure.objects.filter(code=code[:40], is_active=True).first()
    if procedure is None:
        raise NotFound("procedure.not_found", f"Không có thủ tục hành chính mã {code[:40]}.")
    return procedure


@router.get("", response=ProcedurePage, auth=None, summary="Danh mục thủ tục hành chính")
def list_procedures(request, filters: Query[ProcedureFilter], page: Query[PageParams]):
    qs = filter_procedures(Procedure.objects.filter(is_active=True), **filters.dict())
    return paginate(qs.order_by("field", "code"), page, serialize)


@router.get(
    "/{code}",
    response=ProcedureDetailOut,
    auth=None,
    summary="Một thủ tục: thành phần hồ sơ, các bước, thời hạn, phí",
)
def get_procedure(request, code: str):
    return serialize_detail(get_active(code))
