"""Home page per role, the unit tree browser, the audit log, and error pages."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.api.errors import error_response
from danvan.audit.models import AuditEntry
from danvan.audit.registry import describe_html
from danvan.audit.services import verify_chain
from danvan.core.errors import DomainError
from danvan.core.nav import work_for
from danvan.units.models import Unit
from danvan.units.services import unit_by_code

ROLE_HINTS = {
    Role.COUNTER_CLERK: _(
        "Tiếp nhận hồ sơ tại quầy, trả kết quả, tra cứu kho dữ liệu của công dân."
    ),
    Role.SPECIALIST: _("Xử lý hồ sơ được giao, sắp xếp theo hạn giải quyết."),
    Role.SIGNER: _("Xem và ký số kết quả, duyệt hồ sơ."),
    Role.OFFICE_CLERK: _("Đóng dấu số (chữ ký số của cơ quan) lên kết quả đã ký."),
    Role.MOBILIZER: _("Theo dõi mô hình “Dân vận khéo”, vận động giải phóng mặt bằng."),
    Role.FRONT_OFFICER: _("Giám sát, phản biện xã hội, hội nghị đối thoại."),
    Role.REPORTER: _("Xem báo cáo và chỉ số của các đơn vị được giao."),
    Role.ADMIN: _("Quản trị đơn vị, tài khoản, phân quyền và nhật ký."),
    Role.JUDGE: _("Chấm điểm mô hình, đội thi “Dân vận khéo” được giao."),
    Role.PETITION_OFFICER: _(
        "Tiếp nhận, phân loại, theo dõi giải quyết đơn thư; cảnh báo điểm nóng."
    ),
}


def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    roles = sorted(scope.roles_of(request.user))
    if not roles and request.user.national_id:
        return redirect("vault:mine")  # a citizen account: their store is their home page
    hints = [(Role(r).label, ROLE_HINTS.get(Role(r), "")) for r in roles]
    work = work_for(request.user, scope.has_role)
    return render(request, "core/home.html", {"hints": hints, "work": work})


@login_required
def units(request):
    day = _parse_day(request.GET.get("at"))
    code = request.GET.get("unit") or "01"
    try:
        unit = unit_by_code(code, day)
    except DomainError as exc:
        return render(request, "core/units.html", {"error": exc.message, "day": day}, status=404)
    children = Unit.objects.valid_on(day).filter(parent=unit).order_by("code")
    return render(
        request,
        "core/units.html",
        {
            "unit": unit,
            "ancestors": unit.ancestors(),
            "children": children,
            "day": day,
            "successors": unit.successors.all(),
            "predecessors": unit.predecessors.all(),
        },
    )


def _parse_day(raw: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
def audit_log(request):
    scope.require_role(request.user, Role.ADMIN)
    qs = (
        scope.scoped(AuditEntry.objects.select_related("actor", "unit"), request.user)
        if not request.user.is_superuser
        else AuditEntry.objects.select_related("actor", "unit")
    )
    page = Paginator(qs.order_by("-id"), 50).get_page(request.GET.get("page"))
    rows = [(e, describe_html(e.action, e.data)) for e in page]
    report = verify_chain() if request.GET.get("verify") else None
    return render(request, "core/audit.html", {"page": page, "rows": rows, "report": report})


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _is_api(request):
        return error_response(404)
    return render(
        request, "core/error.html", {"title": _("Không tìm thấy trang"), "status": 404}, status=404
    )


def permission_denied(request, exception=None):
    if _is_api(request):
        return error_response(403)
    return render(
        request,
        "core/error.html",
        {"title": _("Bạn không có quyền xem trang này"), "status": 403},
        status=403,
    )


def bad_request(request, exception=None):
    if _is_api(request):
        return error_response(400)
    return render(
        request, "core/error.html", {"title": _("Yêu cầu không hợp lệ"), "status": 400}, status=400
    )


def server_error(request):
    if _is_api(request):
        return error_response(500)
    return render(
        request, "core/error.html", {"title": _("Lỗi hệ thống"), "status": 500}, status=500
    )


def favicon(request):
    """/favicon.ico, asked by browsers on pages that name no icon (PDFs, JSON): the app's icon."""
    return redirect(static("danvan/favicon.svg"), permanent=True)
