"""The figures of a report: an indicator of the registry for a unit subtree and a period, beside
the previous period and the same period last year, with the change; a code no app registered is
"chưa có phân hệ" (never 0)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from danvan.core import indicators as registry
from danvan.core.indicators import Result
from danvan.reports.periods import Period
from danvan.units.models import Unit
from danvan.units.services import successor_paths

NOT_REGISTERED = "chưa có phân hệ"
PER_1000 = "per_1000"  # an indicator tag: the value is shown × 1,000 (reports.population)


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
    per_1000: bool = False  # a rate shown per 1,000 (reports.population)

    @property
    def kind(self) -> str:
        """count; rate (a share, shown in %); per_1000; average (a ratio in its own unit, e.g.
        income in đồng per person: numerator ÷ denominator, not a percentage)."""
        if self.per_1000:
            return "per_1000"
        if not self.is_rate:
            return "count"
        return "rate" if str(self.unit_label) == "%" else "average"

    @property
    def change(self):
        return _change(self.current, self.previous, self.kind)

    @property
    def change_last_year(self):
        return _change(self.current, self.last_year, self.kind)


def _change(a: Result | None, b: Result | None, kind: str):
    if a is None or b is None or a.value is None or b.value is None:
        return None
    diff = a.value - b.value
    if kind == "per_1000":
        return round(diff * 1000, 4)
    return round(diff, 4) if kind in ("rate", "average") else diff


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
        current, previous, last_year, PER_1000 in ind.tags,
    )  # fmt: skip


def breakdown(code: str, unit, period: Period, *, remap: bool = False) -> list[tuple]:
    """[(child unit, Result)]: one grouped query; with `remap`, a period before 1 July 2025 is
    shown by today's communes (each counts the old units it replaced: one query per child)."""
    if not is_registered(code):
        return []
    if remap:
        return [(c, evaluate(code, c, period)) for c in today_units(unit)]
    return registry.breakdown(code, unit=unit, start=period.start, end=period.end)


def today_units(unit) -> list:
    """The units a figure is re-mapped to: today's children of a current unit; for a pre-2025
    unit (a district), today's communes it is re-mapped to (units.services.successor_paths)."""
    if unit.is_historical:
        return list(Unit.objects.filter(path__in=successor_paths(unit)).order_by("code"))
    today = timezone.localdate()
    return [c for c in unit.children.all().order_by("code") if c.is_valid_on(today)]


def trend(code: str, unit, period: Period) -> list[tuple[Period, Result | None]]:
    """The figure for each month of the period."""
    return [(m, evaluate(code, unit, m)) for m in period.months()]


def records_url(code: str, unit, period: Period) -> str:
    query = {"unit": unit.pk, "from": period.start.isoformat(), "to": period.end.isoformat()}
    return reverse("reports:records", args=[code]) + "?" + urlencode(query)


def result_json(
    result: Result | None, period: Period | None = None, *, scale: int = 1
) -> dict | None:
    if result is None:
        return None
    value = result.value * scale if result.value is not None else None
    out = {
        "numerator": _num(result.numerator),
        "denominator": _num(result.denominator),
        "value": _num(value),
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
    scale = 1000 if c.per_1000 else 1
    return {
        "code": c.code,
        "available": True,
        "status": "ok" if c.current.value is not None else "không có dữ liệu",
        "name": c.name,
        "formula": c.formula,
        "kind": c.kind,
        "unit_label": c.unit_label,
        "current": result_json(c.current, period, scale=scale),
        "previous": result_json(c.previous, period.previous(), scale=scale),
        "same_period_last_year": result_json(c.last_year, period.last_year(), scale=scale),
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
    if c.per_1000:
        return number(result.value * 1000, 2)
    if c.kind == "average":
        return number(result.value, 2)
    if c.is_rate:
        return percent(result.value, 2)
    return number(result.value)
