"""Deadlines of a dossier: due date from the procedure, display status, and the 766 on-time rule."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from danvan.procedures.services import Procedure, TimeUnit
from danvan.units.calendar import rules_for
from danvan.workcal import add_working_time, closing_of, due_at, is_working_day, next_working_day

DUE_SOON_HOURS = 8
NO_WAIT_SOON_MINUTES = 15


def compute_due(
    procedure: Procedure, unit, start: dt.datetime, *, paper: bool
) -> dt.datetime | None:
    """Due time for a receipt (or a clock restart) at `start`; None when the time is unconfirmed."""
    if not procedure.time_is_confirmed:
        return None
    rules = rules_for(unit)
    value = float(procedure.time_value)
    if procedure.time_unit == TimeUnit.SAME_DAY:
        return due_at(start, rules, working_days=0, paper=paper)
    if procedure.time_unit == TimeUnit.WORKING_HOURS:
        return due_at(start, rules, working_hours=value, paper=paper)
    if procedure.time_unit == TimeUnit.CALENDAR_DAYS:
        day = timezone.localtime(start).date() + dt.timedelta(days=int(value))
        while not is_working_day(day, rules):  # a due date never falls on a day off
            day = next_working_day(day, rules)
        return closing_of(day, rules)
    return due_at(start, rules, working_days=int(value), paper=paper)


def add_work(unit, start: dt.datetime, hours: float) -> dt.datetime:
    return add_working_time(start, dt.timedelta(hours=hours), rules_for(unit))


def due_status(dossier, now: dt.datetime | None = None) -> str:
    """early / on_time / due_soon / late, for open and finished dossiers (counter queue, lists)."""
    now = now or timezone.now()
    if dossier.is_no_wait and dossier.received_at:
        return _no_wait_status(dossier, now)
    if dossier.due_at is None:
        return "no_due"
    end = dossier.processed_at or dossier.closed_at
    if end is not None:
        if end > dossier.due_at:
            return "late"
        return (
            "early"
            if timezone.localtime(end).date() < timezone.localtime(dossier.due_at).date()
            else "on_time"
        )
    if now > dossier.due_at:
        return "late"
    soon = add_work(dossier.unit, now, DUE_SOON_HOURS)
    return "due_soon" if soon >= dossier.due_at else "on_time"


def _no_wait_status(dossier, now) -> str:
    target = dt.timedelta(minutes=dossier.procedure.no_wait_target_minutes)
    end = dossier.returned_at or dossier.processed_at
    spent = (end or now) - dossier.received_at
    if spent > target:
        return "late"
    if end is None:
        return (
            "due_soon"
            if target - spent <= dt.timedelta(minutes=NO_WAIT_SOON_MINUTES)
            else "on_time"
        )
    return "early" if spent <= target / 2 else "on_time"


# Vietnamese as printed on slips (documents stay Vietnamese); pages show due_label().
STATUS_LABELS = {
    "early": gettext_noop("Trước hạn"),
    "on_time": gettext_noop("Đúng hạn"),
    "due_soon": gettext_noop("Sắp đến hạn"),
    "late": gettext_noop("Quá hạn"),
    "no_due": gettext_noop("Chưa xác định hạn"),
}


def due_label(key: str) -> str:
    """The due status in the page's language."""
    return gettext(STATUS_LABELS[key])


def minutes_to_return(dossier) -> int | None:
    if dossier.received_at and dossier.returned_at:
        return round((dossier.returned_at - dossier.received_at).total_seconds() / 60)
    return None
