"""Due dates: danvan.workcal (week-skipping arithmetic, cached holiday sets) against a naive
day-by-day walk over the same calendar, on the same 20,000 receipts.

Then the cost of the calendar's version check (danvan.units.calendar, issue #14: a calendar
change is seen by every process at once): requests that each compute a due date through
rules_for, with the version token read once per request, against the same requests with the
token taken as known (what the per-process cache did before: no read), alternating in the same
run; a single-due-date request and a 50-row list request (CPU time on SQLite, wall time on
PostgreSQL). A scratch SQLite database (only the
units app's tables); DATABASE_URL for PostgreSQL (an existing empty database).

Run: python bench/bench_workcal.py [--requests 3000] [--no-django]
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
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


ROWS: list[dict] = []  # written to BENCH_ROWS_FILE for bench/run.py's table


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


def version_check(requests: int) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="danvan-bench-workcal-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    os.environ["DANVAN_VAR_DIR"] = str(scratch)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ.setdefault("SECRET_KEY", "bench")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from danvan.units import calendar
    from danvan.units.models import CalendarOverride, Unit

    call_command("migrate", "units", verbosity=0)
    city = Unit.objects.create(code="01", name="Thành phố Hà Nội", kind="province")
    unit = Unit.objects.create(code="00070", name="Phường Hoàn Kiếm", kind="commune", parent=city)
    CalendarOverride.objects.create(unit=city, day=dt.date(2026, 12, 10), kind="day_off")
    rng = random.Random(11)
    start = dt.datetime(2026, 1, 1, 9, tzinfo=HN)
    receipts = [start + dt.timedelta(days=rng.randrange(700)) for _ in range(50)]
    real_version = calendar.version

    def request(uses: int) -> None:
        calendar.begin_request()
        try:
            for received in receipts[:uses]:
                due_at(received, calendar.rules_for(unit), working_days=5)
        finally:
            calendar.end_request()

    # SQLite runs in this process: its CPU time (the machine is shared, wall time is noise);
    # PostgreSQL answers from another process: wall time.
    clock = time.process_time if connection.vendor == "sqlite" else time.perf_counter

    def timed(uses: int, checked: bool) -> float:
        token = real_version()
        calendar.version = real_version if checked else (lambda: token)
        try:
            t0 = clock()
            for _ in range(requests):
                request(uses)
            return (clock() - t0) / requests * 1e6
        finally:
            calendar.version = real_version

    for uses in (1, 50):
        request(uses)  # warm the cache
        ours, before = [], []
        for _ in range(3):  # alternating, best of three each (the machine is shared)
            ours.append(timed(uses, True))
            before.append(timed(uses, False))
        a, b = min(ours), min(before)
        print(f"workcal version check ({connection.vendor}), {uses} due date(s) per request: "
              f"{a:.1f} µs/request with the check, {b:.1f} µs without; ratio {a / b:.2f}x, "
              f"+{a - b:.1f} µs")  # fmt: skip
        ROWS.append({"figure": f"request with {uses} due date(s), calendar version checked "
                     f"(µs, {connection.vendor}; baseline: no check)", "ours": round(a, 1),
                     "baseline": round(b, 1), "ratio": round(a / b, 2),
                     "target": "informative; < 1.1x for a 50-row list", "met": uses == 1 or a / b < 1.1})  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--no-django", action="store_true")
    args = parser.parse_args()
    main()
    if not args.no_django:
        version_check(args.requests)
    if os.environ.get("BENCH_ROWS_FILE"):
        Path(os.environ["BENCH_ROWS_FILE"]).write_text(json.dumps(ROWS, ensure_ascii=False))
