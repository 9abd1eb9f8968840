"""When the count starts: Civil Code 2015 Art 147 and the 15:00 paper cutoff (Decree 61 Art 18)."""

import pytest

from danvan.workcal import CalendarRules, due_at, start_of_count

from .helpers import TZ, at

HANOI = CalendarRules()
DEEMED = CalendarRules(late_paper_deemed_next_day=True)

# Week used below: Fri 27/11/2026, Sat 28, Sun 29, Mon 30/11, Tue 1/12 — no holidays.


def test_day_count_starts_on_the_working_day_after_receipt():
    assert start_of_count(at(2026, 11, 26, 10), HANOI) == at(2026, 11, 27, 8)
    assert due_at(at(2026, 11, 26, 10), HANOI, working_days=1) == at(2026, 11, 27, 17)


def test_paper_received_friday_1530_counts_from_monday_by_default():
    # Art 18: handed to the processing body on Monday morning. Art 147: Friday (the receipt
    # day) is not counted, so Monday is day 1 anyway: same due as a 14:00 receipt.
    late = at(2026, 11, 27, 15, 30)
    assert start_of_count(late, HANOI, paper=True) == at(2026, 11, 30, 8)
    assert due_at(late, HANOI, working_days=1, paper=True) == at(2026, 11, 30, 17)
    assert due_at(at(2026, 11, 27, 14), HANOI, working_days=1, paper=True) == at(2026, 11, 30, 17)


def test_paper_received_friday_1530_counts_from_tuesday_when_deemed_received_monday():
    # Alternative reading (unit setting): receipt moves to Monday, day 1 is Tuesday.
    late = at(2026, 11, 27, 15, 30)
    assert start_of_count(late, DEEMED, paper=True) == at(2026, 12, 1, 8)
    assert due_at(late, DEEMED, working_days=1, paper=True) == at(2026, 12, 1, 17)
    assert due_at(at(2026, 11, 27, 14), DEEMED, working_days=1, paper=True) == at(2026, 11, 30, 17)


def test_cutoff_is_strictly_after_1500():
    assert due_at(at(2026, 11, 27, 15), HANOI, working_days=0, paper=True) == at(2026, 11, 27, 17)
    late = at(2026, 11, 27, 15, 1)
    assert due_at(late, HANOI, working_days=0, paper=True) == at(2026, 11, 30, 17)


def test_same_day_procedure_is_due_at_closing_of_the_receipt_day():
    assert due_at(at(2026, 11, 27, 9), HANOI, working_days=0) == at(2026, 11, 27, 17)
    # Online dossiers have no 15:00 cutoff; after closing they go to the next working day.
    assert due_at(at(2026, 11, 27, 15, 30), HANOI, working_days=0) == at(2026, 11, 27, 17)
    assert due_at(at(2026, 11, 27, 17), HANOI, working_days=0) == at(2026, 11, 30, 17)


def test_received_on_sunday():
    # Art 147: Sunday is not counted; day 1 = Mon 30/11. Same-day: end of Monday.
    sunday = at(2026, 11, 29, 10)
    assert due_at(sunday, HANOI, working_days=1) == at(2026, 11, 30, 17)
    assert due_at(sunday, HANOI, working_days=0, paper=True) == at(2026, 11, 30, 17)
    assert due_at(sunday, HANOI, working_hours=2) == at(2026, 11, 30, 10)
    # Deemed-receipt reading: received Monday, day 1 = Tuesday (like a late Friday paper).
    assert due_at(sunday, DEEMED, working_days=1) == at(2026, 12, 1, 17)


def test_timestamps_in_another_zone_are_converted():
    from datetime import UTC, datetime

    utc = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)  # 15:30 in Hà Nội
    assert due_at(utc, HANOI, working_days=0, paper=True) == at(2026, 11, 30, 17)
    assert due_at(utc, HANOI, working_days=0).tzinfo == TZ


def test_naive_datetimes_and_bad_arguments_are_refused():
    from datetime import datetime

    with pytest.raises(ValueError, match="timezone-aware"):
        due_at(datetime(2026, 11, 27, 9), HANOI, working_days=1)
    with pytest.raises(ValueError, match="exactly one"):
        due_at(at(2026, 11, 27, 9), HANOI, working_days=1, working_hours=8)
    with pytest.raises(ValueError, match="exactly one"):
        due_at(at(2026, 11, 27, 9), HANOI)
    with pytest.raises(ValueError):
        due_at(at(2026, 11, 27, 9), HANOI, working_days=-1)
