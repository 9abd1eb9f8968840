"""The demo's counter day is never dated ahead of the clock, whatever the hour it is loaded."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from danvan.onestop import demo

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2026-12-08 07:20", "2026-12-08 06:20"),  # before 09:30 in Hà Nội (00:20 UTC)
        ("2026-12-08 10:29", "2026-12-08 09:29"),
        ("2026-12-08 14:00", "2026-12-08 09:30"),
        ("2026-12-08 23:50", "2026-12-08 09:30"),  # the next UTC day has not begun: 16:50 UTC
        ("2026-12-09 00:10", "2026-12-08 23:10"),  # after midnight in Hà Nội (17:10 UTC)
    ],
)
def test_the_demo_morning_is_never_in_the_future(monkeypatch, local, expected):
    moment = dt.datetime.fromisoformat(local).replace(tzinfo=HANOI)
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))
    got = demo.demo_morning()
    assert timezone.localtime(got).strftime("%Y-%m-%d %H:%M") == expected
    assert got <= moment - dt.timedelta(hours=1)
