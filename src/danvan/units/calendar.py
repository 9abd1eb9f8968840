"""A unit's working-day rules, from the database into danvan.workcal.CalendarRules.

Every deadline in the platform (dossiers, petitions, recommendations) asks here.

The rules are cached in process memory (`rules_for` is asked once per row of a list), keyed by
the calendar's version: a random token in the one `CalendarVersion` row, replaced in the same
transaction as every change of a `WorkingCalendar` or a `CalendarOverride` (model signals, so
the admin, services and shell all count). Every process reads the token before using its cache:
once per request (the first `rules_for` of the request; `request_started` opens the scope), or
on every call outside a request (jobs, commands). So as soon as a change is committed, the next
request of any process computes deadlines with the new calendar; two processes never give the
same dossier different due dates because one of them still has the old holidays.

A token is never reused (a rolled-back change's token is gone with it), so rules a process built
inside a transaction that was rolled back are never found again.
"""

import datetime as dt
import secrets
from contextvars import ContextVar

from django.core.cache import caches
from django.db import connection

from danvan.units.models import CalendarOverride, CalendarVersion, Unit, WorkingCalendar
from danvan.workcal import CalendarRules

CACHE_SECONDS = 3600  # entries of a replaced token are no longer asked for; this bounds memory
cache = caches["local"]

# Inside a request: the token read by its first rules_for (None: not read yet). Outside: unset.
_UNSCOPED = object()
_token: ContextVar = ContextVar("danvan_workcal_token", default=_UNSCOPED)


_READ_SQL = f"SELECT token FROM {CalendarVersion._meta.db_table} WHERE id = 1"  # noqa: S608


def _parse_periods(raw: list) -> tuple[tuple[dt.time, dt.time], ...]:
    return tuple((dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in raw)


def rules_for(unit: Unit) -> CalendarRules:
    """Nearest calendar up the tree; overrides of the unit and all its ancestors apply."""
    key = f"workcal:{version()}:{unit.pk}"
    rules = cache.get(key)
    if rules is None:
        rules = _build(unit)
        cache.set(key, rules, CACHE_SECONDS)
    return rules


def version() -> str:
    """The calendar's current token: read once per request, or at every call outside one."""
    seen = _token.get()
    if seen is _UNSCOPED:
        return _read()
    if seen is None:
        seen = _read()
        _token.set(seen)
    return seen


def _read() -> str:
    # One primary-key read, in plain SQL: the ORM's queryset building cost 20x the query itself
    # (about 0.8 ms against 0.04 ms on SQLite; bench/bench_workcal.py).
    with connection.cursor() as cursor:
        cursor.execute(_READ_SQL)
        found = cursor.fetchone()
    return found[0] if found else ""


def begin_request(**_kwargs) -> None:
    """request_started: this request reads the token at its first rules_for."""
    _token.set(None)


def end_request(**_kwargs) -> None:
    _token.set(_UNSCOPED)


def changed(**_kwargs) -> None:
    """A calendar or an override was saved or deleted: a new token, in the same transaction."""
    token = secrets.token_hex(16)
    if not CalendarVersion.objects.filter(pk=1).update(token=token):
        CalendarVersion.objects.update_or_create(pk=1, defaults={"token": token})
    if _token.get() is not _UNSCOPED:
        _token.set(None)  # the rest of this request sees its own change


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


def connect_signals() -> None:
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import post_delete, post_save

    for model in (WorkingCalendar, CalendarOverride):
        post_save.connect(changed, sender=model, dispatch_uid=f"workcal.saved.{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"workcal.gone.{model.__name__}")
    request_started.connect(begin_request, dispatch_uid="workcal.request_started")
    request_finished.connect(end_request, dispatch_uid="workcal.request_finished")


def forget(unit: Unit | None = None) -> None:
    """Drop cached rules of this process (tests; a change itself needs nothing: see above)."""
    cache.clear() if unit is None else cache.delete(f"workcal:{version()}:{unit.pk}")
