"""Properties of the calendar, checked against a naive day-by-day reference."""

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.workcal import (
    CalendarRules,
    add_working_days,
    add_working_time,
    due_at,
    is_working_day,
    working_days_between,
    working_time_between,
)

from .helpers import TZ

HANOI = CalendarRules()
OTHER = CalendarRules(periods=((time(7), time(11, 30)), (time(13, 30), time(17))))

days_2025_2028 = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
saturdays = days_2025_2028.map(lambda d: d + timedelta(days=(5 - d.weekday()) % 7))


@st.composite
def unit_rules(draw: st.DrawFn) -> CalendarRules:
    worked = draw(st.frozensets(saturdays, max_size=6))
    closed = draw(st.frozensets(days_2025_2028, max_size=6)) - worked
    periods = draw(st.sampled_from([HANOI.periods, OTHER.periods]))
    return CalendarRules(periods=periods, extra_days_off=closed, extra_working_days=worked)


DEEMED = CalendarRules(late_paper_deemed_next_day=True)
rules_st = st.one_of(st.just(HANOI), st.just(OTHER), st.just(DEEMED), unit_rules())
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 6, 30), timezones=st.just(TZ)
).map(lambda m: m.replace(second=0, microsecond=0))
limits = st.one_of(
    st.builds(lambda n: {"working_days": n}, st.integers(0, 40)),
    st.builds(lambda n: {"working_hours": n}, st.integers(0, 120)),
)


def naive_between(a: date, b: date, rules: CalendarRules) -> int:
    return sum(is_working_day(a + timedelta(days=i), rules) for i in range(1, (b - a).days + 1))


@given(rules_st, moments, limits, st.booleans())
def test_due_date_is_a_working_moment(rules, received, limit, paper):
    due = due_at(received, rules, paper=paper, **limit)
    assert is_working_day(due.date(), rules)
    assert rules.opening <= due.time() <= rules.closing
    assert due >= received


@given(rules_st, moments, moments, limits, st.booleans())
def test_due_date_is_monotone_in_receipt(rules, first, second, limit, paper):
    first, second = sorted([first, second])
    assert due_at(first, rules, paper=paper, **limit) <= due_at(second, rules, paper=paper, **limit)


@given(rules_st, moments, st.integers(0, 40), st.booleans())
def test_due_date_is_monotone_in_days_and_hours(rules, received, n, paper):
    # Same day and 1 day coincide for a receipt on a day off or a late paper dossier.
    shorter = due_at(received, rules, working_days=n, paper=paper)
    longer = due_at(received, rules, working_days=n + 1, paper=paper)
    assert shorter < longer or (n == 0 and shorter == longer)
    assert due_at(received, rules, working_hours=n, paper=paper) < due_at(
        received, rules, working_hours=n + 1, paper=paper
    )


@given(rules_st, days_2025_2028, st.integers(0, 6), st.integers(0, 7 * 60), st.integers(1, 4))
def test_hours_are_exact_for_receipts_in_office_hours(rules, day, period, minutes, hours_x4):
    start_clock, end_clock = rules.periods[period % len(rules.periods)]
    received = datetime.combine(day, start_clock, tzinfo=TZ) + timedelta(minutes=minutes)
    if not is_working_day(day, rules) or received.time() >= end_clock:
        return
    hours = hours_x4 * 7.25  # not a multiple of the day length
    due = due_at(received, rules, working_hours=hours)
    assert working_time_between(received, due, rules) == timedelta(hours=hours)


@settings(max_examples=200)
@given(rules_st, days_2025_2028, st.integers(0, 400))
def test_day_arithmetic_matches_a_day_by_day_count(rules, start, span):
    end = start + timedelta(days=span)
    count = working_days_between(start, end, rules)
    assert count == naive_between(start, end, rules)
    if count:
        target = add_working_days(start, count, rules)
        assert target <= end and is_working_day(target, rules)
        assert naive_between(start, target, rules) == count


@given(rules_st, moments, st.integers(0, 60 * 8 * 30))
def test_add_working_time_inverts_working_time_between(rules, start, minutes):
    delta = timedelta(minutes=minutes)
    end = add_working_time(start, delta, rules)
    assert working_time_between(start, end, rules) == delta
