"""Procedures counted in working hours (Civil Code 2015 Art 147(1): from the moment itself)."""

from datetime import time, timedelta

from danvan.workcal import CalendarRules, add_working_time, due_at, working_time_between

from .helpers import at

HANOI = CalendarRules()
OTHER = CalendarRules(periods=((time(7), time(11, 30)), (time(13, 30), time(17))))

# Thu 26/11/2026 and Fri 27/11/2026 are ordinary working days.


def test_hours_cross_the_lunch_break():
    # 11:00–12:00 (1 h), break, 13:00–14:00 (1 h).
    assert due_at(at(2026, 11, 26, 11), HANOI, working_hours=2) == at(2026, 11, 26, 14)
    # 07:00–11:30 / 13:30–17:00: 11:00–11:30 (0.5 h), 13:30–15:00 (1.5 h).
    assert due_at(at(2026, 11, 26, 11), OTHER, working_hours=2) == at(2026, 11, 26, 15)


def test_hours_cross_the_night():
    # 16:00–17:00 (1 h), night, Fri 08:00–11:00 (3 h).
    assert due_at(at(2026, 11, 26, 16), HANOI, working_hours=4) == at(2026, 11, 27, 11)


def test_end_at_the_end_of_a_period_stays_there():
    assert due_at(at(2026, 11, 26, 10), HANOI, working_hours=2) == at(2026, 11, 26, 12)
    assert due_at(at(2026, 11, 26, 9), HANOI, working_hours=8) == at(2026, 11, 27, 9)
    assert due_at(at(2026, 11, 26, 8), HANOI, working_hours=8) == at(2026, 11, 26, 17)


def test_received_outside_hours_starts_at_the_next_opening():
    assert due_at(at(2026, 11, 26, 12, 30), HANOI, working_hours=1) == at(2026, 11, 26, 14)
    assert due_at(at(2026, 11, 26, 6), HANOI, working_hours=1) == at(2026, 11, 26, 9)
    # Fri 18:00 -> Mon 30/11 08:00.
    assert due_at(at(2026, 11, 27, 18), HANOI, working_hours=1) == at(2026, 11, 30, 9)


def test_late_paper_dossier_starts_next_working_morning():
    # Paper, Fri 15:30: hours start Mon 08:00 -> 10:00. Online: 15:30–17:00 + Mon 08:00–08:30.
    assert due_at(at(2026, 11, 27, 15, 30), HANOI, working_hours=2, paper=True) == at(
        2026, 11, 30, 10
    )
    assert due_at(at(2026, 11, 27, 15, 30), HANOI, working_hours=2) == at(2026, 11, 30, 8, 30)


def test_hours_skip_tet_2026():
    # Fri 13/2/2026 16:00 + 2 h: 1 h on Friday, then Tết and weekends, Mon 23/2 08:00–09:00.
    assert due_at(at(2026, 2, 13, 16), HANOI, working_hours=2) == at(2026, 2, 23, 9)


def test_working_time_between_counts_only_office_hours():
    assert working_time_between(at(2026, 11, 26, 11), at(2026, 11, 26, 14), HANOI) == timedelta(
        hours=2
    )
    # Thu 16:00 -> Tue 1/12 10:00: 1 h + Fri 8 h + Mon 8 h + 2 h.
    assert working_time_between(at(2026, 11, 26, 16), at(2026, 12, 1, 10), HANOI) == timedelta(
        hours=19
    )
    assert working_time_between(at(2026, 11, 27, 10), at(2026, 11, 26, 10), HANOI) == timedelta()


def test_add_working_time_over_several_days():
    # 40 h from Mon 30/11/2026 08:00 = 5 full days -> Fri 4/12 17:00.
    assert add_working_time(at(2026, 11, 30, 8), timedelta(hours=40), HANOI) == at(2026, 12, 4, 17)
    assert HANOI.day_length == OTHER.day_length == timedelta(hours=8)
