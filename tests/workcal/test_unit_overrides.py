"""Per-unit overrides: local closures and compensatory working Saturdays."""

from datetime import date, time

import pytest

from danvan.workcal import CalendarRules, due_at, is_working_day, working_days_between

from .helpers import at

# Received Fri 27/11/2026 10:00, 1 working day: Hà Nội default -> Mon 30/11 17:00.
RECEIVED = at(2026, 11, 27, 10)


def test_default_is_monday():
    assert due_at(RECEIVED, CalendarRules(), working_days=1) == at(2026, 11, 30, 17)


def test_local_closure_pushes_the_due_date():
    closed_monday = CalendarRules(extra_days_off=frozenset({date(2026, 11, 30)}))
    assert due_at(RECEIVED, closed_monday, working_days=1) == at(2026, 12, 1, 17)


def test_compensatory_working_saturday_pulls_the_due_date():
    saturday = CalendarRules(extra_working_days=frozenset({date(2026, 11, 28)}))
    assert due_at(RECEIVED, saturday, working_days=1) == at(2026, 11, 28, 17)
    assert due_at(RECEIVED, saturday, working_days=2) == at(2026, 11, 30, 17)


def test_unit_may_open_on_a_national_holiday_and_close_on_a_swapped_saturday():
    rules = CalendarRules(
        extra_working_days=frozenset({date(2026, 11, 24)}),
        extra_days_off=frozenset({date(2026, 8, 22)}),
    )
    assert is_working_day(date(2026, 11, 24), rules)
    assert not is_working_day(date(2026, 8, 22), rules)
    assert due_at(at(2026, 11, 23, 10), rules, working_days=1) == at(2026, 11, 24, 17)


def test_other_office_hours_end_at_their_closing_time():
    rules = CalendarRules(periods=((time(7), time(11, 30)), (time(13, 30), time(17, 30))))
    assert due_at(RECEIVED, rules, working_days=1) == at(2026, 11, 30, 17, 30)


def test_working_days_between_sees_overrides():
    saturday = CalendarRules(extra_working_days=frozenset({date(2026, 11, 28)}))
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 30), CalendarRules()) == 1
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 30), saturday) == 2
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 27), saturday) == -2


def test_inconsistent_rules_are_refused():
    day = date(2026, 11, 28)
    with pytest.raises(ValueError, match="both off and worked"):
        CalendarRules(extra_days_off=frozenset({day}), extra_working_days=frozenset({day}))
    with pytest.raises(ValueError, match="ordered and disjoint"):
        CalendarRules(periods=((time(13), time(17)), (time(8), time(12))))
