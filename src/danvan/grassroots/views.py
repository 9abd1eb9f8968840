"""Pages for officials (/don-thu/): the unit's inbox, intake, a petition with its timeline and
actions, matters, the hot-spot board (commune and city, map and table), the .xlsx export and the
answer letter. Views are thin: the services hold the rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.accounts import scope
from danvan.accounts.models import Role, User
from danvan.audit.services import record
from danvan.core.errors import DomainError, Forbidden, NotFound
from danvan.grassroots import exports, forms, hotspots, importers, matching, privacy, services
from danvan.grassroots.models import (
    Category,
    Hotspot,
    HotspotRule,
    HotspotState,
    Kind,
    Matter,
)
from danvan.units.models import Unit
from danvan.workflow import allowed_for, history, transition


def _reader(request) -> None:
    if not scope.has_role(request.user, *services.READERS):
        raise Forbidden()


def _filtered(request, qs):
    tab = request.GET.get("loc", "")
    if tab == "moi":
        qs = qs.filter(state="received")
    elif tab == "sap-den-han":
        qs = services.due_soon(qs)
    elif tab == "qua-han":
        qs = services.overdue(qs)
    category = request.GET.get("linh-vuc", "")
    if category in Category.values:
        qs = qs.filter(category=category)
    kind = request.GET.get("loai", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    return qs, tab


@login_required
def home(request):
    _reader(request)
    base = services.visible(request.user)
    qs, tab = _filtered(request, base)
    page = Paginator(qs.order_by("-received_at", "id"), 30).get_page(request.GET.get("page"))
    by_category = dict(base.values_list("category").annotate(n=Count("id")))
    context = {
        "page": page,
        "rows": [(p, privacy.petitioner(request.user, p)) for p in page],
        "tab": tab,
        "counts": services.inbox_counts(base),
        "categories": [(c, label, by_category.get(c, 0)) for c, label in Category.choices],
        "category": request.GET.get("linh-vuc", ""),
        "kinds": Kind.choices,
        "kind": request.GET.get("loai", ""),
        "can_receive": scope.has_role(request.user, *services.HANDLERS),
        "now": timezone.now(),
        "query": request.GET.urlencode(),
    }
    return render(request, "grassroots/home.html", context)


def _handler_units(user):
    return scope.visible_units(user, services.HANDLERS).filter(kind="commune").order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def receive(request):
    if not scope.has_role(request.user, *services.HANDLERS):
        raise Forbidden()
    units = _handler_units(request.user)
    form = forms.IntakeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.receive(
                form.petition_input(), unit=form.cleaned_data["unit"], by=request.user
            )
        except DomainError as exc:
            forms.add_domain_errors(form, exc)
        else:
            messages.success(
                request, _("Đã tiếp nhận đơn %(code)s.") % {"code": petition.tracking_code}
            )
            return redirect("grassroots:petition", code=petition.tracking_code)
    status = 422 if request.method == "POST" else 200
    return render(request, "grassroots/receive.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def petition(request, code: str):
    _reader(request)
    p = services.get_visible(request.user, code)
    if request.method == "POST":
        return _act(request, p)
    suggestions = matching.suggest(p) if services.can_handle(request.user, p) else []
    context = {
        "p": p,
        "who": privacy.petitioner(request.user, p),
        "steps": history(p),
        "actions": allowed_for(p, request.user),
        "suggestions": suggestions,
        "can_handle": services.can_handle(request.user, p),
        "matter_petitions": p.matter.petitions.exclude(pk=p.pk).order_by("received_at")
        if p.matter
        else [],
        "hotspot": hotspots.active_hotspot(p.matter) if p.matter else None,
        "now": timezone.now(),
    }
    return render(request, "grassroots/petition.html", context)


_FIELDS = ("answer", "answer_ref", "handling_body", "transferred_to", "level", "satisfaction")


def _act(request, p):
    action = request.POST.get("action", "")[:40]
    data = {k: request.POST.get(k, "")[:10000] for k in _FIELDS if k in request.POST}
    if request.POST.get("handler"):
        data["handler"] = User.objects.filter(username=request.POST["handler"][:150]).first()
    if "complex_case" in request.POST:
        data["complex_case"] = True
    try:
        version = int(request.POST.get("version", "-1"))
        services.apply(
            p,
            action,
            by=request.user,
            expected_version=version,
            reason=request.POST.get("reason", "")[:2000],
            **data,
        )
    except ValueError:
        messages.error(request, _("Phiên bản không hợp lệ; vui lòng tải lại trang."))
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật đơn."))
    return redirect("grassroots:petition", code=p.tracking_code)


@login_required
@require_POST
def group(request, code: str):
    _reader(request)
    p = services.get_visible(request.user, code)
    if not services.can_handle(request.user, p):
        raise Forbidden()
    matter = None
    other = request.POST.get("with", "")[:20]
    if request.POST.get("matter", "").isdigit():
        matter = Matter.objects.filter(pk=int(request.POST["matter"]), unit=p.unit).first()
        if matter is None:
            raise NotFound("matter.not_found", _("Không tìm thấy vụ việc."))
    elif other:
        target = services.get_visible(request.user, other)
        matter = target.matter or services.group(target, by=request.user)
    try:
        if request.POST.get("ungroup"):
            services.ungroup(p, by=request.user)
            messages.success(request, _("Đã tách đơn khỏi vụ việc."))
        else:
            matter = services.group(
                p, by=request.user, matter=matter, title=request.POST.get("title", "")
            )
            messages.success(
                request, _("Đã gộp đơn vào vụ việc “%(title)s”.") % {"title": matter.title}
            )
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    return redirect("grassroots:petition", code=p.tracking_code)


@login_required
def matter(request, pk: int):
    _reader(request)
    m = Matter.objects.select_related("unit").filter(pk=pk).first()
    if m is None or not scope.covers(request.user, m.unit, services.READERS):
        raise NotFound("matter.not_found", _("Không tìm thấy vụ việc."))
    rows = [(p, privacy.petitioner(request.user, p)) for p in m.petitions.order_by("received_at")]
    context = {
        "m": m,
        "rows": rows,
        "people": sum(p.people_count for p, _ in rows),
        "hotspots": m.hotspots.order_by("-opened_at"),
        "reasons": hotspots.evaluate(m),
        "trend": hotspots.trend(m),
    }
    return render(request, "grassroots/matter.html", context)


# --- hot spots ------------------------------------------------------------------------------


@login_required
def board(request):
    _reader(request)
    qs = scope.scoped(
        Hotspot.objects.select_related("unit", "matter"), request.user, roles=services.READERS
    )
    show = request.GET.get("trang-thai", "dang-mo")
    listed = qs.exclude(state=HotspotState.SETTLED) if show == "dang-mo" else qs
    listed = listed.annotate(n=Count("matter__petitions")).order_by("-score", "-n", "-opened_at")
    context = {
        "rows": listed[:200],
        "show": show,
        "map": _map_points(qs),
        "counts": {s: qs.filter(state=s).count() for s in HotspotState.values},
        "rules": HotspotRule.objects.filter(active=True),
        "can_edit_rules": _city_editor(request.user),
    }
    return render(request, "grassroots/board.html", context)


def _map_points(qs) -> dict:
    """Communes as points from the units' coordinates, sized by open hot spots (an inline SVG:
    no map tiles, nothing fetched); the same rows are shown as a table beside it."""
    open_ids = qs.exclude(state=HotspotState.SETTLED).values("unit_id").annotate(n=Count("id"))
    counts = {row["unit_id"]: row["n"] for row in open_ids}
    settled = dict(
        qs.filter(state=HotspotState.SETTLED).values_list("unit_id").annotate(n=Count("id"))
    )
    ids = set(counts) | set(settled)
    units = list(Unit.objects.filter(pk__in=ids, latitude__isnull=False))
    if not units:
        return {"points": [], "rows": []}
    lats = [u.latitude for u in units]
    lngs = [u.longitude for u in units]
    lat0, lat1 = min(lats) - 0.05, max(lats) + 0.05
    lng0, lng1 = min(lngs) - 0.05, max(lngs) + 0.05
    points, rows = [], []
    for u in units:
        n = counts.get(u.pk, 0)
        x = 20 + 560 * (u.longitude - lng0) / (lng1 - lng0)
        y = 20 + 360 * (lat1 - u.latitude) / (lat1 - lat0)
        points.append(
            {
                "x": round(x),
                "y": round(y),
                "r": 6 + 4 * min(n, 6),
                "n": n,
                "settled": settled.get(u.pk, 0),
                "name": u.name,
                "hot": n > 0,
            }
        )
        rows.append({"name": u.name, "code": u.code, "open": n, "settled": settled.get(u.pk, 0)})
    rows.sort(key=lambda r: (-r["open"], r["name"]))
    return {"points": points, "rows": rows}


@login_required
@require_http_methods(["GET", "POST"])
def hotspot(request, pk: int):
    _reader(request)
    h = Hotspot.objects.select_related("unit", "matter").filter(pk=pk).first()
    if h is None or not scope.covers(request.user, h.unit, services.READERS):
        raise NotFound("hotspot.not_found", _("Không tìm thấy điểm nóng."))
    if request.method == "POST":
        action = request.POST.get("action", "")[:40]
        data = {k: request.POST.get(k, "")[:5000] for k in ("lead_body", "responsible", "plan")}
        try:
            transition(
                h,
                action,
                by=request.user,
                expected_version=int(request.POST.get("version", "-1")),
                reason=request.POST.get("reason", "")[:2000],
                **data,
            )
        except ValueError:
            messages.error(request, _("Phiên bản không hợp lệ; vui lòng tải lại trang."))
        except DomainError as exc:
            if exc.status == 404:
                raise
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã cập nhật điểm nóng."))
        return redirect("grassroots:hotspot", pk=h.pk)
    context = {
        "h": h,
        "trend": hotspots.trend(h.matter),
        "actions": allowed_for(h, request.user),
        **_collapsed(history(h)),
        "petitions": h.matter.petitions.count(),
        "people": sum(h.matter.petitions.values_list("people_count", flat=True)),
    }
    return render(request, "grassroots/hotspot.html", context)


def _collapsed(steps) -> dict:
    """The rules' refreshes are many: the timeline keeps the people's steps and the last refresh."""
    refreshes = [s for s in steps if s.action == "refresh"]
    kept = [s for s in steps if s.action != "refresh"]
    return {
        "steps": kept,
        "refreshes": len(refreshes),
        "last_refresh": refreshes[-1] if refreshes else None,
    }


# --- files ----------------------------------------------------------------------------------


@login_required
def export(request):
    _reader(request)
    qs, _tab = _filtered(request, services.visible(request.user))
    rows = list(qs.order_by("-received_at")[:20000])
    data = exports.petitions_xlsx(rows, request.user)
    record("grassroots.export", actor=request.user, data={"count": len(rows)})
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="don-thu.xlsx"'
    return response


@login_required
def answer_letter(request, code: str, fmt: str):
    _reader(request)
    p = services.get_visible(request.user, code)
    if not services.can_handle(request.user, p):
        raise Forbidden()  # the letter names the petitioner: for those who send it
    if not p.answer:
        raise NotFound("petition.no_answer", _("Đơn chưa có nội dung trả lời."))
    if fmt == "pdf":
        data, ctype = exports.answer_pdf(p), "application/pdf"
    else:
        data = exports.answer_docx(p)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    record(
        "grassroots.answer_letter",
        actor=request.user,
        unit=p.unit,
        obj=p,
        data={"code": p.tracking_code},
    )
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="tra-loi-{p.tracking_code}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request):
    if not scope.has_role(request.user, *services.HANDLERS):
        raise Forbidden()
    report = None
    if request.method == "POST" and request.FILES.get("file"):
        upload = request.FILES["file"]
        report = importers.import_petitions(
            upload.read(), upload.name, by=request.user, dry_run=bool(request.POST.get("thu"))
        )
    return render(request, "grassroots/import.html", {"report": report})


@login_required
def import_template(request):
    if not scope.has_role(request.user, *services.HANDLERS):
        raise Forbidden()
    response = HttpResponse(
        importers.template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don-thu.xlsx"'
    return response


def _city_editor(user) -> bool:
    """The city edits the hot-spot rules: an administrator or the mobilization committee of a
    province."""
    return scope.visible_units(user, [Role.ADMIN, Role.MOBILIZER]).filter(kind="province").exists()


@login_required
@require_http_methods(["GET", "POST"])
def rules(request):
    if not _city_editor(request.user):
        raise Forbidden()
    if request.method == "POST":
        rule = HotspotRule.objects.filter(code=request.POST.get("code", "")[:40]).first()
        if rule is None:
            raise NotFound("hotspot.rule_not_found", _("Không có quy tắc này."))
        try:
            rule.threshold = max(1, int(request.POST.get("threshold", "")))
            rule.window_days = max(0, int(request.POST.get("window_days", "0") or 0))
            rule.weight = max(1, int(request.POST.get("weight", "1") or 1))
        except ValueError:
            messages.error(request, _("Ngưỡng, số ngày và trọng số phải là số nguyên."))
            return redirect("grassroots:rules")
        rule.active = bool(request.POST.get("active"))
        rule.save()
        record(
            "grassroots.rule.updated",
            actor=request.user,
            obj=rule,
            data={
                "code": rule.code,
                "threshold": rule.threshold,
                "window_days": rule.window_days,
                "weight": rule.weight,
                "active": rule.active,
            },
        )
        messages.success(request, _("Đã lưu quy tắc “%(rule)s”.") % {"rule": rule.label})
        return redirect("grassroots:rules")
    return render(request, "grassroots/rules.html", {"rules": HotspotRule.objects.all()})
