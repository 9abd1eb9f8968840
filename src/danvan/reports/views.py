"""Report pages: a dashboard per role, the service-quality and mass-mobilization reports with
unit and period pickers and charts, the drill-down list of each figure, entered figures, and the
city-wide export as a background job. Views are thin: builders, engine and exports hold the logic."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.core.errors import Invalid, NotFound
from danvan.core.formatting import number, percent
from danvan.jobs import services as jobs
from danvan.onestop import quality as onestop_quality
from danvan.reports import (
    access,
    builders,
    charts,
    drilldown,
    engine,
    entering,
    exports,
    periods,
    population,
    quality,
)
from danvan.reports.builders import mobilization_report, service_quality_report
from danvan.units.models import Unit

PAGE_SIZE = 50


def _unit(request) -> Unit:
    raw = request.GET.get("unit") or request.POST.get("unit")
    if raw:
        try:
            unit = Unit.objects.get(pk=int(raw))
        except (ValueError, Unit.DoesNotExist):
            raise NotFound("unit.not_found", _("Không tìm thấy đơn vị.")) from None
    else:
        unit = access.default_unit(request.user)
        if unit is None:
            scope.require_role(request.user, *access.READERS)
            raise NotFound("unit.not_found", _("Tài khoản chưa được giao đơn vị nào."))
    access.require_reader(request.user, unit)
    return unit


def _period(request) -> periods.Period:
    return periods.from_request(request.GET, timezone.localdate())


def _pickers(request, unit, period) -> dict:
    years = list(range(timezone.localdate().year, 2022, -1))
    return {
        "unit": unit,
        "period": period,
        "picker_units": access.picker_units(request.user),
        "years": years,
        "kinds": [
            ("month", _("Tháng")),
            ("quarter", _("Quý")),
            ("half", _("6 tháng")),
            ("year", _("Năm")),
            ("custom", _("Tùy chọn")),
        ],  # fmt: skip
        "query": request.GET.urlencode() or f"unit={unit.pk}",
    }


def _download(report: dict, fmt: str) -> HttpResponse:
    name, content_type, data = exports.render(report, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _rows(figures: list[dict]) -> list[dict]:
    """Figures for a template: shown value, previous, last year, change, link."""
    out = []
    for f in figures:
        out.append(f | {
            "shown": _shown(f, "current"), "shown_previous": _shown(f, "previous"),
            "shown_last_year": _shown(f, "same_period_last_year"), "shown_change": _delta(f),
        })  # fmt: skip
    return out


def _shown(f: dict, key: str) -> str:
    if not f["available"]:
        return _("chưa có phân hệ")
    res = f[key]
    if res is None or res["value"] is None:
        return _("không có dữ liệu")
    if f["kind"] in ("per_1000", "average"):
        return number(res["value"], 2)
    return percent(res["value"], 2) if f["kind"] == "rate" else number(res["value"])


def _delta(f: dict) -> str:
    change = f.get("change")
    if change is None:
        return ""
    if f["kind"] == "rate":
        shown = number(abs(change) * 100, 2)
    elif f["kind"] in ("per_1000", "average"):
        shown = number(abs(change), 2)
    else:
        shown = number(abs(change))
    # The sign of what is shown: a change that rounds to zero reads "±0", never "−0".
    moved = any(digit in shown for digit in "123456789")
    sign = ("+" if change > 0 else "−") if moved else "±"
    if f["kind"] == "rate":
        return _("%(sign)s%(n)s điểm %%") % {"sign": sign, "n": shown}
    return f"{sign}{shown}"


@login_required
def home(request):
    unit = _unit(request)
    period = _period(request)
    ctx = _pickers(request, unit, period)
    roles = scope.roles_of(request.user)
    if Role.SIGNER in roles or Role.COUNTER_CLERK in roles:
        ctx["counter"] = onestop_quality.counter_today(unit)
        ctx["overdue"] = (
            onestop_quality.overdue_open(unit).select_related("procedure").order_by("due_at")[:20]
        )
    codes = [*quality.OPERATIONAL[:4], "movement.practices", "reports.practices_per_1000",
             "oversight.supervisions", "grassroots.petitions", "grassroots.hotspots_open"]  # fmt: skip
    ctx["figures"] = _rows(builders.dossier_figures(codes, unit, period))
    if unit.kind == "province" or unit.kind == "district":
        ranked = builders.ranked_on_time(unit, period)
        ctx["ranked"] = ranked
        ctx["ranked_chart"] = charts.bars(
            _("Tỷ lệ đúng hạn theo đơn vị trực thuộc"),
            [
                charts.Bar(r["unit"]["name"], r["value"], _counted(r), is_data=True)
                for r in ranked[:30]
            ],
            scale=1,
        )
        ctx["hotspots"] = _by_child("grassroots.hotspots_open", unit, period)
        ctx["practices"] = _practices_per_1000(unit, period)
    return render(request, "reports/home.html", ctx)


def _pct(value) -> str:
    return percent(value, 2) if value is not None else _("không có dữ liệu")


def _practices_per_1000(unit, period) -> dict:
    if not engine.is_registered("reports.practices_per_1000"):
        return {"available": False, "rows": []}
    rows = population.practices_by_child(unit, period.start, period.end)[:15]
    shown = [r | {"shown": number(r["value"], 2) if r["value"] is not None else None} for r in rows]
    return {"available": True, "rows": shown,
            "city": engine.compared_json(engine.compare("reports.practices_per_1000", unit, period),
                                         unit, period)}  # fmt: skip


def _counted(row: dict) -> str:
    """ "92,5 % (37/40)": the rate beside what it is counted on, so 1/1 does not outrank 95/100
    unseen."""
    if row["value"] is None:
        return _pct(None)
    return f"{_pct(row['value'])} ({number(row['numerator'])}/{number(row['denominator'])})"


def _by_child(code: str, unit, period) -> dict:
    if not engine.is_registered(code):
        return {"available": False, "rows": []}
    rows = engine.breakdown(code, unit, period)
    ranked = sorted((r for r in rows if r[1].value), key=lambda r: -r[1].value)[:10]
    return {"available": True, "rows": [(u, number(r.value or 0)) for u, r in ranked]}


@login_required
def service_quality(request):
    unit, period = _unit(request), _period(request)
    report = service_quality_report(unit, period)
    fmt = request.GET.get("format")
    if fmt:
        return _download(report, exports.check_format(fmt))
    ctx = _pickers(request, unit, period) | {
        "report": report,
        "figures": _rows(report["operational"]),
    }
    ctx["groups_chart"] = charts.bars(
        _("Điểm theo nhóm chỉ số (Quyết định 766)"),
        [
            charts.Bar(
                g["name"],
                g["points"],
                f"{number(g['points'], 2)}/{g['max_points']}",
                maximum=g["max_points"],
            )
            for g in report["index"]["groups"]
        ],  # fmt: skip
        scale=22,
    )
    ctx["children_chart"] = charts.bars(
        _("Tỷ lệ đúng hạn theo đơn vị trực thuộc"),
        [
            charts.Bar(c["unit"]["name"], c["value"], _counted(c), is_data=True)
            for c in report["children"][:40]
        ],
        scale=1,
    )
    # A ward's children are its villages, which receive no dossiers: no empty chart for them.
    ctx["children_with_data"] = any(c["denominator"] for c in report["children"])
    months = builders.trend_on_time(unit, period)
    ctx["trend"] = months
    ctx["trend_chart"] = charts.trend(
        _("Tỷ lệ đúng hạn theo tháng"),
        [
            charts.Bar(f"{m.start:%m/%Y}", r.value if r else None, _pct(r.value if r else None))
            for m, r in months
        ],
    )
    ctx["can_enter"] = scope.has_role(request.user, *access.ENTERERS)
    ctx["entered_codes"] = quality.ENTERED_CODES
    return render(request, "reports/service_quality.html", ctx)


@login_required
def mobilization(request):
    unit, period = _unit(request), _period(request)
    report = mobilization_report(unit, period)
    fmt = request.GET.get("format")
    if fmt:
        return _download(report, exports.check_format(fmt))
    sections = [s | {"rows": _rows(s["figures"])} for s in report["sections"]]
    ctx = _pickers(request, unit, period) | {"report": report, "sections": sections}
    ctx |= _today_table(report)
    return render(request, "reports/mobilization.html", ctx)


def _today_table(report: dict) -> dict:
    """The re-mapped figures of a pre-2025 unit as a table: names from the report's figures."""
    rows = report.get("today_units") or []
    if not rows:
        return {}
    names = {f["code"]: f["name"] for s in report["sections"] for f in s["figures"]}
    codes = list(rows[0]["figures"])
    columns = [(c, names.get(c, c)) for c in codes]
    table = [
        {"name": r["unit"]["name"],
         "values": [number(r["figures"][c]["value"]) if r["figures"][c] else "" for c in codes]}
        for r in rows
    ]  # fmt: skip
    return {"today_columns": columns, "today_rows": table}


@login_required
def records(request, code: str):
    unit, period = _unit(request), _period(request)
    if not engine.is_registered(code):
        raise NotFound(
            "report.indicator_unknown",
            _("Chỉ số “%(code)s” chưa có phân hệ nào đăng ký.") % {"code": code},
        )
    listing = drilldown.listing(code, unit, period, q=request.GET.get("q", ""))
    if request.GET.get("format") == "xlsx":
        name, data = drilldown.to_xlsx(listing, unit, period)
        response = HttpResponse(data, content_type=exports.FORMATS["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    figure = builders.figure_now(code, unit, period)
    known = None if request.GET.get("q") else (figure.get("current") or {}).get("numerator")
    paginator = drilldown.CountedPaginator(listing.queryset, PAGE_SIZE, known_count=known)
    page = paginator.get_page(request.GET.get("page"))
    ctx = _pickers(request, unit, period) | {
        "listing": listing, "page": page, "rows": [listing.row(obj) for obj in page.object_list],
        "q": request.GET.get("q", ""), "figure": figure,
    }  # fmt: skip
    return render(request, "reports/records.html", ctx)


@login_required
def enter_figure(request):
    unit = _unit(request)
    access.require_enterer(request.user, unit)
    if request.method == "POST":
        try:
            entering.enter(request.user, unit, request.POST)
        except Invalid as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lưu số liệu và minh chứng."))
            return redirect(f"{request.path}?unit={unit.pk}")
    ctx = {"unit": unit, "items": [quality.ITEMS[c] for c in quality.ENTERED_CODES],
           "figures": entering.recent(unit), "post": request.POST}  # fmt: skip
    return render(request, "reports/enter.html", ctx)


@login_required
@require_POST
def city_export(request):
    unit, period = _unit(request), _period(request)
    kind = request.POST.get("report", "service-quality")
    fmt = exports.check_format(request.POST.get("format", "xlsx"))
    if kind not in exports.REPORTS:
        raise Invalid("report.unknown", _("Không có loại báo cáo này."))
    job = jobs.start(
        "reports.export", owner=request.user, unit=unit,
        params={"report": kind, "unit": unit.pk, "from": period.start.isoformat(),
                "to": period.end.isoformat(), "format": fmt},
        title=_("Báo cáo %(name)s, %(period)s") % {"name": unit.name, "period": period.label()},
    )  # fmt: skip
    return redirect("jobs:job", public_id=job.public_id)
