"""Working-day arithmetic on dates: whole weeks by arithmetic, exceptions by bisection."""

from __future__ import annotations

from datetime import date, timedelta

from danvan.workcal.rules import CalendarRules

ONE_DAY = timedelta(days=1)


def is_working_day(day: date, rules: CalendarRules) -> bool:
    year = rules.year(day.year)
    if day in year.days_off:
        return False
    return day in year.working_days or day.weekday() not in rules.weekend


def next_working_day(day: date, rules: CalendarRules) -> date:
    """The first working day strictly after `day`."""
    # Stepping is cheaper than counting here: the longest break (Tết) is about 9 days.
    day += ONE_DAY
    while not is_working_day(day, rules):
        day += ONE_DAY
    return day


def _pattern_days_between(a: date, b: date, rules: CalendarRules) -> int:
    """Days in (a, b] that the weekly pattern alone makes working (a <= b)."""
    weeks, rest = divmod((b - a).days, 7)
    count = weeks * (7 - len(rules.weekend))
    weekday = a.weekday()
    for _ in range(rest):
        weekday = (weekday + 1) % 7
        count += weekday not in rules.weekend
    return count


def working_days_between(a: date, b: date, rules: CalendarRules) -> int:
    """Working days in (a, b]: 0 for the same day, negative when b is before a.

    So `working_days_between(a, add_working_days(a, n)) == n`.
    """
    if b < a:
        return -working_days_between(b, a, rules)
    count = _pattern_days_between(a, b, rules)
    for year in range(a.year, b.year + 1):
        count += rules.year(year).count_between(a, b)
    return count


def _advance_pattern(day: date, n: int, rules: CalendarRules) -> date:
    """A date at least `n` pattern working days after `day` (n >= 1), by week arithmetic."""
    per_week = 7 - len(rules.weekend)
    weeks, rest = divmod(n - 1, per_week)
    day += timedelta(weeks=weeks)
    for _ in range(rest + 1):
        day += ONE_DAY
        while day.weekday() in rules.weekend:
            day += ONE_DAY
    return day


def add_working_days(day: date, n: int, rules: CalendarRules) -> date:
    """The n-th working day after `day` (n >= 1); `day` itself for n == 0."""
    if n < 0:
        raise ValueError("n must be >= 0")
    candidate = day
    deficit = n
    while deficit > 0:
        # Holidays only slow the pattern down; jump by the shortfall until it is covered.
        candidate = _advance_pattern(candidate, deficit, rules)
        deficit = n - working_days_between(day, candidate, rules)
    # Swapped working Saturdays may overshoot: walk back to the earliest matching day.
    while candidate > day and (
        not is_working_day(candidate, rules)
        or working_days_between(day, candidate - ONE_DAY, rules) >= n
    ):
        candidate -= ONE_DAY
    return candidate
