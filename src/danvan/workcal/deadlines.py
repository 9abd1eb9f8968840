"""Working time and due dates (SPEC §2.3): timestamps are aware, results are in the unit's zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from danvan.workcal.days import (
    ONE_DAY,
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)
from danvan.workcal.rules import CalendarRules

ZERO = timedelta()


def _local(moment: datetime, rules: CalendarRules) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment.astimezone(rules.tzinfo)


def _at(day: date, clock: time, rules: CalendarRules) -> datetime:
    return datetime.combine(day, clock, tzinfo=rules.tzinfo)


def opening_of(day: date, rules: CalendarRules) -> datetime:
    return _at(day, rules.opening, rules)


def closing_of(day: date, rules: CalendarRules) -> datetime:
    """End of office hours of `day`: where a deadline counted in days ends."""
    return _at(day, rules.closing, rules)


def _first_working_day_from(day: date, rules: CalendarRules) -> date:
    return day if is_working_day(day, rules) else next_working_day(day, rules)


def next_working_moment(moment: datetime, rules: CalendarRules) -> datetime:
    """`moment` if it lies inside a working period (start included, end excluded), else the
    next opening of a period."""
    local = _local(moment, rules)
    if is_working_day(local.date(), rules):
        for start, end in rules.periods:
            if local.time() < end:
                return max(local, _at(local.date(), start, rules))
    return opening_of(next_working_day(local.date(), rules), rules)


def _is_late_paper(local: datetime, rules: CalendarRules, paper: bool) -> bool:
    # "After 15:00": 15:00:00 exactly is still in time; 15:00:01 is late.
    return paper and local.time() > rules.paper_cutoff


def _receipt_day(local: datetime, rules: CalendarRules, paper: bool) -> date:
    """The day whose end the count follows (Civil Code 2015 Art 147(3))."""
    day = local.date()
    if not rules.late_paper_deemed_next_day:
        return day
    if is_working_day(day, rules) and not _is_late_paper(local, rules, paper):
        return day
    return next_working_day(day, rules)


def start_of_count(received_at: datetime, rules: CalendarRules, *, paper: bool = False) -> datetime:
    """Opening of working day 1 of a time limit counted in working days.

    Civil Code 2015 Art 147(3): the day of the event is not counted; the count starts on the
    working day after it. A paper dossier received after 15:00 (Decree 61/2018 Art 18(2)) is
    handed over the next morning, which is day 1 already, so by default it changes nothing
    here (see docs/working-days.md); it matters for same-day and hour limits.
    """
    local = _local(received_at, rules)
    return opening_of(next_working_day(_receipt_day(local, rules, paper), rules), rules)


def start_of_hours(received_at: datetime, rules: CalendarRules, *, paper: bool = False) -> datetime:
    """Where a limit in working hours (Art 147(1): from the moment itself) starts running."""
    local = _local(received_at, rules)
    if _is_late_paper(local, rules, paper) and is_working_day(local.date(), rules):
        return opening_of(next_working_day(local.date(), rules), rules)
    return next_working_moment(local, rules)


def _same_day_due(received_at: datetime, rules: CalendarRules, paper: bool) -> datetime:
    # Decree 61/2018 Art 18(2), Decree 23/2015 (copies): a same-day result for a paper
    # dossier received after 15:00 is due by the end of the next working day.
    return closing_of(start_of_hours(received_at, rules, paper=paper).date(), rules)


def due_at(
    received_at: datetime,
    rules: CalendarRules,
    *,
    working_days: int | None = None,
    working_hours: float | None = None,
    paper: bool = False,
) -> datetime:
    """Due date of a time limit given in working days or in working hours (exactly one).

    Days: end of office hours of the N-th working day counted from the working day after
    receipt; N == 0 is a same-day procedure. Hours: working time added from receipt.
    """
    if working_hours is not None and working_days is None:
        return _due_in_hours(received_at, rules, working_hours, paper)
    if working_days is not None and working_hours is None:
        return _due_in_days(received_at, rules, working_days, paper)
    raise ValueError("give exactly one of working_days and working_hours")


def _due_in_hours(
    received_at: datetime, rules: CalendarRules, hours: float, paper: bool
) -> datetime:
    if hours < 0:
        raise ValueError("working_hours must be >= 0")
    start = start_of_hours(received_at, rules, paper=paper)
    return add_working_time(start, timedelta(hours=hours), rules)


def _due_in_days(received_at: datetime, rules: CalendarRules, days: int, paper: bool) -> datetime:
    if days < 0:
        raise ValueError("working_days must be >= 0")
    if days == 0:
        return _same_day_due(received_at, rules, paper)
    first = start_of_count(received_at, rules, paper=paper).date()
    return closing_of(add_working_days(first, days - 1, rules), rules)


def _consume_day(
    day: date, start: datetime, remaining: timedelta, rules: CalendarRules
) -> tuple[datetime | None, timedelta]:
    """Spend `remaining` inside `day` from `start`; the end moment if it fits, else the rest."""
    for period_start, period_end in rules.periods:
        end = _at(day, period_end, rules)
        if start >= end:
            continue
        begin = max(start, _at(day, period_start, rules))
        if remaining <= end - begin:
            return begin + remaining, ZERO
        remaining -= end - begin
    return None, remaining


def add_working_time(start: datetime, delta: timedelta, rules: CalendarRules) -> datetime:
    """`start` plus `delta` of working time, skipping breaks, nights and days off.

    An end that falls exactly at the end of a period stays there (12:00, not 13:00).
    """
    if delta < ZERO:
        raise ValueError("delta must be >= 0")
    local = next_working_moment(start, rules)
    day = local.date()
    done, remaining = _consume_day(day, local, delta, rules)
    if done is not None:
        return done
    full_days, rest = divmod(remaining, rules.day_length)
    if rest == ZERO:
        full_days, rest = full_days - 1, rules.day_length
    day = add_working_days(day, full_days + 1, rules)
    done, _ = _consume_day(day, opening_of(day, rules), rest, rules)
    if done is None:  # cannot happen: rest <= day_length
        raise AssertionError("working time left over after a full day")
    return done


def _working_time_on(day: date, start: datetime, end: datetime, rules: CalendarRules) -> timedelta:
    if not is_working_day(day, rules):
        return ZERO
    total = ZERO
    for period_start, period_end in rules.periods:
        begin = max(start, _at(day, period_start, rules))
        finish = min(end, _at(day, period_end, rules))
        total += max(ZERO, finish - begin)
    return total


def working_time_between(start: datetime, end: datetime, rules: CalendarRules) -> timedelta:
    """Working time in [start, end); zero when end is not after start."""
    start, end = _local(start, rules), _local(end, rules)
    if end <= start:
        return ZERO
    first, last = start.date(), end.date()
    if first == last:
        return _working_time_on(first, start, end, rules)
    head = _working_time_on(first, start, closing_of(first, rules), rules)
    tail = _working_time_on(last, opening_of(last, rules), end, rules)
    middle = working_days_between(first, last - ONE_DAY, rules) if last - first > ONE_DAY else 0
    return head + middle * rules.day_length + tail
