"""Vault pages. Officials: open a citizen's store (while handling their dossier), reuse offers at the
counter, digitize or reuse on the dossier page. Citizens: "Kho dữ liệu của tôi", downloads, export."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.accounts import language, scope
from danvan.accounts.models import Role
from danvan.core.errors import DomainError, Forbidden, Invalid, NotFound
from danvan.core.identifiers import clean_tax_code
from danvan.core.ratelimit import limit_public
from danvan.core.uploads import check_upload
from danvan.procedures.services import active_procedure
from danvan.vault import access, accounts, dossiers, export, forms, services
from danvan.vault.models import AccessLog, DocumentType, Purpose, VaultDocument


def _require_handler(user) -> None:
    if not scope.has_role(user, *access.HANDLING_ROLES):
        raise Forbidden("vault.role_forbidden", "Trang này dành cho cán bộ xử lý hồ sơ một cửa.")


def _documents(owner_id: str):
    return VaultDocument.objects.filter(owner_id=owner_id).select_related(
        "doc_type", "signed_document"
    )


def _file(doc: VaultDocument) -> HttpResponse:
    with doc.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type=doc.content_type)
    response["Content-Disposition"] = f'attachment; filename="{doc.file_name}"'
    return response


# --- officials -------------------------------------------------------------------------------


@login_required
def search(request):
    """Open a citizen's store (national ID) or an organization's (tax code): only while handling an
    open dossier of that citizen or organization."""
    _require_handler(request.user)
    national_id = (request.GET.get("so_dinh_danh") or request.GET.get("ma_so_thue") or "").replace(
        " ", ""
    )[:20]
    context = {
        "national_id": national_id,
        "docs": None,
        "error": "",
        "dossier": None,
        "is_clerk": scope.has_role(request.user, Role.COUNTER_CLERK),
    }
    status = 200
    if national_id:
        try:
            context["dossier"] = access.open_store(
                request.user, national_id, dossier_code=request.GET.get("ho_so", "")
            )
        except DomainError as exc:
            context["error"], status = exc.message, exc.status
        else:
            context["docs"] = list(_documents(national_id))
            context["masked"] = access.mask(national_id)
            context["organization"] = access.kind_of(national_id) == "organization"
    return render(request, "vault/search.html", context, status=status)


@login_required
def document_file(request, pk: int):
    _require_handler(request.user)
    doc = VaultDocument.objects.filter(pk=pk).first()
    if doc is None:
        raise NotFound("vault.document_not_found", "Không tìm thấy giấy tờ.")
    access.open_store(request.user, doc.owner_id, purpose=Purpose.DOCUMENT, document=doc)
    return _file(doc)


@login_required
def counter_offers(request):
    """htmx: at the counter, the stored documents that can stand in for the chosen procedure's components."""
    scope.require_role(request.user, Role.COUNTER_CLERK)
    procedure = active_procedure(request.GET.get("procedure", ""))
    national_id = request.GET.get("national_id", "").replace(" ", "")[:12]
    tax_code = clean_tax_code(request.GET.get("tax_code"))
    offers = services.offers_for(
        request.user, procedure, national_id, unit=request.current_unit, tax_code=tax_code
    )
    context = forms.offer_context(
        procedure, offers, national_id, picked=_picked(request), tax_code=tax_code
    )
    return render(request, "vault/_offers.html", context)


def _dossier(user, code: str, roles=(Role.COUNTER_CLERK,)):
    scope.require_role(user, *roles)
    return dossiers.source().visible(user, code, roles)


@login_required
def dossier_panel(request, code: str):
    """htmx on the dossier page: digitize a paper component, or attach a stored document."""
    dossier = _dossier(request.user, code, access.HANDLING_ROLES)
    return render(request, "vault/_dossier_panel.html", forms.panel_context(dossier, request.user))


@login_required
@require_POST
def digitize(request, code: str, component_id: int):
    dossier = _dossier(request.user, code)
    row = dossier.components.select_related("component").filter(pk=component_id).first()
    if row is None:
        raise NotFound("vault.component_not_found", "Hồ sơ không có thành phần này.")
    try:
        meta = forms.read_meta(request.POST)
        upload = request.FILES.get("file")
        checked = check_upload(upload.name, upload.read()) if upload else None
        services.digitize_component(row, checked, meta, by=request.user)
    except DomainError as exc:
        messages.error(request, _("Chưa số hóa được: %(why)s") % {"why": exc.message})
        return redirect("onestop:dossier", code=dossier.code)
    done = (
        _("Đã số hóa “%(name)s” vào kho dữ liệu của tổ chức.")
        if meta.owner_kind == "organization"
        else _("Đã số hóa “%(name)s” vào kho dữ liệu của công dân.")
    )
    messages.success(request, done % {"name": row.name[:60]})
    return redirect("onestop:dossier", code=dossier.code)


@login_required
@require_POST
def attach(request, code: str, component_id: int):
    dossier = _dossier(request.user, code)
    try:
        services.attach(
            dossier, component_id, int(request.POST.get("document") or 0), by=request.user
        )
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "Giấy tờ không hợp lệ."))
    else:
        messages.success(request, _("Đã dùng giấy tờ đã số hóa cho thành phần hồ sơ."))
    return redirect("onestop:dossier", code=dossier.code)


# --- citizens --------------------------------------------------------------------------------


@login_required
def mine(request):
    owner_id = access.require_citizen(request.user)
    docs = list(_documents(owner_id))
    log = AccessLog.objects.filter(owner_id=owner_id).select_related("dossier", "document")[:200]
    return render(
        request,
        "vault/mine.html",
        {
            "docs": docs,
            "log": log,
            "masked": access.mask(owner_id),
            "types": DocumentType.objects.filter(is_active=True),
        },
    )


@login_required
@require_POST
def my_upload(request):
    """The citizen keeps a document of their own (not certified, not offered for reuse)."""
    access.require_citizen(request.user)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise Invalid("vault.no_file", "Chưa chọn tệp.")
        checked = check_upload(upload.name, upload.read())
        services.upload_by_citizen(request.user, checked, forms.read_meta(request.POST))
    except DomainError as exc:
        messages.error(request, _("Chưa lưu được: %(why)s") % {"why": exc.message})
    else:
        messages.success(request, _("Đã lưu giấy tờ vào kho dữ liệu của ông/bà."))
    return redirect("vault:mine")


@login_required
def my_file(request, pk: int):
    owner_id = access.require_citizen(request.user)
    doc = VaultDocument.objects.filter(pk=pk, owner_id=owner_id).first()
    if doc is None:
        raise NotFound(
            "vault.document_not_found", "Không tìm thấy giấy tờ trong kho dữ liệu của bạn."
        )
    return _file(doc)


@login_required
def my_export(request):
    response = HttpResponse(export.export_zip(request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="kho-du-lieu-cua-toi.zip"'
    return response


@login_required
def my_offers(request):
    """htmx on the online filing form: the signed-in citizen's own documents for this procedure."""
    access.require_citizen(request.user)
    procedure = active_procedure(request.GET.get("procedure", ""))
    national_id = request.user.national_id
    offers = services.offers_for(request.user, procedure, national_id)
    context = forms.offer_context(
        procedure, offers, national_id, citizen=True, picked=_picked(request)
    )
    return render(request, "vault/_offers.html", context)


# --- citizen accounts verified at the counter ------------------------------------------------


@login_required
def issue_code(request):
    """The clerk checks the ID card, then gives the citizen a one-time activation code."""
    scope.require_role(request.user, Role.COUNTER_CLERK)
    context = {"values": {}, "error": "", "code": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip()[:150] for k in ("national_id", "full_name")}
        context["values"] = values
        try:
            context["code"] = accounts.issue_code(
                values["national_id"].replace(" ", ""),
                values["full_name"],
                by=request.user,
                unit=request.current_unit,
            )
        except DomainError as exc:
            context["error"] = exc.message
        else:
            context["masked"] = access.mask(values["national_id"].replace(" ", ""))
    return render(
        request, "vault/issue_code.html", context, status=422 if context["error"] else 200
    )


@require_http_methods(["GET", "POST"])
def activate(request):
    """Public: create the citizen account with the code from the counter."""
    context = {"values": {}, "error": ""}
    if request.method == "POST":
        limit_public(request, "vault_activate", per_minute=10)
        values = {
            k: request.POST.get(k, "").strip()[:150] for k in ("national_id", "code", "username")
        }
        context["values"] = values
        try:
            user = accounts.activate(
                values["national_id"].replace(" ", ""),
                values["code"],
                values["username"],
                request.POST.get("password", ""),
            )
        except DomainError as exc:
            context["error"] = exc.message
        else:
            # A new account starts in the language she is reading (signing in restores it).
            language.remember(user, request.LANGUAGE_CODE)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Đã kích hoạt tài khoản. Đây là kho dữ liệu của ông/bà."))
            return redirect("vault:mine")
    return render(request, "vault/activate.html", context, status=422 if context["error"] else 200)


def _picked(request) -> list[str]:
    """Documents already picked: kept after a failed submit (``picked``) and ticked before an
    offers reload (``reuse_<component>``), so a reload never unticks what the clerk chose."""
    ticked = [v for k, v in request.GET.items() if k.startswith("reuse_")]
    return request.GET.getlist("picked") + ticked
