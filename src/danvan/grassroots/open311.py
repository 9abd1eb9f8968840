"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the petitions: the standard's
paths, format suffixes (.json, .xml), field names and error list. docs/open311.md maps the fields.

- service_code: a petition category (Category); jurisdiction_id: the unit's official code.
- POST requests needs an `api_key` of a trusted submitter (Open311Key); the citizen's data goes
  to the petition (masked everywhere but to those who handle it); GET answers carry no personal
  data (no description, no name, the address reduced to the unit, the point rounded).
"""

import datetime as dt
import hashlib
from xml.etree import ElementTree as ET

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from danvan.core.errors import DomainError
from danvan.core.ratelimit import limit_public
from danvan.grassroots import public, services
from danvan.grassroots.models import PETITION_CLOSED, Category, Channel, Kind, Open311Key, Petition
from danvan.units.models import Unit

SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-01T00:00:00Z"
SERVICE_DESCRIPTIONS = {
    Category.LAND: "Đất đai, bồi thường, giải phóng mặt bằng, tranh chấp ranh giới, lối đi",
    Category.ENVIRONMENT: "Rác thải, tiếng ồn, khói bụi, nước thải, ô nhiễm",
    Category.ORDER: "An ninh trật tự, lấn chiếm vỉa hè, đua xe, tụ tập",
    Category.CONDUCT: "Thái độ, tác phong của cán bộ, kỷ luật hành chính",
    Category.SOCIAL: "Trợ cấp, hộ nghèo, bảo hiểm y tế, chính sách xã hội",
    Category.INFRASTRUCTURE: "Đường, cống thoát nước, chiếu sáng, cây xanh, cầu",
    Category.OTHER: "Các phản ánh, kiến nghị khác",
}
KEYED_PER_MINUTE = 120  # a trusted app relays many citizens
GET_PER_MINUTE = 120  # apps poll the status of many requests


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# --- rendering ------------------------------------------------------------------------------


def _xml(root: str, item: str, rows: list[dict]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        el = ET.SubElement(top, item)
        _fill(el, row)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")


def _fill(el, row: dict) -> None:
    for key, value in row.items():
        child = ET.SubElement(el, key)
        if isinstance(value, list):
            for v in value:
                sub = ET.SubElement(child, key.rstrip("s") or "item")
                if isinstance(v, dict):
                    _fill(sub, v)
                else:
                    sub.text = _text(v)
        elif isinstance(value, dict):
            _fill(child, value)
        else:
            child.text = _text(value)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _respond(fmt: str, rows, root: str, item: str, status: int = 200):
    if fmt == "xml":
        return HttpResponse(
            _xml(root, item, rows if isinstance(rows, list) else [rows]),
            content_type="text/xml; charset=utf-8",
            status=status,
        )
    return JsonResponse(rows, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(fmt: str, status: int, description: str):
    return _respond(fmt, [{"code": status, "description": description}], "errors", "error", status)


def open311_view(methods=("GET",)):
    def wrap(view):
        @csrf_exempt
        @require_http_methods(list(methods))
        def inner(request, *args, fmt="json", **kwargs):
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return _error(fmt, exc.status, exc.description)
            except DomainError as exc:
                return _error(fmt, exc.status, exc.message)

        return inner

    return wrap


def _iso(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


# --- documents ------------------------------------------------------------------------------


@open311_view()
def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:services"))
    doc = {
        "changeset": CHANGESET,
        "contact": "Văn phòng UBND phường, xã nơi xảy ra sự việc; Ban Dân vận Thành ủy Hà Nội",
        "key_service": "Khóa api_key do quản trị viên Dân Vận Số cấp cho ứng dụng tin cậy",
        "endpoints": [
            {
                "specification": SPEC,
                "url": base.rsplit("/services.json", 1)[0],
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    if fmt == "xml":
        top = ET.Element("discovery")
        for key in ("changeset", "contact", "key_service"):
            ET.SubElement(top, key).text = doc[key]
        endpoints = ET.SubElement(top, "endpoints")
        for ep in doc["endpoints"]:
            el = ET.SubElement(endpoints, "endpoint")
            for key in ("specification", "url", "changeset", "type"):
                ET.SubElement(el, key).text = ep[key]
            formats = ET.SubElement(el, "formats")
            for f in ep["formats"]:
                ET.SubElement(formats, "format").text = f
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
        return HttpResponse(body, content_type="text/xml; charset=utf-8")
    return JsonResponse(doc, json_dumps_params={"ensure_ascii": False})


def service_list() -> list[dict]:
    return [
        {
            "service_code": code,
            "service_name": str(label),
            "description": SERVICE_DESCRIPTIONS[code],
            "metadata": True,
            "type": "realtime",
            "keywords": "phản ánh, kiến nghị, khiếu nại, tố cáo",
            "group": "Dân Vận Số",
        }
        for code, label in Category.choices
    ]


@open311_view()
def services_view(request, fmt):
    _jurisdiction(request.GET.get("jurisdiction_id"), required=False)
    return _respond(fmt, service_list(), "services", "service")


@open311_view()
def service_definition(request, service_code, fmt):
    if service_code not in Category.values:
        raise Open311Error(404, f"Không có dịch vụ mã {service_code[:40]}.")
    kinds = [{"key": k, "name": str(label)} for k, label in Kind.choices]
    definition = {
        "service_code": service_code,
        "attributes": [
            {
                "variable": True,
                "code": "kind",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "Loại đơn; mặc định là phản ánh",
                "order": 1,
                "description": "Loại đơn (phản ánh, kiến nghị, khiếu nại, tố cáo)",
                "values": kinds,
            },
            {
                "variable": True,
                "code": "people_count",
                "datatype": "number",
                "required": False,
                "datatype_description": "Số nguyên từ 1",
                "order": 2,
                "description": "Số người cùng gửi",
                "values": [],
            },
        ],
    }
    if fmt == "xml":
        top = ET.Element("service_definition")
        ET.SubElement(top, "service_code").text = service_code
        attrs = ET.SubElement(top, "attributes")
        for attr in definition["attributes"]:
            el = ET.SubElement(attrs, "attribute")
            for key in (
                "variable",
                "code",
                "datatype",
                "required",
                "datatype_description",
                "order",
                "description",
            ):
                ET.SubElement(el, key).text = _text(attr[key])
            values = ET.SubElement(el, "values")
            for v in attr["values"]:
                ve = ET.SubElement(values, "value")
                ET.SubElement(ve, "key").text = v["key"]
                ET.SubElement(ve, "name").text = v["name"]
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
        return HttpResponse(body, content_type="text/xml; charset=utf-8")
    return JsonResponse(definition, json_dumps_params={"ensure_ascii": False})


# --- requests -------------------------------------------------------------------------------


def _jurisdiction(code: str | None, *, required: bool) -> Unit | None:
    if not code:
        if required:
            raise Open311Error(400, "Thiếu jurisdiction_id (mã phường, xã nơi gửi).")
        return None
    from danvan.units.services import current_unit

    try:
        return current_unit(code.strip()[:20])
    except DomainError as exc:
        raise Open311Error(404, f"jurisdiction_id {code[:20]} không hợp lệ.") from exc


def _status(p: Petition) -> str:
    return "closed" if p.state in PETITION_CLOSED or p.state == "answered" else "open"


def request_row(p: Petition) -> dict:
    return {
        "service_request_id": p.tracking_code,
        "status": _status(p),
        "status_notes": p.answer or str(p.get_state_display()),
        "service_name": str(Category(p.category).label),
        "service_code": p.category,
        "description": "",  # the citizen's text is not published (personal data)
        "agency_responsible": p.handling_body or p.transferred_to or f"UBND {p.unit.name}",
        "service_notice": p.deadline_basis,
        "requested_datetime": _iso(p.received_at),
        "updated_datetime": _iso(p.answered_at or p.closed_at or p.received_at),
        "expected_datetime": _iso(p.due_at or p.acceptance_due_at),
        "address": p.unit.name,
        "address_id": "",
        "zipcode": "",
        "lat": round(p.latitude, 3) if p.latitude is not None else None,
        "long": round(p.longitude, 3) if p.longitude is not None else None,
        "media_url": "",
    }


def _trusted(api_key: str | None) -> Open311Key:
    key = Open311Key.objects.filter(key_hash=hash_key(api_key or ""), active=True).first()
    if not api_key or key is None:
        raise Open311Error(403, "api_key không hợp lệ hoặc chưa được cấp.")
    return key


def _float(value, name: str):
    if value in (None, ""):
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise Open311Error(400, f"{name} phải là số.") from exc


def _post(request, fmt):
    data = request.POST
    key = _trusted(data.get("api_key"))
    limit_public(request, f"open311:{key.pk}", KEYED_PER_MINUTE)
    unit = _jurisdiction(data.get("jurisdiction_id"), required=True)
    code = data.get("service_code") or ""
    if code not in Category.values:
        raise Open311Error(400, "service_code không hợp lệ (xem services.json).")
    lat, lng = _float(data.get("lat"), "lat"), _float(data.get("long"), "long")
    if not (data.get("address_string") or (lat is not None and lng is not None)):
        raise Open311Error(400, "Cần lat và long, hoặc address_string.")
    try:
        people = int(data.get("attribute[people_count]") or 1)
    except ValueError as exc:
        raise Open311Error(400, "attribute[people_count] phải là số nguyên.") from exc
    name = " ".join(x for x in (data.get("last_name", ""), data.get("first_name", "")) if x)
    petition_input = services.PetitionInput(
        kind=data.get("attribute[kind]") or Kind.FEEDBACK,
        category=code,
        title="",
        description=data.get("description") or "",
        address=(data.get("address_string") or "")[:300],
        latitude=lat,
        longitude=lng,
        petitioner_name=name[:150],
        petitioner_phone=(data.get("phone") or "")[:20],
        petitioner_email=(data.get("email") or "")[:254],
        people_count=people,
        source_ref=f"open311:{key.pk}:{(data.get('device_id') or '')[:60]}",
    )
    petition = public.submit(petition_input, unit=unit, channel=Channel.OPEN311)
    row = {
        "service_request_id": petition.tracking_code,
        "service_notice": petition.deadline_basis,
        "account_id": None,
    }
    return _respond(fmt, [row], "service_requests", "request", status=201)


def _get_list(request, fmt):
    q = request.GET
    unit = _jurisdiction(q.get("jurisdiction_id"), required=True)
    qs = Petition.objects.select_related("unit").filter(unit__path__startswith=unit.path)
    if q.get("service_request_id"):
        ids = [x.strip() for x in q["service_request_id"].split(",") if x.strip()][:100]
        qs = qs.filter(tracking_code__in=ids)
    else:
        end = _date(q.get("end_date")) or timezone.now()
        start = _date(q.get("start_date")) or end - dt.timedelta(days=90)
        qs = qs.filter(received_at__gte=start, received_at__lte=end)
        if q.get("service_code"):
            qs = qs.filter(category__in=q["service_code"].split(","))
        if q.get("status") in ("open", "closed"):
            closed = [*PETITION_CLOSED, "answered"]
            qs = (
                qs.filter(state__in=closed)
                if q["status"] == "closed"
                else qs.exclude(state__in=closed)
            )
    rows = [request_row(p) for p in qs.order_by("-received_at")[:1000]]
    return _respond(fmt, rows, "service_requests", "request")


def _date(value):
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Open311Error(400, "Ngày giờ phải theo ISO 8601 (w3c).") from exc
    return moment if moment.tzinfo else timezone.make_aware(moment)


@open311_view(methods=("GET", "POST"))
def requests_view(request, fmt):
    if request.method == "POST":
        return _post(request, fmt)
    limit_public(request, "open311-get", GET_PER_MINUTE)
    return _get_list(request, fmt)


@open311_view()
def request_detail(request, request_id, fmt):
    limit_public(request, "open311-get", GET_PER_MINUTE)
    p = Petition.objects.select_related("unit").filter(tracking_code=request_id[:20]).first()
    if p is None:
        raise Open311Error(404, f"Không có yêu cầu {request_id[:20]}.")
    return _respond(fmt, [request_row(p)], "service_requests", "request")


@require_GET
@open311_view()
def token_view(request, token, fmt):
    p = Petition.objects.filter(tracking_code=token[:20]).first()
    if p is None:
        raise Open311Error(404, f"Không có mã {token[:20]}.")
    return _respond(
        fmt,
        [{"service_request_id": p.tracking_code, "token": p.tracking_code}],
        "service_requests",
        "request",
    )
