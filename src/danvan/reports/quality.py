"""The Decision 766/QĐ-TTg service-quality index (INDICATORS-766.md) and SPEC §7's operational
figures, for a unit subtree and a period.

Points = max × min(1, rate ÷ target), rounded to 2 decimals; the dossier figures of one period
come from one aggregate query (onestop.quality.totals), the procedure figures from a few counts,
and the figures the platform cannot know from EnteredFigure rows (with their evidence).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from danvan.core.indicators import Scope  # noqa: F401 - used by callers and tests
from danvan.onestop import quality as dossiers
from danvan.reports.models import EnteredFigure
from danvan.reports.periods import Period

# empty: what a denominator of 0 gives. "null": no score (adds 0); "zero": 0 points; "full".
NULL, ZERO_POINTS, FULL = "null", "zero", "full"


@dataclass(frozen=True)
class Item:
    code: str  # "2.1"
    name: object
    max_points: float
    target: float
    source: str  # "dossier:<figure>", "procedure:<figure>", "entered", "display"
    empty: str
    tag: str = "read"  # read | fit | open


def _digitized_target() -> float:
    return float(dossiers.setting("DIGITIZED_TARGET"))


GROUPS = [
    ("transparency", _("Công khai, minh bạch"), 18, [
        Item("1.1", _("Thủ tục được công bố đúng hạn"), 6, 1.0, "entered", NULL),
        Item("1.2", _("Thủ tục công khai trên Cổng đúng hạn"), 4, 1.0, "entered", NULL),
        Item("1.3", _("Thủ tục công khai đầy đủ nội dung"), 2, 1.0, "entered", NULL),
        Item("1.4", _("Hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia"), 6, 1.0,
             "dossier:synced", NULL),
    ]),
    ("progress", _("Tiến độ giải quyết"), 20, [
        Item("2.1", _("Hồ sơ giải quyết đúng hạn"), 20, 1.0, "dossier:on_time", ZERO_POINTS),
        Item("2.2", _("Thời gian giải quyết trung bình (ngày, không tính điểm)"), 0, 1.0,
             "display", NULL),
    ]),
    ("online", _("Dịch vụ công trực tuyến"), 12, [
        Item("3.1", _("Thủ tục cung cấp dịch vụ công trực tuyến"), 2, 0.8,
             "procedure:procedures_online", ZERO_POINTS),
        Item("3.2", _("Dịch vụ công trực tuyến có phát sinh hồ sơ"), 4, 1.0,
             "procedure:services_used", ZERO_POINTS),
        Item("3.3", _("Hồ sơ trực tuyến"), 6, 0.5, "dossier:online_result_complete",
             ZERO_POINTS, "fit"),
    ]),
    ("payment", _("Thanh toán trực tuyến"), 10, [
        Item("3.5", _("Thủ tục có phí đồng bộ dữ liệu phí"), 2, 0.8, "procedure:fee_data",
             ZERO_POINTS),
        Item("3.5b", _("Thủ tục có thanh toán trực tuyến"), 2, 0.8,
             "procedure:procedures_paid_online", ZERO_POINTS),
        Item("3.6", _("Hồ sơ thanh toán trực tuyến"), 6, 1.0, "dossier:paid_online", ZERO_POINTS),
    ]),
    ("digitization", _("Số hóa hồ sơ"), 22, [
        Item("4.1", _("Hồ sơ có kết quả điện tử"), 6, 1.0, "dossier:e_result_issued", NULL),
        Item("4.2", _("Hồ sơ được số hóa"), 4, 1.0, "dossier:digitized", NULL, "open"),
        Item("4.e", _("Cung cấp dịch vụ chứng thực bản sao điện tử"), 2, 1.0, "entered", NULL),
        Item("4.3", _("Hồ sơ tái sử dụng dữ liệu đã số hóa"), 2, 0.8, "dossier:reused", NULL),
        Item("4.4", _("Hồ sơ gắn với kho dữ liệu cá nhân"), 4, 1.0, "dossier:personal_store",
             NULL),
        Item("4.5b", _("Hồ sơ sử dụng dữ liệu dân cư"), 2, 1.0, "dossier:population_data", NULL),
        Item("4.5a", _("Thủ tục kết nối dữ liệu dân cư"), 2, 1.0,
             "procedure:procedures_population", NULL),
    ]),
    ("satisfaction", _("Mức độ hài lòng"), 18, [
        Item("5.2", _("Phản ánh, kiến nghị được xử lý đúng hạn"), 6, 1.0, "entered", FULL),
        Item("5.3", _("Hài lòng về xử lý phản ánh, kiến nghị"), 6, 1.0, "entered", FULL),
        Item("5.4", _("Hài lòng về giải quyết thủ tục"), 6, 0.9, "dossier:satisfied",
             ZERO_POINTS),
    ]),
]  # fmt: skip

ENTERED_CODES = [i.code for _g, _n, _m, items in GROUPS for i in items if i.source == "entered"]
ITEMS = {i.code: i for _g, _n, _m, items in GROUPS for i in items}


def two(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def points(item: Item, numerator, denominator) -> Decimal | None:
    """The points of one indicator (None: no score)."""
    if not denominator:
        return {NULL: None, ZERO_POINTS: two(0), FULL: two(item.max_points)}[item.empty]
    target = _digitized_target() if item.code == "4.2" else item.target
    rate = Decimal(numerator) / Decimal(denominator)
    share = min(Decimal(1), rate / Decimal(str(target)))
    return two(Decimal(str(item.max_points)) * share)


def entered(unit, period: Period) -> dict[str, dict]:
    """Entered figures of the unit itself whose period lies within the report's, added up."""
    rows = (
        EnteredFigure.objects.filter(unit=unit, start__gte=period.start, end__lte=period.end)
        .values("indicator")
        .annotate(n=Sum("numerator"), d=Sum("denominator"))
    )
    out = {
        r["indicator"]: {"numerator": r["n"], "denominator": r["d"], "evidence": []} for r in rows
    }
    for fig in EnteredFigure.objects.filter(
        unit=unit, start__gte=period.start, end__lte=period.end
    ).order_by("start"):
        out[fig.indicator]["evidence"].append(
            {"from": fig.start.isoformat(), "to": fig.end.isoformat(), "text": fig.evidence,
             "url": fig.evidence_url, "by": fig.entered_by.display_name}
        )  # fmt: skip
    return out


def index(unit, period: Period, window: dict | None = None) -> dict:
    """The 766 index: {"total", "max", "groups": [...]} (docs/reports.md, "service-quality").
    `window`: the period's dossier figures already counted by onestop.quality.multi."""
    scope = Scope(unit, period.start, period.end)
    if window is None:
        from danvan.reports import facts

        window = facts.multi(unit, [(period.start, period.end)])[0]
    totals = window["total"]
    procedures = dossiers.procedure_flags(scope, received=totals["on_time"][1])
    typed = entered(unit, period)
    avg_days, finished = window["average_days"], window["finished"]
    groups, total = [], Decimal(0)
    for code, name, max_points, items in GROUPS:
        rows = [_row(i, totals, procedures, typed, avg_days, finished, unit, period) for i in items]
        got = sum((r["points"] for r in rows if r["points"] is not None), Decimal(0))
        total += got
        groups.append(
            {
                "code": code,
                "name": str(name),
                "max_points": max_points,
                "points": got,
                "items": rows,
            }
        )
    return {"total": total, "max_points": 100, "groups": groups}


def _row(item, totals, procedures, typed, avg_days, finished, unit, period) -> dict:
    out = {
        "code": item.code, "name": str(item.name), "max_points": item.max_points,
        "target": _digitized_target() if item.code == "4.2" else item.target,
        "tag": item.tag, "source": item.source.split(":")[0], "empty_rule": item.empty,
        "evidence": [], "records_code": None,
    }  # fmt: skip
    if item.source == "display":
        return out | {"numerator": None, "denominator": finished, "rate": None,
                      "value": avg_days, "points": None, "status": "display"}  # fmt: skip
    if item.source == "entered":
        got = typed.get(item.code)
        if got is None:
            return out | {"numerator": None, "denominator": None, "rate": None, "value": None,
                          "points": None, "status": "not_entered"}  # fmt: skip
        n, d = got["numerator"], got["denominator"]
        out["evidence"] = got["evidence"]
    else:
        kind, figure = item.source.split(":")
        n, d = (totals if kind == "dossier" else procedures)[figure]
        out["records_code"] = f"onestop.sq_{figure}"
        if item.code == "3.3" and dossiers.setting("ONLINE_TIMES_SYNC"):
            return out | _online_times_sync(item, n, d, totals["synced"])
    rate = two(Decimal(n) / Decimal(d) * 100) if d else None
    return out | {"numerator": n, "denominator": d, "rate": rate, "value": rate,
                  "points": points(item, n, d), "status": "ok" if d else "empty"}  # fmt: skip


def _online_times_sync(item, n, d, synced) -> dict:
    """3.3 [fit]: online ÷ received × the 1.4 sync rate."""
    sn, sd = synced
    if not d:
        return {"numerator": n, "denominator": d, "rate": None, "value": None,
                "points": points(item, 0, 0), "status": "empty"}  # fmt: skip
    rate = Decimal(n) / Decimal(d) * (Decimal(sn) / Decimal(sd) if sd else Decimal(0))
    share = min(Decimal(1), rate / Decimal(str(item.target)))
    return {"numerator": n, "denominator": d, "sync_rate": two(Decimal(sn) / Decimal(sd) * 100),
            "rate": two(rate * 100), "value": two(rate * 100),
            "points": two(Decimal(str(item.max_points)) * share), "status": "ok"}  # fmt: skip


# SPEC §7's figures beside the index; the onestop.sq_* ones come from the same one query.
OPERATIONAL = [
    "onestop.sq_on_time",
    "onestop.sq_online",
    "onestop.sq_full_online",
    "onestop.sq_no_wait_on_the_spot",
    "onestop.sq_with_file",
    "onestop.sq_e_result_to_store",
    "onestop.sq_reused",
    "onestop.sq_e_result",
    "onestop.sq_late",
    "onestop.sq_late_apologized",
    "onestop.ratings_satisfied",
]


def operational(unit, period: Period, window: dict | None = None) -> dict:
    """The median and average beside the figures (plain numbers)."""
    scope = Scope(unit, period.start, period.end)
    window = window or dossiers.multi(unit, [(period.start, period.end)])[0]
    return {
        "no_wait_median_minutes": dossiers.no_wait_median_minutes(scope),
        "average_processing_days": window["average_days"],
        "finished_dossiers": window["finished"],
    }
