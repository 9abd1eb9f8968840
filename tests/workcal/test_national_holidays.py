"""Hand-computed deadlines around the national holidays of 2026 and 2027 (holidays 0.109)."""

from datetime import date, timedelta

from danvan.workcal import CalendarRules, due_at, is_working_day, next_working_day

from .helpers import at

HANOI = CalendarRules()


def days_off(first: date, last: date) -> list[date]:
    span = (last - first).days + 1
    days = (first + timedelta(days=i) for i in range(span))
    return [d for d in days if not is_working_day(d, HANOI)]


def test_tet_2026_break_is_14_to_22_february():
    # Official: officials off Sat 14/2 – Sun 22/2/2026 (9 days), i.e. Mon 16 – Fri 20 plus
    # two weekends; the package lists 16–20/2 (29 Tết/giao thừa .. mùng 4).
    assert days_off(date(2026, 2, 13), date(2026, 2, 23)) == [
        date(2026, 2, d) for d in range(14, 23)
    ]


def test_dossier_received_before_tet_2026_is_due_after_the_break():
    # Received Fri 13/2/2026. Day 1 is the first working day after 13/2: Sat 14, Sun 15,
    # Mon 16 – Fri 20 (Tết), Sat 21, Sun 22 are off -> day 1 = Mon 23/2.
    received = at(2026, 2, 13, 10)
    assert due_at(received, HANOI, working_days=1) == at(2026, 2, 23, 17)
    # Day 2 = Tue 24, day 3 = Wed 25.
    assert due_at(received, HANOI, working_days=3) == at(2026, 2, 25, 17)


def test_tet_2027_five_working_days_from_wednesday_3_february():
    # Package days for Tết 2027 (mùng 1 = Sat 6/2): Thu 4 (29 Tết, moved from Sat), Fri 5
    # (giao thừa), Sat 6, Sun 7, Mon 8, Tue 9 (mùng 3, 4), Wed 10 (mùng 5, moved from Sun).
    # Received Wed 3/2: day 1 Thu 11, 2 Fri 12, (Sat 13, Sun 14), 3 Mon 15, 4 Tue 16,
    # 5 Wed 17 -> due Wed 17/2/2027 17:00.
    assert days_off(date(2027, 2, 3), date(2027, 2, 11)) == [date(2027, 2, d) for d in range(4, 11)]
    assert due_at(at(2027, 2, 3, 9), HANOI, working_days=5) == at(2027, 2, 17, 17)


def test_national_day_2026_with_the_swapped_saturday():
    # 2/9/2026 is a Wednesday; the adjacent day off is Tue 1/9 (3/9 is worked), and the
    # Government swapped Mon 31/8 with Sat 22/8 (worked): off Sat 29/8 – Wed 2/9.
    assert days_off(date(2026, 8, 28), date(2026, 9, 3)) == [
        date(2026, 8, 29), date(2026, 8, 30), date(2026, 8, 31),
        date(2026, 9, 1), date(2026, 9, 2),
    ]  # fmt: skip
    assert is_working_day(date(2026, 8, 22), HANOI)
    # Received Fri 28/8, 2 working days: day 1 Thu 3/9, day 2 Fri 4/9.
    assert due_at(at(2026, 8, 28, 10), HANOI, working_days=2) == at(2026, 9, 4, 17)
    # Received Fri 21/8, 1 working day: day 1 is the worked Saturday 22/8.
    assert due_at(at(2026, 8, 21, 10), HANOI, working_days=1) == at(2026, 8, 22, 17)


def test_vietnam_culture_day_24_november_2026_is_off():
    # Ngày Văn hóa Việt Nam (package: from 2026). Received Mon 23/11/2026, 1 working day:
    # Tue 24 is off -> day 1 = Wed 25/11.
    assert not is_working_day(date(2026, 11, 24), HANOI)
    assert due_at(at(2026, 11, 23, 10), HANOI, working_days=1) == at(2026, 11, 25, 17)


def test_hung_kings_day_2026_on_sunday_moves_to_monday():
    # Giỗ Tổ 10/3 lunar = Sun 26/4/2026 -> off Mon 27/4; 30/4 Thu and 1/5 Fri off.
    # Received Fri 24/4: day 1 Tue 28, 2 Wed 29, 3 Mon 4/5.
    received = at(2026, 4, 24, 10)
    assert due_at(received, HANOI, working_days=1) == at(2026, 4, 28, 17)
    assert due_at(received, HANOI, working_days=3) == at(2026, 5, 4, 17)


def test_new_year_2026_swap_missing_from_the_package_is_supplied():
    # Government, 25/12/2025: Fri 2/1/2026 off, Sat 10/1/2026 worked (not in holidays 0.109).
    assert not is_working_day(date(2026, 1, 2), HANOI)
    assert is_working_day(date(2026, 1, 10), HANOI)
    # Received Wed 31/12/2025: Thu 1/1 and Fri 2/1 off -> day 1 = Mon 5/1/2026.
    assert due_at(at(2025, 12, 31, 10), HANOI, working_days=1) == at(2026, 1, 5, 17)
    # Received Fri 9/1: day 1 is the worked Saturday 10/1.
    assert next_working_day(date(2026, 1, 9), HANOI) == date(2026, 1, 10)


def test_without_national_holidays_only_the_weekend_is_off():
    plain = CalendarRules(country=None)
    assert is_working_day(date(2026, 2, 17), plain)
    assert due_at(at(2026, 2, 13, 10), plain, working_days=1) == at(2026, 2, 16, 17)
