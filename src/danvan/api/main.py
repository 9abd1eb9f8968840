"""The ninja API object: /api/v1/, its error handlers, and the routers of every app."""

import logging
from importlib import import_module

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from danvan.api.auth import OFFICIAL_AUTH
from danvan.api.errors import error_response, validation_fields
from danvan.core.errors import DomainError

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="Dân Vận Số API",
    version="1",
    description="API của Dân Vận Số: đơn vị hành chính, thủ tục, hồ sơ một cửa, chữ ký số, kho dữ liệu.",
    urls_namespace="api",
    auth=OFFICIAL_AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
)

# (module, prefix, tag). Each app owns its router in <app>/api.py.
ROUTERS = [
    ("danvan.units.api", "/units", "Đơn vị hành chính"),
    ("danvan.accounts.api", "/me", "Tài khoản"),
    ("danvan.procedures.api", "/procedures", "Thủ tục hành chính"),
    ("danvan.units.public_api", "/public", "Công khai"),
    ("danvan.onestop.api", "/dossiers", "Hồ sơ một cửa"),
    ("danvan.onestop.public_api", "/public/dossiers", "Công khai"),
    ("danvan.onestop.payments_api", "/public/payments", "Công khai"),
    ("danvan.signing.public_api", "/public", "Xác thực chữ ký số"),
    ("danvan.signing.api", "/signing", "Ký số"),
    ("danvan.jobs.api", "/jobs", "Công việc nền"),
    ("danvan.vault.api", "/citizens", "Kho dữ liệu công dân"),
    ("danvan.vault.org_api", "/organizations", "Kho dữ liệu tổ chức"),
    ("danvan.vault.reuse_api", "/dossiers", "Kho dữ liệu công dân"),
    ("danvan.vault.me_api", "/me", "Kho dữ liệu của tôi"),
    ("danvan.movement.api", "/movement", "Công tác dân vận"),
    ("danvan.oversight.api", "/oversight", "Giám sát, phản biện xã hội"),
    ("danvan.oversight.public_api", "/public/dialogues", "Công khai"),
    ("danvan.grassroots.api", "/petitions", "Đơn thư, kiến nghị"),
    ("danvan.grassroots.hotspot_api", "/hotspots", "Điểm nóng"),
    ("danvan.grassroots.public_api", "/public/petitions", "Công khai"),
    ("danvan.reports.api", "/reports", "Báo cáo"),
    ("danvan.connections.api", "/outbox", "Kết nối hệ thống quốc gia"),
    ("danvan.connections.payment_api", "/public/national-payment", "Công khai"),
]


def _register_routers() -> None:
    for module, prefix, tag in ROUTERS:
        router = import_module(module).router
        api.add_router(prefix, router, tags=[tag])


@api.exception_handler(DomainError)
def _domain(request, exc: DomainError):
    return error_response(exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    fields = validation_fields(exc.errors)
    if any("json" in (e.get("type") or "") for e in exc.errors):
        return error_response(400, "request.malformed_json", "Nội dung JSON không hợp lệ.", fields)
    return error_response(422, fields=fields)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error_response(401)


@api.exception_handler(AuthorizationError)
def _unauthorized(request, exc):
    return error_response(403)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error_response(403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(404)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return error_response(413)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return error_response(exc.status_code)


@api.exception_handler(Exception)
def _unexpected(request, exc):
    log.exception("Unhandled API error on %s", request.path)
    return error_response(500)


_register_routers()
