"""Calendar rules of one unit: office hours, weekend, public holidays and local overrides.

Pure Python (no Django): the model layer converts a unit's stored settings into
`CalendarRules` and hands it to the functions in `danvan.workcal`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

import holidays

SAT, SUN = 5, 6

# Government swaps missing from `holidays` 0.109. Each key is the day off, the value the
# Saturday worked in exchange. Remove an entry once the package carries it (harmless if not).
# 2026-01-02: the Government agreed on 25/12/2025 to move Friday 2/1/2026 to Saturday
# 10/1/2026 for state bodies (Ministry of Home Affairs notice, 25/12/2025).
NATIONAL_SWAPS_SUPPLEMENT: dict[date, date] = {
    date(2026, 1, 2): date(2026, 1, 10),
}


@dataclass(frozen=True, slots=True)
class YearCalendar:
    """Pre-computed exceptions to the weekly pattern for one year of one `CalendarRules`."""

    days_off: frozenset[date]  # days off, whatever their weekday
    working_days: frozenset[date]  # weekend days that are worked
    off_weekdays: tuple[date, ...]  # sorted: days off that would otherwise be worked
    worked_weekend: tuple[date, ...]  # sorted: weekend days that are worked

    def count_between(self, a: date, b: date) -> int:
        """Adjustment to the weekly-pattern count for days in (a, b] of this year."""
        extra = bisect_right(self.worked_weekend, b) - bisect_right(self.worked_weekend, a)
        missing = bisect_right(self.off_weekdays, b) - bisect_right(self.off_weekdays, a)
        return extra - missing


@lru_cache(maxsize=256)
def national_calendar(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Days off and swapped working days of `year` from `holidays`, plus known supplements.

    Substituted days off (e.g. Mon 31/8/2026) are ordinary entries of the package; the
    Saturdays worked in exchange are in its `weekend_workdays` attribute.
    """
    national = holidays.country_holidays(country, years=year)
    days_off = set(national)
    worked = {d for d in getattr(national, "weekend_workdays", ()) if d.year == year}
    if country == "VN":
        days_off |= {off for off in NATIONAL_SWAPS_SUPPLEMENT if off.year == year}
        worked |= {sat for sat in NATIONAL_SWAPS_SUPPLEMENT.values() if sat.year == year}
    return frozenset(days_off), frozenset(worked - days_off)


def _check_periods(periods: tuple[tuple[time, time], ...]) -> None:
    if not periods:
        raise ValueError("at least one working period is needed")
    previous_end = time.min
    for start, end in periods:
        if not previous_end <= start < end:
            raise ValueError(f"working periods must be ordered and disjoint: {periods!r}")
        previous_end = end


@dataclass(frozen=True)
class CalendarRules:
    """Working calendar of one unit (SPEC §2.3).

    Precedence for a date: `extra_days_off` > `extra_working_days` > national days off >
    national swapped working Saturdays > `weekend`.
    """

    # Hà Nội office hours; other provinces e.g. ((7:00, 11:30), (13:30, 17:00)).
    periods: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))
    weekend: frozenset[int] = frozenset({SAT, SUN})
    country: str | None = "VN"  # None: no national holidays (tests, special desks)
    extra_days_off: frozenset[date] = frozenset()  # local closures
    extra_working_days: frozenset[date] = frozenset()  # compensatory working Saturdays
    # Decree 61/2018 Art 18(2): paper dossiers received after 15:00 go on the next morning.
    paper_cutoff: time = time(15)
    # False: a late paper dossier only loses the rest of the receipt day (see docs);
    # True: it is deemed received on the next working day, so day 1 is the day after that.
    late_paper_deemed_next_day: bool = False
    timezone: str = "Asia/Ho_Chi_Minh"
    _years: dict[int, YearCalendar] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        _check_periods(self.periods)
        if len(self.weekend) >= 7 or not self.weekend <= set(range(7)):
            raise ValueError(f"invalid weekend: {sorted(self.weekend)!r}")
        if both := self.extra_days_off & self.extra_working_days:
            raise ValueError(f"dates both off and worked: {sorted(both)!r}")
        ZoneInfo(self.timezone)  # fail early on a bad name

    @cached_property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def day_length(self) -> timedelta:
        """Working time in one working day (8 hours for the usual periods; SPEC §2.1)."""
        return sum((_span(start, end) for start, end in self.periods), timedelta())

    @property
    def opening(self) -> time:
        return self.periods[0][0]

    @property
    def closing(self) -> time:
        return self.periods[-1][1]

    def year(self, year: int) -> YearCalendar:
        cached = self._years.get(year)
        if cached is None:
            cached = self._years[year] = self._build_year(year)
        return cached

    def _build_year(self, year: int) -> YearCalendar:
        national_off, national_worked = (
            national_calendar(self.country, year) if self.country else (frozenset(), frozenset())
        )
        local_off = {d for d in self.extra_days_off if d.year == year}
        local_worked = {d for d in self.extra_working_days if d.year == year}
        days_off = (national_off - local_worked) | local_off
        worked = (national_worked - days_off) | local_worked
        return YearCalendar(
            days_off=frozenset(days_off),
            working_days=frozenset(worked),
            off_weekdays=tuple(sorted(d for d in days_off if d.weekday() not in self.weekend)),
            worked_weekend=tuple(sorted(d for d in worked if d.weekday() in self.weekend)),
        )


def _span(start: time, end: time) -> timedelta:
    def seconds(t: time) -> int:
        return t.hour * 3600 + t.minute * 60 + t.second

    return timedelta(seconds=seconds(end) - seconds(start))
