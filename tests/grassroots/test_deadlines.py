"""Legal time limits by kind, with the date they apply from (mobilization-rules.md §4)."""

import datetime as dt
from zoneinfo import ZoneInfo

from danvan.grassroots import deadlines

HN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, h=9):
    return dt.datetime(y, m, d, h, tzinfo=HN)


def local(moment):
    return moment.astimezone(HN)


def test_complaint_acceptance_is_10_days_before_july_2026(ward):
    due, basis = deadlines.compute(ward, "complaint", "accept", at(2026, 6, 1))  # a Monday
    assert local(due).date() == dt.date(2026, 6, 11)
    assert "Luật Khiếu nại 2011, Điều 27" in basis and basis.startswith("10 ngày —")


def test_complaint_acceptance_is_7_working_days_from_july_2026(ward):
    due, basis = deadlines.compute(ward, "complaint", "accept", at(2026, 7, 6))  # a Monday
    # day 1 is Tue 7/7 … day 7 is Wed 15/7 (the weekend skipped)
    assert local(due).date() == dt.date(2026, 7, 15)
    assert "155/2026" in basis and "ngày làm việc" in basis


def test_denunciation_handling_is_7_working_days(ward):
    due, basis = deadlines.compute(ward, "denunciation", "accept", at(2026, 12, 4))  # a Friday
    assert local(due).date() == dt.date(2026, 12, 15)
    assert "Luật Tố cáo 2018, Điều 24" in basis


def test_complaint_settlement_30_days_and_45_when_complex(ward):
    due, _ = deadlines.compute(ward, "complaint", "settle", at(2026, 12, 1))
    assert local(due).date() == dt.date(2026, 12, 31)
    due, _ = deadlines.compute(ward, "complaint", "settle", at(2026, 12, 1), complex_case=True)
    assert local(due).date() == dt.date(2027, 1, 15)


def test_a_limit_in_days_ending_on_a_day_off_moves_to_the_next_working_day(ward):
    # 30 days after Thu 2026-11-05 is Sat 2026-12-05 → Mon 2026-12-07 (Civil Code Art. 148(5))
    due, _ = deadlines.compute(ward, "denunciation", "settle", at(2026, 11, 5))
    assert local(due).date() == dt.date(2026, 12, 7)


def test_recommendation_answer_is_10_working_days(ward):
    due, basis = deadlines.compute(ward, "recommendation", "settle", at(2026, 12, 1))
    assert local(due).date() == dt.date(2026, 12, 15)
    assert "Điều 28" in basis
