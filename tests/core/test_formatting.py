"""Figures and dates as Vietnamese readers expect them (and English ones in the English UI)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from danvan.core import formatting as f


def test_money_numbers_and_percent_in_vietnamese():
    assert f.vnd(100000) == "100.000 đ" and f.vnd(0) == "0 đ" and f.vnd(-2500) == "-2.500 đ"
    assert f.vnd(None) == "" and f.vnd("x") == ""
    assert f.number(1234567) == "1.234.567" and f.number(Decimal("2.50")) == "2,5"
    assert f.number(2.345, 2) == "2,35" and f.number(1.5, 0) == "2" and f.number(None) == ""
    assert f.number(Decimal("1234.5"), 2, trim=False) == "1.234,50"
    assert f.percent(0.705) == "70,5%" and f.percent(1) == "100%" and f.percent(0) == "0%"
    assert f.percent(2 / 3) == "66,7%" and f.percent(None) == "—"


def test_numbers_follow_the_english_ui():
    with translation.override("en"):
        assert f.vnd(100000) == "100,000 VND"
        assert f.number(Decimal("1234.5")) == "1,234.5" and f.percent(0.705) == "70.5%"


def test_dates_and_the_decree_30_date_line():
    day = dt.date(2026, 12, 2)
    assert f.short_date(day) == "02/12/2026" and f.short_date(None) == ""
    assert f.date_line("Hoàn Kiếm", day) == "Hoàn Kiếm, ngày 02 tháng 12 năm 2026"
    # Leading zero for days 1-9 and months 1-2 only.
    assert f.date_line("Hà Nội", dt.date(2026, 3, 15)) == "Hà Nội, ngày 15 tháng 3 năm 2026"
    assert f.date_line("Hà Nội", dt.date(2026, 2, 9)) == "Hà Nội, ngày 09 tháng 02 năm 2026"
    assert f.date_line("Ba Vì", None) == "Ba Vì, ngày ... tháng ... năm ..."
    with translation.override("en"):  # part of a Vietnamese document whatever the UI language
        assert f.date_line("Hoàn Kiếm", day) == "Hoàn Kiếm, ngày 02 tháng 12 năm 2026"


def test_stamp_time_is_local_with_its_offset():
    moment = dt.datetime(2026, 12, 1, 22, 37, 41, 123, tzinfo=dt.UTC)
    assert f.stamp_time(moment) == "05:37 ngày 02/12/2026 (+07:00)"
    assert f.short_date(moment) == "02/12/2026"  # the local day, not the UTC one
    tokyo = moment.astimezone(ZoneInfo("Asia/Tokyo"))
    assert f.stamp_time(tokyo) == "05:37 ngày 02/12/2026 (+07:00)"
    assert f.stamp_time(None) == ""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 100000|vnd }}", "100.000 đ"),
        ("{{ 1234567|number }}", "1.234.567"),
        ("{{ 0.705|percent }}", "70,5%"),
        ("{{ day|short_date }}", "02/12/2026"),
        ("{{ day|date_line:'Hoàn Kiếm' }}", "Hoàn Kiếm, ngày 02 tháng 12 năm 2026"),
    ],
)
def test_template_filters(source, expected):
    template = Template("{% load danvan_tags %}" + source)
    assert template.render(Context({"day": dt.date(2026, 12, 2)})) == expected
