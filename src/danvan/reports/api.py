"""GET /api/v1/reports/mobilization and /service-quality?unit=&from=&to=[&format=xlsx|docx|pdf]."""

import datetime as dt

from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from danvan.reports import access, exports, periods

router = Router()


class ReportParams(Schema):
    unit: str = Field(
        ..., max_length=20, description="Mã đơn vị (01 Hà Nội, 00070 Phường Hoàn Kiếm)"
    )
    from_: dt.date = Field(..., alias="from")
    to: dt.date
    format: str = Field("json", pattern=r"^(json|xlsx|docx|pdf)$")


def _answer(request, kind: str, params: ReportParams):
    period = periods.from_dates(params.from_, params.to)
    unit = access.unit_from_code(params.unit, period.start)
    access.require_reader(request.auth, unit)
    report = exports.build(kind, unit, period)
    if params.format == "json":
        return report
    name, content_type, data = exports.render(report, params.format)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/mobilization", response=dict, summary="Báo cáo công tác dân vận")
def mobilization(request, params: Query[ReportParams]):
    """Six-month mass-mobilization report (docs/reports.md): sections of figures by code, each
    with the previous period and the same period last year; "chưa có phân hệ" when no app
    registered the code."""
    return _answer(request, "mobilization", params)


@router.get("/service-quality", response=dict, summary="Báo cáo chất lượng phục vụ (766)")
def service_quality(request, params: Query[ReportParams]):
    """Decision 766 index with every indicator's numerator, denominator, rate and points, and
    the operational figures of SPEC §7 (docs/reports.md)."""
    return _answer(request, "service-quality", params)
