"""Due dates: danvan.workcal (week-skipping arithmetic, cached holiday sets) against a naive
day-by-day walk over the same calendar, on the same 20,000 receipts."""

import datetime as dt
import random
import sys
import time
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from danvan.workcal import CalendarRules, closing_of, due_at, is_working_day  # noqa: E402

HN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def naive_due(received: dt.datetime, days: int, rules: CalendarRules) -> dt.datetime:
    day, left = received.date(), days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, rules):
            left -= 1
    return closing_of(day, rules)


def main(n: int = 20_000) -> None:
    rng = random.Random(7)
    rules = CalendarRules()
    receipts = [
        (
            dt.datetime(2026, 1, 1, 9, tzinfo=HN)
            + dt.timedelta(days=rng.randrange(700), hours=rng.randrange(8)),
            rng.choice([1, 3, 5, 15, 30, 60]),
        )
        for _ in range(n)
    ]
    t0 = time.perf_counter()
    ours = [due_at(r, rules, working_days=d) for r, d in receipts]
    t1 = time.perf_counter()
    base = [naive_due(r, d, rules) for r, d in receipts]
    t2 = time.perf_counter()
    same = sum(a.date() == b.date() for a, b in zip(ours, base, strict=True))
    print(
        f"workcal: {n / (t1 - t0):,.0f} due dates/s; naive day walk: {n / (t2 - t1):,.0f}/s; "
        f"ratio {(t2 - t1) / (t1 - t0):.1f}x; same date in {same}/{n}"
    )


if __name__ == "__main__":
    main()
