"""Figures per 1,000 inhabitants: a count of records divided by the unit's population (the units
app keeps each unit's population with its year and source). Registered as a registry indicator
so that it has a drill-down (the records counted) like every other figure; the tag `per_1000`
tells the report pages and exports to show numerator ÷ denominator × 1,000."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from danvan.core import indicators as registry
from danvan.core.indicators import Indicator, Scope
from danvan.reports.engine import PER_1000
from danvan.units.models import Unit
from danvan.units.services import population_of, populations

PRACTICES = "movement.practices"


def inhabitants(scope: Scope):
    """The units whose population is the denominator (the unit's own figure, or its children's
    when every child has one); none when the population is not known."""
    if scope.unit is None:
        return Unit.objects.none()
    _total, used = population_of(scope.unit, scope.end)
    return Unit.objects.filter(pk__in=[u.pk for u in used])


def practices(scope: Scope):
    """The movement app's own "practices registered" records (its numerator, not a copy)."""
    return registry.get(PRACTICES).numerator(scope)


def practices_by_child(unit, start, end) -> list[dict]:
    """Each child unit's practices per 1,000 inhabitants (the practices from one grouped
    query), ranked; children without a known population last, shown as "không có dữ liệu"."""
    rows = []
    counted = registry.breakdown(PRACTICES, unit=unit, start=start, end=end)
    people_of = populations([child for child, _r in counted], end)
    for child, result in counted:
        people = people_of[child.pk]
        value = result.numerator * 1000 / people if people else None
        rows.append({"unit": child, "practices": result.numerator, "population": people,
                     "value": value})  # fmt: skip
    return sorted(rows, key=lambda r: (r["value"] is None, -(r["value"] or 0), -r["practices"]))


def register_all() -> None:
    try:
        practices_indicator = registry.get(PRACTICES)
    except LookupError:  # the movement app is not installed: the figure is "chưa có phân hệ"
        return
    registry.register(
        Indicator(
            code="reports.practices_per_1000",
            name=_("Mô hình “Dân vận khéo” trên 1.000 dân"),
            formula=_(
                "Mô hình đăng ký trong kỳ ÷ số dân của đơn vị × 1.000 (số dân ghi cho đơn vị, "
                "hoặc tổng số dân các đơn vị trực thuộc khi đơn vị nào cũng có số dân)"
            ),
            numerator=practices,
            denominator=inhabitants,
            denominator_aggregate=Sum("population"),
            app="reports",
            group=practices_indicator.group,
            unit_label=_("mô hình/1.000 dân"),
            source=_("Số dân: trường dân số của đơn vị hành chính, kèm năm và nguồn số liệu"),
            tags=(PER_1000,),
        )
    )
