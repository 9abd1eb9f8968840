"""One-stop pages: the counter (intake + today's queue), the dossier page with its actions, my dossiers."""

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from danvan.core.idempotency import run_once
from danvan.core.privacy import reveal
from danvan.core.storage import StorageFull, StorageUnavailable
from danvan.onestop import (
    drafting,
    fees,
    files,
    forms,
    intake,
    lists,
    results,
    search,
    services,
    work,
)
from danvan.onestop.models import Dossier
from danvan.onestop.privacy import APPLICANT
from danvan.onestop.slips import TITLES
from danvan.onestop.timing import due_label, due_status, minutes_to_return
from danvan.onestop.workflow import Status
from danvan.procedures.services import active_procedure

ONESTOP_ROLES = (Role.COUNTER_CLERK, Role.SPECIALIST, Role.SIGNER, Role.OFFICE_CLERK)
HANDLER_ROLES = (Role.SPECIALIST, Role.SIGNER, Role.OFFICE_CLERK)
BADGE_CLASS = {
    "early": "early",
    "on_time": "ontime",
    "due_soon": "soon",
    "late": "late",
    "no_due": "",
}
SLIP_EVENTS = {"02": "request_supplement", "03": "refuse_intake", "04": "apologize", "05": "stop"}
SLIP_NAMES = {
    "01": _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)"),
    "02": _("Phiếu yêu cầu bổ sung (mẫu 02)"),
    "03": _("Phiếu từ chối tiếp nhận (mẫu 03)"),
    "04": _("Phiếu xin lỗi và hẹn lại (mẫu 04)"),
    "05": _("Phiếu dừng giải quyết (mẫu 05)"),
    "06": _("Phiếu kiểm soát quá trình (mẫu 06)"),
    "07": _("Sổ theo dõi hồ sơ (mẫu 07)"),
}


def _require(user, *roles) -> None:
    if not scope.has_role(user, *roles):
        raise Forbidden("onestop.role_forbidden", "Trang này dành cho cán bộ bộ phận một cửa.")


def _counter_unit(request):
    _require(request.user, Role.COUNTER_CLERK)
    unit = request.current_unit
    if unit is None or not scope.covers(request.user, unit, [Role.COUNTER_CLERK]):
        raise Forbidden(
            "onestop.no_counter_unit", "Hãy chọn đơn vị mà bạn được phân công tiếp nhận hồ sơ."
        )
    return unit


def decorate(dossier: Dossier, now=None) -> Dossier:
    dossier.due_key = due_status(dossier, now)
    dossier.due_label = due_label(dossier.due_key)
    dossier.due_class = BADGE_CLASS[dossier.due_key]
    dossier.status_label = Status(dossier.status).label
    return dossier


def _today_queue(unit) -> list[Dossier]:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    qs = (
        Dossier.objects.filter(unit=unit, received_at__gte=start)
        .select_related("procedure", "unit")
        .order_by("-received_at")
    )
    now = timezone.now()
    rows = [decorate(d, now) for d in qs[:100]]
    return sorted(rows, key=lambda d: not d.is_open)  # stable: open first, newest first within


def _pending_online(unit) -> list[Dossier]:
    """Online filings (status 1) waiting for the counter to check and receive them, oldest first."""
    qs = (
        Dossier.objects.filter(unit=unit, status=Status.REGISTERED_ONLINE)
        .select_related("procedure")
        .annotate(files=Count("components", filter=Q(components__provided=True)))
        .order_by("submitted_at")
    )
    now = timezone.now()
    rows = list(qs[:100])
    for d in rows:
        d.waiting_hours = round((now - d.submitted_at).total_seconds() / 3600, 1)
        d.waiting_long = d.waiting_hours >= 8
    return rows


def _counter_context(request, unit, form=None, **extra) -> dict:
    procedure = form.procedure if form else None
    code = request.GET.get("thu_tuc", "")
    if procedure is None and code:
        procedure = active_procedure(code)
    context = {
        "unit": unit,
        "procedures": forms.procedures_for_picker(),
        "procedure": procedure,
        "values": form.values if form else {"procedure": procedure.code if procedure else ""},
        "errors": form.errors if form else {},
        "queue": _today_queue(unit),
        "pending_online": _pending_online(unit),
        "sex_choices": forms.SEX_CHOICES,
        "staged": form.staged if form else {},
        # One token per intake form; kept when the form comes back with errors.
        "intake_token": (request.POST.get("intake_token") if form else "") or uuid.uuid4().hex,
    }
    context["missing_ids"] = (
        forms.missing_component_ids(form) if form and form.errors and procedure else set()
    )
    context.update(extra)
    return context


@login_required
def counter(request):
    unit = _counter_unit(request)
    if request.method != "POST":
        return render(request, "onestop/counter.html", _counter_context(request, unit))
    form = forms.read_form(request.POST, request.FILES)
    token = request.POST.get("intake_token", "")[:64]
    if not form.errors:
        try:
            code, replayed = _register_once(request, form, unit, token)
        except Invalid as exc:
            forms.merge_domain_errors(form, exc)
        except (StorageFull, StorageUnavailable) as exc:
            # Nothing was stored (no dossier, no file): the form comes back as typed; its files
            # cannot be kept either, so the clerk attaches them again once the store has room.
            form.errors.setdefault("__all__", exc.message)
            context = _counter_context(request, unit, form)
            return render(request, "onestop/counter.html", context, status=exc.status)
        else:
            if replayed:
                messages.info(
                    request,
                    _("Hồ sơ %(code)s đã được tiếp nhận từ lần gửi trước; không tạo hồ sơ thứ hai.")
                    % {"code": code},
                )
            else:
                messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": code})
            return redirect("onestop:dossier", code=code)
    elif form.procedure is not None:
        _add_validation_errors(form)
    if form.procedure is not None:
        forms.stage_uploads(form)
    context = _counter_context(request, unit, form)
    return render(request, "onestop/counter.html", context, status=422)


def _register_once(request, form, unit, token: str) -> tuple[str, bool]:
    """Register the dossier once per form: the form's one-time token makes a second submit (a
    double click, Ctrl+Enter twice, a resent form) answer with the first dossier."""
    made = []

    def produce():
        dossier = intake.register(form.request(), unit=unit, by=request.user, received=True)
        made.append(dossier.code)
        return 302, {"code": dossier.code}

    _status, body = run_once(
        token or None,
        user=request.user,
        scope="onestop.counter_intake",
        payload={"token": token},
        produce=produce,
    )
    return body["code"], not made


def _add_validation_errors(form) -> None:
    """Also run the domain checks, so every problem is shown in one go."""
    try:
        intake.validate(form.request())
    except Invalid as exc:
        forms.merge_domain_errors(form, exc)


@login_required
def counter_components(request):
    _require(request.user, Role.COUNTER_CLERK)
    code = request.GET.get("procedure", "")[:40]
    procedure = active_procedure(code)
    return render(
        request,
        "onestop/_components.html",
        {"procedure": procedure, "errors": {}, "missing_ids": set()},
    )


@login_required
def applicant_lookup(request):
    _require(request.user, Role.COUNTER_CLERK)
    national_id = request.GET.get("national_id", "").replace(" ", "")[:12]
    dossiers = scope.scoped(Dossier.objects.all(), request.user, roles=[Role.COUNTER_CLERK])
    known = forms.known_applicant(dossiers, national_id)
    return render(request, "onestop/_applicant.html", {"known": known, "national_id": national_id})


def _get_dossier(user, code: str) -> Dossier:
    _require(user, *ONESTOP_ROLES)
    return services.visible_dossier(user, code, ONESTOP_ROLES)


def _slips(dossier: Dossier) -> list[tuple[str, str]]:
    done = set(dossier.events.values_list("action", flat=True))
    forms_ = ["01", "06", "07"] if dossier.received_at else []
    forms_ += [f for f, action in SLIP_EVENTS.items() if action in done]
    return [(f, SLIP_NAMES[f], TITLES[f]) for f in sorted(forms_)]


def _dossier_context(request, dossier: Dossier, **extra) -> dict:
    user = request.user
    actions = services.allowed_for(dossier, user)
    context = {
        "d": decorate(dossier),
        **{
            f: reveal(getattr(dossier, f), f, user, APPLICANT, obj=dossier)
            for f in ("national_id", "phone", "address")
        },
        "components": _with_files(dossier, user),
        "events": dossier.events.select_related("by", "handed_to"),
        "slips": _slips(dossier),
        "actions": actions,
        "spot": next((a for a in actions if a.action == "complete_on_spot"), None),
        "may_draft": drafting.may_draft(dossier, user),
        "has_draft": drafting.has_draft(dossier),
        "fee_due": fees.due_vnd(dossier),
        "receipts": list(dossier.payments.order_by("paid_at", "id")),
        "template": drafting.template_of(dossier),
        "preview": _shows_preview(dossier, actions),
        "minutes": minutes_to_return(dossier),
        "payment_methods": _payment_methods(),
        "form": {},
        "error": "",
    }
    context.update(extra)
    return context


def _shows_preview(dossier: Dossier, actions) -> bool:
    """The leader sees the document she is about to sign (the preview above the PIN)."""
    return not dossier.result_signed and any(a.action in ("approve", "refuse") for a in actions)


def _with_files(dossier: Dossier, user) -> list:
    """The components, each with the file this user may open (`open_file`, or None)."""
    by_id = {f.id: f for f in files.list_files(dossier, user)}
    rows = list(dossier.components.all())
    for c in rows:
        c.open_file = by_id.get(str(c.pk))
    return rows


def _payment_methods():
    from danvan.onestop.models import Payment

    return [m for m in Payment.Method.choices if m[0] != Payment.Method.ONLINE]


@login_required
def dossier_page(request, code: str):
    dossier = _get_dossier(request.user, code)
    return render(request, "onestop/dossier.html", _dossier_context(request, dossier))


def _command(post) -> services.Command:
    try:
        version = int(post.get("expected_version", ""))
    except ValueError:
        version = -1
    new_due = forms.parse_date(post.get("new_due_at", ""))
    new_due_at = (
        timezone.make_aware(dt.datetime.combine(new_due, dt.time(17, 0))) if new_due else None
    )
    items = [line.strip() for line in post.get("items", "").splitlines() if line.strip()]
    return services.Command(
        action=post.get("action", "")[:40],
        expected_version=version,
        reason=post.get("reason", "")[:2000],
        what_to_do=post.get("what_to_do", "")[:2000],
        items=items[:30],
        new_due_at=new_due_at,
        delivery=post.get("delivery", "")[:40],
        payment_method=post.get("payment_method", "")[:16],
        pin=post.get("pin", "")[:16],
    )


@login_required
@require_POST
def dossier_action(request, code: str):
    dossier = _get_dossier(request.user, code)
    cmd = _command(request.POST)
    try:
        services.transition(dossier.pk, cmd, by=request.user)
    except Conflict as exc:
        message = (
            "Hồ sơ đã được người khác cập nhật. Trang đã được tải lại, vui lòng kiểm tra rồi thao tác lại."
            if exc.code == "dossier.version_conflict"
            else exc.message
        )
        return _action_failed(request, code, cmd, message, 409)
    except DomainError as exc:
        return _action_failed(request, code, cmd, exc.message, exc.status)
    messages.success(request, _("Đã thực hiện thao tác."))
    return redirect("onestop:dossier", code=code)


def _action_failed(request, code, cmd, message: str, status: int):
    dossier = _get_dossier(request.user, code)
    form = {
        "action": cmd.action,
        "reason": cmd.reason,
        "what_to_do": cmd.what_to_do,
        "items": "\n".join(cmd.items),
        "new_due_at": request.POST.get("new_due_at", ""),
    }
    context = _dossier_context(request, dossier, form=form, error=message)
    return render(request, "onestop/dossier.html", context, status=status)


@login_required
def my_dossiers(request):
    _require(request.user, *HANDLER_ROLES)
    now = timezone.now()
    # The open dossiers handed to me, the earliest due (so the overdue) first, on the lists'
    # keyset (lists.MY_QUEUE): "Xem tiếp" follows the cursor (?tiep=), a deep page costs what the
    # first does; a hand-edited cursor starts over.
    qs = (
        Dossier.objects.filter(handler=request.user)
        .filter(lists.unit_ids_q(request.user, ONESTOP_ROLES))
        .select_related("procedure", "unit")
    )
    cursor = request.GET.get("tiep", "")[:300] or None
    try:
        found = lists.MY_QUEUE.page(qs, cursor, QUEUE_PAGE)
    except Invalid:
        found = lists.MY_QUEUE.page(qs, None, QUEUE_PAGE)
    rows = [decorate(d, now) for d in found]
    for d in rows:
        d.step_late = bool(d.step_due_at and d.step_due_at < now)
    return render(request, "onestop/my_dossiers.html", {"rows": rows, "found": found})


QUEUE_PAGE = 50


@login_required
def file_viewer(request, code: str, file_id: str):
    """A page that shows one attached file (PDF or image) inline, with its download link."""
    dossier = _get_dossier(request.user, code)
    meta = next((f for f in files.list_files(dossier, request.user) if f.id == file_id), None)
    if meta is None:
        raise NotFound("dossier.file_not_found", "Không tìm thấy tệp này của hồ sơ.")
    context = {"d": dossier, "f": meta, "files": files.list_files(dossier, request.user)}
    return render(request, "onestop/file_viewer.html", context)


@login_required
@xframe_options_sameorigin
def file_content(request, code: str, file_id: str):
    """The bytes of one file: inline for the viewer, or as a download (`?tai-ve=1`)."""
    dossier = _get_dossier(request.user, code)
    download = request.GET.get("tai-ve") == "1"
    meta, data = files.open_file(
        request.user, dossier, file_id, purpose="download" if download else "view"
    )
    return file_response(meta, data, download=download)


def file_response(meta, data: bytes, *, download: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=meta.content_type)
    response["Content-Disposition"] = files.disposition(meta.file_name, download=download)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def find_dossiers(request):
    """The clerk's search: code (or its tail), name with or without diacritics, ID, phone."""
    _require(request.user, *ONESTOP_ROLES)
    query = request.GET.get("q", "").strip()[:100]
    overdue = request.GET.get("qua_han") == "1" and not query
    rows, now, found, capped = [], timezone.now(), None, False
    if overdue:  # the home page's "Hồ sơ quá hạn trong đơn vị": the longest overdue first
        found = work.overdue_dossiers(request.user).select_related("procedure", "unit")
        rows = [decorate(d, now) for d in found.order_by("due_at", "id")[: SEARCH_LIMIT + 1]]
    elif search.terms(query):
        # The lists' keyset (open first by due date, then closed newest first), scope on unit
        # ids; "Xem tiếp" follows the cursor (?tiep=), so a deep page costs what the first does.
        # The query is matched once (search.find: at most search.CAP ids), then paged.
        base = Dossier.objects.select_related("procedure", "unit")
        matched = search.find(base.filter(lists.unit_ids_q(request.user, ONESTOP_ROLES)), query)
        capped = matched.capped
        found = lists.DOSSIER_LIST.page_of(
            base, matched.ids, request.GET.get("tiep", "")[:300] or None, SEARCH_LIMIT
        )
        rows = [decorate(d, now) for d in found]
    context = {
        "query": query,
        "overdue": overdue,
        "rows": rows[:SEARCH_LIMIT],
        "more": found is None and len(rows) > SEARCH_LIMIT,
        "found": found,
        "continued": bool(request.GET.get("tiep")),
        "too_short": bool(query) and not search.terms(query),
        "limit": SEARCH_LIMIT,
        "capped": capped,
        "cap": search.CAP,
    }
    return render(request, "onestop/find.html", context)


SEARCH_LIMIT = 50


@login_required
def result_draft(request, code: str):
    """The specialist writes the result's content from the procedure's template."""
    dossier = _get_dossier(request.user, code)
    template, values, version = drafting.current(dossier)
    errors, status = {}, 200
    if request.method == "POST":
        try:
            expected = int(request.POST.get("draft_version", ""))
        except ValueError:
            expected = -1
        try:
            drafting.save(dossier.pk, request.POST, by=request.user, expected_version=expected)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("onestop:result_draft", code=dossier.code)
        except Invalid as exc:
            errors, status = exc.fields, 422
            values = {f.name: request.POST.get(f.name, "") for f in template.fields}
        else:
            messages.success(
                request, _("Đã lưu dự thảo kết quả. Xem trước bản PDF trước khi trình ký.")
            )
            return redirect("onestop:result_draft", code=dossier.code)
    context = {
        "d": decorate(dossier),
        "template": template,
        "rows": [(f, values.get(f.name, ""), errors.get(f.name, "")) for f in template.fields],
        "version": version,
        "may_draft": drafting.may_draft(dossier, request.user),
        "errors": errors,
    }
    return render(request, "onestop/result_draft.html", context, status=status)


def _signer_of(dossier: Dossier) -> dict:
    """The signature block of the leader the result is before (her delegation, name)."""
    from danvan.signing import services as signing

    leader = dossier.handler if dossier.sub_status == "awaiting_signature" else None
    if leader is None or not scope.has_role(leader, Role.SIGNER):
        return {}
    return {
        "authority": signing.authority_for(leader, dossier.procedure.code),
        "signer_name": leader.full_name or leader.get_username(),
    }


@login_required
@xframe_options_sameorigin
def result_preview(request, code: str):
    """The result as it will be signed (marked as a draft, number "…/symbol" until signed)."""
    dossier = _get_dossier(request.user, code)
    if dossier.result_signed and dossier.result_file:
        return redirect("onestop:file_content", code=dossier.code, file_id=files.RESULT_ID)
    pdf = results.render_result(dossier, timezone.now(), **_signer_of(dossier)).data
    meta = files.DossierFile(
        id="xem-truoc",
        kind="result",
        name="",
        file_name=f"{dossier.code}-du-thao-ket-qua.pdf",
        content_type="application/pdf",
        size=len(pdf),
        sha256="",
        component_id=None,
    )
    return file_response(meta, pdf, download=False)


@login_required
def receipt_pdf(request, code: str, receipt_no: str):
    """The receipt of one payment of the dossier (biên lai thu phí, lệ phí)."""
    dossier = _get_dossier(request.user, code)
    payment = dossier.payments.filter(receipt_no=receipt_no[:40]).first()
    if payment is None:
        raise NotFound("payment.receipt_not_found", "Không tìm thấy biên lai này của hồ sơ.")
    meta = files.DossierFile(
        id=payment.receipt_no,
        kind="receipt",
        name="Biên lai thu phí, lệ phí",
        file_name=f"bien-lai-{payment.receipt_no}.pdf",
        content_type="application/pdf",
        size=0,
        sha256="",
        component_id=None,
    )
    return file_response(meta, fees.receipt_pdf(payment), download=request.GET.get("tai-ve") == "1")
