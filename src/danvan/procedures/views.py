"""Pages: the public catalogue and detail, and the officials' catalogue with .xlsx export/import."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import Role
from danvan.accounts.scope import has_role, require_role
from danvan.core.errors import DomainError
from danvan.procedures.api import filter_procedures
from danvan.procedures.catalogue import (
    CatalogueInvalid,
    export_catalogue,
    fee_text,
    import_catalogue,
    source_links,
)
from danvan.procedures.models import OnlineLevel, Procedure

MANAGE_ROLES = (Role.COUNTER_CLERK, Role.SPECIALIST, Role.SIGNER, Role.ADMIN)
IMPORT_ROLES = (Role.ADMIN,)
MAX_IMPORT_BYTES = 5 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp danh mục (.xlsx)")
    valid_rows = forms.BooleanField(
        label="Chỉ nhập các thủ tục không có dòng lỗi (bỏ qua các thủ tục có lỗi)", required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp .xlsx.")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 5 MB.")
        return upload


def _require(user, *roles: str) -> None:
    try:
        require_role(user, *roles)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc


def _filters(request) -> dict:
    online = request.GET.get("online", "")
    return {
        "q": request.GET.get("q", "").strip()[:100],
        "field": request.GET.get("field", "").strip()[:200],
        "no_wait": True if request.GET.get("no_wait") == "1" else None,
        "online_level": online if online in OnlineLevel.values else None,
    }


def _decorate(procedures) -> list[Procedure]:
    for procedure in procedures:
        procedure.fee_display = fee_text(procedure)
    return list(procedures)


def _listing(request, queryset, per_page: int = 50) -> dict:
    filters = _filters(request)
    page = Paginator(filter_procedures(queryset, **filters).order_by("field", "code"), per_page)
    page = page.get_page(request.GET.get("page"))
    return {
        "page": page,
        "procedures": _decorate(page.object_list),
        "filters": filters,
        "fields": Procedure.objects.values_list("field", flat=True).distinct().order_by("field"),
        "online_levels": OnlineLevel.choices,
    }


def catalogue(request):
    context = _listing(request, Procedure.objects.filter(is_active=True))
    return render(request, "procedures/catalogue.html", context)


def detail(request, code: str):
    procedure = Procedure.objects.filter(code=code[:40], is_active=True).first()
    if procedure is None:
        raise Http404("Không có thủ tục hành chính này.")
    return render(
        request,
        "procedures/detail.html",
        {
            "p": procedure,
            "fee": fee_text(procedure),
            "sources": source_links(procedure),
            "components": procedure.components.all(),
            "steps": list(procedure.steps.all()),
        },
    )


def _manage_context(request, **extra) -> dict:
    context = _listing(request, Procedure.objects.all(), per_page=100)
    context.update({"can_import": has_role(request.user, *IMPORT_ROLES), "form": ImportForm()})
    context.update(extra)
    return context


@login_required
def manage(request):
    _require(request.user, *MANAGE_ROLES)
    return render(request, "procedures/manage.html", _manage_context(request))


@login_required
def export(request):
    _require(request.user, *MANAGE_ROLES)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(export_catalogue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="danh-muc-thu-tuc-{stamp}.xlsx"'
    return response


@login_required
@require_POST
def import_view(request):
    _require(request.user, *IMPORT_ROLES)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "procedures/manage.html", _manage_context(request, form=form))
    upload = form.cleaned_data["file"]
    mode = "valid_rows" if form.cleaned_data["valid_rows"] else "all"
    try:
        result = import_catalogue(upload.read(), by=request.user, filename=upload.name, mode=mode)
    except CatalogueInvalid as exc:
        context = _manage_context(
            request, form=form, import_errors=exc.errors, import_message=exc.message
        )
        return render(request, "procedures/manage.html", context)
    except DomainError as exc:
        form.add_error("file", exc.message)
        return render(request, "procedures/manage.html", _manage_context(request, form=form))
    messages.success(
        request,
        _("Đã nhập %(n)s thủ tục: %(new)s mới, %(updated)s cập nhật.")
        % {"n": result.written, "new": result.created, "updated": result.updated},
    )
    if result.errors:
        message = (
            f"{result.total - result.valid} thủ tục có dòng lỗi chưa được lưu; "
            "sửa các dòng dưới đây rồi nhập lại."
        )
        context = _manage_context(request, import_errors=result.errors, import_message=message)
        return render(request, "procedures/manage.html", context)
    return redirect("procedures:list")
