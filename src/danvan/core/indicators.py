"""The indicator registry: every figure a report shows, declared by the app that owns the records.

    register(Indicator(
        code="onestop.dossiers_with_reuse", name=_("Hồ sơ có tái sử dụng dữ liệu"),
        formula=_("Hồ sơ có ít nhất một thành phần tái sử dụng ÷ hồ sơ tiếp nhận trong kỳ"),
        numerator=lambda s: s.filter(Dossier.objects.filter(...), date_field="received_at"),
        denominator=lambda s: s.filter(Dossier.objects.all(), date_field="received_at"),
        app="onestop", group=_("Số hóa"),
    ))
    evaluate("onestop.dossiers_with_reuse", unit=ward, start=d1, end=d2)
        -> Result(numerator=1, denominator=2, value=0.5)

A numerator (and denominator) is a queryset built for a `Scope`: a unit's subtree and a period.
`Scope.filter` restricts a queryset to both, so that every indicator counts "a unit includes its
subordinate units" the same way, and for periods before 1 July 2025 also counts the records of
the units the unit replaced (the unit tree is provided by the units app, registered at start-up).
Evaluation is one aggregate query per queryset (two for a rate), never a loop over rows; the
numerator queryset is also the drill-down list of the records behind a figure.

Roll-up: "sum" (counts or sums add up over the subtree) or "ratio" (numerators and denominators
add up, then divide: never an average of the children's rates). `breakdown` gives each child
unit's figure in one grouped query per queryset.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

ROLLUPS = ("sum", "ratio")
PATH_STEP = 9  # a materialized path grows by 8 digits and "/" per level


@dataclass(frozen=True)
class UnitTree:
    """What the registry needs of the unit tree (registered by the units app)."""

    subtree_q: Callable  # (unit, field, start) -> Q on `field` (a FK to a unit)
    children: Callable  # (unit, start, end) -> the direct children in force during the period


_TREE: list[UnitTree] = []


def set_unit_tree(tree: UnitTree) -> None:
    _TREE[:] = [tree]


def _tree() -> UnitTree:
    if not _TREE:
        raise LookupError("no unit tree registered (is danvan.units installed?)")
    return _TREE[0]


@dataclass(frozen=True)
class Scope:
    """A unit (None: the whole country) and a period (local dates, both ends included)."""

    unit: object = None
    start: dt.date | None = None
    end: dt.date | None = None
    _unit_q: dict = field(default_factory=dict, compare=False, repr=False)

    def unit_q(self, unit_field: str = "unit") -> Q:
        """The subtree condition on `unit_field`, built once per scope (it may need a query)."""
        if unit_field not in self._unit_q:
            self._unit_q[unit_field] = _tree().subtree_q(self.unit, unit_field, start=self.start)
        return self._unit_q[unit_field]

    def filter(self, qs: QuerySet, *, unit_field: str = "unit", date_field: str = "") -> QuerySet:
        """`qs` restricted to the unit's subtree (through `unit_field`, a FK to a unit, may span
        relations: "dossier__unit") and to the period on `date_field` (a date or a datetime)."""
        if self.unit is not None:
            qs = qs.filter(self.unit_q(unit_field))
        if date_field:
            qs = qs.filter(self.period_q(qs.model, date_field))
        return qs

    def period_q(self, model, date_field: str) -> Q:
        is_datetime = _field_is_datetime(model, date_field)
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{date_field}__gte": _moment(self.start) if is_datetime else self.start})
        if self.end is not None:
            after = self.end + dt.timedelta(days=1)
            q &= Q(**{f"{date_field}__lt": _moment(after) if is_datetime else after})
        return q


def _moment(day: dt.date) -> dt.datetime:
    """Local midnight: a period is in local days whatever the server's clock."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _field_is_datetime(model, path: str) -> bool:
    for name in path.split("__")[:-1]:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(path.split("__")[-1]).get_internal_type() == "DateTimeField"


@dataclass(frozen=True)
class Result:
    numerator: object
    denominator: object = None  # None for a count or a sum
    value: object = None  # the count/sum, the rate (0..1), or the indicator's `empty`

    @property
    def is_empty(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    formula: str  # in words, shown beside the figure
    numerator: Callable[[Scope], QuerySet]
    denominator: Callable[[Scope], QuerySet] | None = None  # None: a count (or a sum)
    aggregate: object = None  # e.g. Sum("area_m2"): add a field instead of counting rows
    denominator_aggregate: object = None
    rollup: str = ""  # "sum" or "ratio" (default: "ratio" for a rate, else "sum")
    empty: object = None  # the value when the denominator is 0 (None: "không có dữ liệu")
    app: str = ""
    group: str = ""
    unit_label: str = ""  # what is counted: "hồ sơ", "đồng", "%"
    source: str = ""  # legal basis, e.g. "Quyết định 766/QĐ-TTg, chỉ số 4.3"
    order: int = 0
    tags: tuple = field(default=())

    def __post_init__(self):
        if not self.rollup:
            object.__setattr__(self, "rollup", "ratio" if self.denominator else "sum")
        if self.rollup not in ROLLUPS:
            raise ValueError(f"{self.code}: rollup must be one of {ROLLUPS}")
        if self.rollup == "ratio" and self.denominator is None:
            raise ValueError(f"{self.code}: a ratio needs a denominator")

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None


_REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    """Declare an indicator (in the app's AppConfig.ready()). Registering the same code again
    from the same app replaces it; another app's code is refused."""
    other = _REGISTRY.get(indicator.code)
    if other is not None and other.app != indicator.app:
        raise ValueError(f"indicator {indicator.code} is already registered by {other.app}")
    _REGISTRY[indicator.code] = indicator
    return indicator


def get(code: str) -> Indicator:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise LookupError(f"no indicator {code!r}") from None


def indicators(*, app: str = "", group: str = "") -> list[Indicator]:
    """Registered indicators, by app and group, in their declared order."""
    found = [
        i
        for i in _REGISTRY.values()
        if (not app or i.app == app) and (not group or str(i.group) == str(group))
    ]
    return sorted(found, key=lambda i: (i.app, str(i.group), i.order, i.code))


def groups(*, app: str = "") -> dict[str, list[Indicator]]:
    out: dict[str, list[Indicator]] = {}
    for indicator in indicators(app=app):
        out.setdefault(str(indicator.group), []).append(indicator)
    return out


# --- evaluation -----------------------------------------------------------------------------


def _total(qs: QuerySet, aggregate):
    if aggregate is None:
        return qs.count()
    return qs.aggregate(v=aggregate)["v"] or 0


def _value(indicator: Indicator, numerator, denominator):
    if not indicator.is_rate:
        return numerator
    if not denominator:
        return indicator.empty
    if isinstance(numerator, Decimal) or isinstance(denominator, Decimal):
        return float(Decimal(numerator) / Decimal(denominator))
    return numerator / denominator


def evaluate(code, *, unit=None, start: dt.date | None = None, end: dt.date | None = None):
    """The figure for a unit's subtree (None: everywhere) and a period: a few aggregate queries."""
    indicator = code if isinstance(code, Indicator) else get(code)
    scope = Scope(unit, start, end)
    numerator = _total(indicator.numerator(scope), indicator.aggregate)
    denominator = (
        _total(indicator.denominator(scope), indicator.denominator_aggregate)
        if indicator.is_rate
        else None
    )
    return Result(numerator, denominator, _value(indicator, numerator, denominator))


def records(code, *, unit=None, start=None, end=None) -> QuerySet:
    """The records behind a figure (the numerator's queryset), for the drill-down."""
    indicator = code if isinstance(code, Indicator) else get(code)
    return indicator.numerator(Scope(unit, start, end))


def breakdown(code, *, unit, start=None, end=None, unit_field: str = "unit") -> list:
    """[(child unit, Result)] for each direct child of `unit` in force during the period, plus
    (unit, Result) for the records on the unit itself when there are any: one grouped query per
    queryset. `unit_field` names the unit FK the querysets are grouped by."""
    indicator = code if isinstance(code, Indicator) else get(code)
    scope = Scope(unit, start, end)
    width = len(unit.path) + PATH_STEP
    nums = _grouped(indicator.numerator(scope), indicator.aggregate, unit_field, width)
    dens = (
        _grouped(indicator.denominator(scope), indicator.denominator_aggregate, unit_field, width)
        if indicator.is_rate
        else {}
    )
    rows = [(child, child.path) for child in _tree().children(unit, start, end)]
    if nums.get(unit.path) or dens.get(unit.path):
        rows.append((unit, unit.path))
    return [(u, _result(indicator, nums.get(p, 0), dens.get(p, 0))) for u, p in rows]


def _result(indicator: Indicator, numerator, denominator) -> Result:
    denominator = denominator if indicator.is_rate else None
    return Result(numerator, denominator, _value(indicator, numerator, denominator))


def _grouped(qs: QuerySet, aggregate, unit_field: str, width: int) -> dict[str, object]:
    """{child path prefix: total}; records on the unit itself group under its own path."""
    key = Substr(f"{unit_field}__path" if unit_field else "path", 1, width)
    total = aggregate if aggregate is not None else Count("pk")
    rows = qs.order_by().annotate(_child=key).values("_child").annotate(_total=total)
    return {row["_child"]: row["_total"] or 0 for row in rows}
