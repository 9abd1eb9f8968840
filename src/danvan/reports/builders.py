"""The two reports as stable JSON (docs/reports.md) and as sections for the exports."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import indicators as registry
from danvan.core.formatting import number
from danvan.core.indicators import Result
from danvan.reports import engine, facts, mobilization, quality
from danvan.reports.periods import Period
from danvan.units.services import children_in_period

SCHEMA_VERSION = 1


def unit_json(unit) -> dict:
    return {
        "code": unit.code, "name": unit.name, "kind": unit.kind,
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
    }  # fmt: skip


def period_json(p: Period) -> dict:
    return {
        "from": p.start.isoformat(),
        "to": p.end.isoformat(),
        "kind": p.kind,
        "label": p.label(),
    }


def _head(kind: str, unit, period: Period) -> dict:
    return {
        "schema": SCHEMA_VERSION,
        "report": kind,
        "unit": unit_json(unit),
        "period": period_json(period),
        "previous_period": period_json(period.previous()),
        "same_period_last_year": period_json(period.last_year()),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def mobilization_report(unit, period: Period) -> dict:
    """Every section's figures with the previous period and the same period last year; the
    one-stop figures among them (on time, online, on the spot) from the aggregate table in one
    query for the three periods, as the service-quality report reads them — not three direct
    counts over the dossiers each (9.5 s for the city's year at 3 million dossiers)."""
    wanted = [c for _code, _title, codes in mobilization.SECTIONS for c in codes]
    figures = iter(dossier_figures(wanted, unit, period))
    sections = [
        {"code": code, "title": str(title), "figures": [next(figures) for _c in codes]}
        for code, title, codes in mobilization.SECTIONS
    ]
    out = _head("mobilization", unit, period) | {"sections": sections}
    if unit.is_historical:
        out["today_units"] = remapped(unit, period)
    return out


REMAPPED_CODES = [
    "movement.practices", "movement.selfmanaged_groups", "oversight.supervisions",
    "oversight.criticism_sessions", "oversight.dialogues", "grassroots.petitions",
]  # fmt: skip


def remapped(unit, period: Period) -> list[dict]:
    """A pre-2025 unit's figures re-mapped to today's communes (each counts, for the period, the
    records of the old units it replaced and its own): a few figures per commune."""
    codes = [c for c in REMAPPED_CODES if engine.is_registered(c)]
    rows = []
    for today in engine.today_units(unit):
        figures = {c: engine.result_json(engine.evaluate(c, today, period)) for c in codes}
        rows.append({"unit": unit_json(today), "figures": figures})
    return rows


def service_quality_report(unit, period: Period, *, with_children: bool = True) -> dict:
    """The dossier figures of this period, the previous one and the same period last year, for
    the unit and each child, come from one query (onestop.quality.multi)."""
    periods = [period, period.previous(), period.last_year()]
    windows = facts.multi(unit, [(p.start, p.end) for p in periods], by_child=with_children)
    figures = [_operational(c, unit, period, windows) for c in quality.OPERATIONAL]
    out = _head("service-quality", unit, period) | {
        "index": _index_json(quality.index(unit, period, windows[0])),
        "index_previous": _index_json(quality.index(unit, periods[1], windows[1]), brief=True),
        "operational": figures,
        "operational_extra": quality.operational(unit, period, windows[0]),
    }
    if with_children:
        out["children"] = children_on_time(unit, period, windows[0])
    return out


def dossier_figures(codes: list[str], unit, period: Period) -> list[dict]:
    """The figures of `codes` (onestop.sq_* from the aggregate table in one pass for the three
    periods; any other code from the registry), as in the reports' JSON."""
    prefix = "onestop.sq_"
    wanted = tuple(c[len(prefix) :] for c in codes if c.startswith(prefix))
    wanted = tuple(w for w in wanted if w in dossier_codes())
    periods = [period, period.previous(), period.last_year()]
    windows = (
        facts.multi(unit, [(p.start, p.end) for p in periods], codes=wanted) if wanted else None
    )
    return [
        _operational(c, unit, period, windows)
        if windows and c[len(prefix) :] in wanted
        else engine.compared_json(engine.compare(c, unit, period), unit, period)
        for c in codes
    ]


def _operational(code: str, unit, period: Period, windows: list[dict]) -> dict:
    prefix = "onestop.sq_"
    figure = code[len(prefix) :] if code.startswith(prefix) else None
    if figure is None or figure not in windows[0]["total"] or not engine.is_registered(code):
        return engine.compared_json(engine.compare(code, unit, period), unit, period)
    ind = registry.get(code)
    results = []
    for w in windows:
        n, d = w["total"][figure]
        results.append(Result(n, d, n / d if d else ind.empty))
    c = engine.Compared(code, str(ind.name), str(ind.formula), str(ind.unit_label), True, True,
                        *results)  # fmt: skip
    return engine.compared_json(c, unit, period)


def figure_now(code: str, unit, period: Period) -> dict:
    """One figure for one period (the drill-down's heading): from the aggregate for the one-stop
    service-quality codes, else from the registry."""
    prefix = "onestop.sq_"
    if (
        code.startswith(prefix)
        and code[len(prefix) :] in dossier_codes()
        and engine.is_registered(code)
    ):
        figure = code[len(prefix) :]
        window = facts.multi(unit, [(period.start, period.end)], codes=(figure,))[0]
        n, d = window["total"][figure]
        ind = registry.get(code)
        c = engine.Compared(code, str(ind.name), str(ind.formula), str(ind.unit_label), True,
                            True, Result(n, d, n / d if d else ind.empty))  # fmt: skip
        return engine.compared_json(c, unit, period) | {"previous": None}
    c = engine.compare(code, unit, period, with_history=False)
    return engine.compared_json(c, unit, period)


def dossier_codes() -> tuple:
    from danvan.onestop.quality import CODES

    return CODES


def trend_on_time(unit, period: Period) -> list[tuple[Period, Result]]:
    """On time (2.1) for each month of the period, from one query over the aggregate table."""
    months = period.months()
    windows = facts.multi(unit, [(m.start, m.end) for m in months], codes=("on_time",))
    out = []
    for m, w in zip(months, windows, strict=True):
        n, d = w["total"]["on_time"]
        out.append((m, Result(n, d, n / d if d else None)))
    return out


def ranked_on_time(unit, period: Period) -> list[dict]:
    """The dashboard's ranking: each child's on-time figure alone (one query on the aggregate
    table and one on the open dossiers), not the whole report."""
    window = facts.multi(unit, [(period.start, period.end)], by_child=True, codes=("on_time",))
    return children_on_time(unit, period, window[0])


def children_on_time(unit, period: Period, window: dict) -> list[dict]:
    """Each child unit's on-time figure (from the same grouped query), ranked by on-time %."""
    rows = []
    for child in children_in_period(unit, period.start, period.end):
        n, d = window["children"].get(child.path, {}).get("on_time", (0, 0))
        rows.append({"unit": unit_json(child), "numerator": n, "denominator": d,
                     "value": round(n / d, 6) if d else None})  # fmt: skip
    # Ties (several communes at 100 %) rank the one that settled more dossiers first.
    return sorted(
        rows,
        key=lambda r: (
            r["value"] is None,
            -(r["value"] or 0),
            -r["denominator"],
            r["unit"]["code"],
        ),
    )


def _index_json(ix: dict, brief: bool = False) -> dict:
    if brief:
        return {"total": float(ix["total"]),
                "groups": [{"code": g["code"], "points": float(g["points"])} for g in ix["groups"]]}  # fmt: skip
    groups = []
    for g in ix["groups"]:
        items = [
            {k: (float(v) if hasattr(v, "quantize") else v) for k, v in i.items()}
            for i in g["items"]
        ]
        groups.append({**g, "points": float(g["points"]), "items": items})
    return {"total": float(ix["total"]), "max_points": ix["max_points"], "groups": groups}


# --- sections for .xlsx / .docx / PDF ---------------------------------------------------------


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)  # numbers stay numbers


def _value(fig: dict, key: str = "current"):
    if not fig["available"]:
        return _("chưa có phân hệ")
    res = fig[key]
    if res is None or res["value"] is None:
        return _("không có dữ liệu")
    if fig["kind"] == "rate":
        return round(res["value"] * 100, 2)
    if fig["kind"] in ("per_1000", "average"):
        return round(res["value"], 2)
    return res["value"]


def _figure_rows(figures: list[dict]) -> list[list]:
    rows = []
    for i, f in enumerate(figures, 1):
        cur = f["current"] or {}
        rows.append([
            i, f["name"] + (" (%)" if f["kind"] == "rate" else ""), _value(f),
            cur.get("numerator") if f["kind"] != "count" else None,
            cur.get("denominator"), _value(f, "previous"), _value(f, "same_period_last_year"),
        ])  # fmt: skip
    return rows


def figure_header() -> list[str]:
    return [_("TT"), _("Chỉ tiêu"), _("Kỳ này"), _("Tử số"), _("Mẫu số"), _("Kỳ trước"),
            _("Cùng kỳ năm trước")]  # fmt: skip


def sections(report: dict) -> list[Section]:
    if report["report"] == "mobilization":
        return [
            Section(s["title"], figure_header(), _figure_rows(s["figures"]))
            for s in report["sections"]
        ]
    ix = report["index"]
    head = [_("Mã"), _("Chỉ số"), _("Điểm tối đa"), _("Chỉ tiêu (%)"), _("Tử số"), _("Mẫu số"),
            _("Tỷ lệ (%)"), _("Điểm")]  # fmt: skip
    index_rows = []
    for g in ix["groups"]:
        index_rows.append(["", g["name"], g["max_points"], None, None, None, None, g["points"]])
        for i in g["items"]:
            index_rows.append([
                i["code"], i["name"] + _status_note(i), i["max_points"],
                round(i["target"] * 100, 2) if i["max_points"] else None, i["numerator"],
                i["denominator"], i["value"], i["points"],
            ])  # fmt: skip
    index_rows.append(["", _("Tổng điểm"), 100, None, None, None, None, ix["total"]])
    out = [
        Section(_("Chỉ số Quyết định 766/QĐ-TTg"), head, index_rows),
        Section(_("Chỉ số vận hành"), figure_header(), _figure_rows(report["operational"])),
    ]
    if report.get("children"):
        rows = [
            [n, c["unit"]["name"], _pct(c["value"]), c["numerator"], c["denominator"]]
            for n, c in enumerate(report["children"], 1)
        ]
        out.append(
            Section(
                _("Đúng hạn theo đơn vị"),
                [_("TT"), _("Đơn vị"), _("Đúng hạn (%)"), _("Đúng hạn"), _("Tiếp nhận")],
                rows,
            )
        )
    return out


def _pct(value):
    return round(value * 100, 2) if value is not None else _("không có dữ liệu")


def _status_note(item: dict) -> str:
    notes = {"not_entered": _(" — chưa nhập số liệu"), "display": _(" — không tính điểm")}
    return notes.get(item["status"], "")


def as_text(value) -> str:
    if isinstance(value, float):
        return number(value, 2)
    if value is None:
        return ""
    return number(value) if isinstance(value, int) else str(value)
