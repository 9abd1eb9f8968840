"""A unit's working-day rules, from the database into danvan.workcal.CalendarRules.

Every deadline in the platform (dossiers, petitions, recommendations) asks here.
"""

import datetime as dt

from django.core.cache import cache

from danvan.units.models import CalendarOverride, Unit, WorkingCalendar
from danvan.workcal import CalendarRules

CACHE_SECONDS = 300


def _parse_periods(raw: list) -> tuple[tuple[dt.time, dt.time], ...]:
    return tuple((dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in raw)


def rules_for(unit: Unit) -> CalendarRules:
    """Nearest calendar up the tree; overrides of the unit and all its ancestors apply."""
    key = f"workcal:{unit.pk}"
    rules = cache.get(key)
    if rules is None:
        rules = _build(unit)
        cache.set(key, rules, CACHE_SECONDS)
    return rules


def _build(unit: Unit) -> CalendarRules:
    chain_ids = unit.chain_ids()
    calendars = {c.unit_id: c for c in WorkingCalendar.objects.filter(unit_id__in=chain_ids)}
    own = next((calendars[i] for i in reversed(chain_ids) if i in calendars), None)
    overrides = CalendarOverride.objects.filter(unit_id__in=chain_ids).values_list("day", "kind")
    days_off = frozenset(d for d, k in overrides if k == CalendarOverride.Kind.DAY_OFF)
    working = (
        frozenset(d for d, k in overrides if k == CalendarOverride.Kind.WORKING_DAY) - days_off
    )
    kwargs = {"extra_days_off": days_off, "extra_working_days": working}
    if own is not None:
        if own.periods:
            kwargs["periods"] = _parse_periods(own.periods)
        kwargs["paper_cutoff"] = own.paper_cutoff
    return CalendarRules(**kwargs)


def forget(unit: Unit | None = None) -> None:
    """Drop cached rules after a calendar change (the whole cache: subtrees inherit)."""
    cache.clear() if unit is None else cache.delete(f"workcal:{unit.pk}")
