"""The figures of a report: an indicator of the registry for a unit subtree and a period, beside
the previous period and the same period last year, with the change; a code no app registered is
"chưa có phân hệ" (never 0)."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from danvan.core import indicators as registry
from danvan.core.indicators import Result
from danvan.reports.periods import Period

NOT_REGISTERED = "chưa có phân hệ"


@dataclass(frozen=True)
class Compared:
    code: str
    name: str
    formula: str
    unit_label: str
    is_rate: bool
    available: bool
    current: Result | None
    previous: Result | None = None
    last_year: Result | None = None

    @property
    def change(self):
        return _change(self.current, self.previous, self.is_rate)

    @property
    def change_last_year(self):
        return _change(self.current, self.last_year, self.is_rate)


def _change(a: Result | None, b: Result | None, is_rate: bool):
    if a is None or b is None or a.value is None or b.value is None:
        return None
    diff = a.value - b.value
    return round(diff, 4) if is_rate else diff


def is_registered(code: str) -> bool:
    try:
        registry.get(code)
    except LookupError:
        return False
    return True


def evaluate(code: str, unit, period: Period) -> Result | None:
    if not is_registered(code):
        return None
    return registry.evaluate(code, unit=unit, start=period.start, end=period.end)


def compare(code: str, unit, period: Period, *, with_history: bool = True) -> Compared:
    if not is_registered(code):
        return Compared(code, code, "", "", False, False, None)
    ind = registry.get(code)
    current = evaluate(code, unit, period)
    previous = evaluate(code, unit, period.previous()) if with_history else None
    last_year = evaluate(code, unit, period.last_year()) if with_history else None
    return Compared(
        code, str(ind.name), str(ind.formula), str(ind.unit_label), ind.is_rate, True,
        current, previous, last_year,
    )  # fmt: skip


def breakdown(code: str, unit, period: Period, *, remap: bool = False) -> list[tuple]:
    """[(child unit, Result)]: one grouped query; with `remap`, a period before 1 July 2025 is
    shown by today's communes (each counts the old units it replaced: one query per child)."""
    if not is_registered(code):
        return []
    if remap:
        today = dt.date.today()  # noqa: DTZ011 - a calendar date
        children = [c for c in unit.children.all().order_by("code") if c.is_valid_on(today)]
        return [(c, evaluate(code, c, period)) for c in children]
    return registry.breakdown(code, unit=unit, start=period.start, end=period.end)


def trend(code: str, unit, period: Period) -> list[tuple[Period, Result | None]]:
    """The figure for each month of the period."""
    return [(m, evaluate(code, unit, m)) for m in period.months()]


def records_url(code: str, unit, period: Period) -> str:
    query = {"unit": unit.pk, "from": period.start.isoformat(), "to": period.end.isoformat()}
    return reverse("reports:records", args=[code]) + "?" + urlencode(query)


def result_json(result: Result | None, period: Period | None = None) -> dict | None:
    if result is None:
        return None
    out = {
        "numerator": _num(result.numerator),
        "denominator": _num(result.denominator),
        "value": _num(result.value),
    }
    if period is not None:
        out = {"from": period.start.isoformat(), "to": period.end.isoformat(), **out}
    return out


def _num(value):
    if value is None or isinstance(value, int):
        return value
    return round(float(value), 6)


def compared_json(c: Compared, unit, period: Period) -> dict:
    """The stable JSON of one figure (docs/reports.md, "A figure")."""
    if not c.available:
        return {
            "code": c.code, "available": False, "status": NOT_REGISTERED,
            "name": c.name, "formula": "", "kind": None, "unit_label": "",
            "current": None, "previous": None, "same_period_last_year": None,
            "change": None, "change_last_year": None, "records_url": None,
        }  # fmt: skip
    return {
        "code": c.code,
        "available": True,
        "status": "ok" if c.current.value is not None else "không có dữ liệu",
        "name": c.name,
        "formula": c.formula,
        "kind": "rate" if c.is_rate else "count",
        "unit_label": c.unit_label,
        "current": result_json(c.current, period),
        "previous": result_json(c.previous, period.previous()),
        "same_period_last_year": result_json(c.last_year, period.last_year()),
        "change": _num(c.change),
        "change_last_year": _num(c.change_last_year),
        "records_url": records_url(c.code, unit, period),
    }


def display(c: Compared, result: Result | None = None) -> str:
    """A figure as text: 12, 60,00 %, "chưa có phân hệ", "không có dữ liệu"."""
    from danvan.core.formatting import number, percent

    if not c.available:
        return _("chưa có phân hệ")
    result = c.current if result is None else result
    if result is None or result.value is None:
        return _("không có dữ liệu")
    if c.is_rate:
        return percent(result.value, 2)
    return number(result.value)
