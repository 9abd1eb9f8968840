"""Dossier lists and search at 3 million dossiers (PostgreSQL, issue 16): GET /api/v1/dossiers through
the whole Django stack (token, scope, keyset page, serialization) against a hand-written indexed
SQL query returning the same page's rows, alternating in the same run; p95 of each.

Run: python bench/bench_lists.py [-n 3000000] [--runs 20]
Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/danvan_bench); seeded
once with `danvan bench seed` and reused (a run only adds what is missing to reach -n).
The EXPLAIN (ANALYZE, BUFFERS) of each of our queries goes to var/bench/lists-explain.txt.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_bench"
)
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("SIGNING_TRUST_TEST_CA", "1")
os.environ["REPORTS_DEMO_DOSSIERS"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)  # no request log line per call

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from danvan.accounts.models import User  # noqa: E402
from danvan.accounts.services import create_token  # noqa: E402
from danvan.onestop import search  # noqa: E402
from danvan.onestop.lists import CLOSED_VALUES, DOSSIER_LIST, OPEN_VALUES  # noqa: E402
from danvan.onestop.models import Dossier  # noqa: E402
from danvan.reports import seed  # noqa: E402
from danvan.units.models import Unit  # noqa: E402

ROWS: list[dict] = []  # written to BENCH_ROWS_FILE for bench/run.py's table
TARGET_MS = 100
OPEN_SQL = "status = ANY(%(open)s) AND due_at IS NOT NULL"
OPEN_ORDER = "ORDER BY due_at, id"
CLOSED_SQL = "status = ANY(%(closed)s) AND received_at IS NOT NULL"
CLOSED_ORDER = "ORDER BY received_at DESC, id DESC"


def ensure_data(n: int) -> int:
    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(code="01").exists():
        call_command("demo", force=True, verbosity=0)
    have = seed.generated_count()
    if have < n:
        print(f"seeding {n - have:,} dossiers …", flush=True)
        seed.seed(n - have, years=2)
        with connection.cursor() as cursor:  # the visibility map, so index-only scans work
            cursor.execute("VACUUM ANALYZE onestop_dossier")
    return Dossier.objects.count()


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]


def client_for(username: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_token(User.objects.get(username=username))}")


def hand(sql: str, params: dict) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [r[0] for r in cursor.fetchall()]


def union(*branches: tuple[str, str]) -> str:
    """The first 50 rows of several (WHERE, ORDER BY) branches in branch order (a bare UNION ALL
    may come back in any order under a Parallel Append)."""
    parts = [f"(SELECT {i} AS seg, row_number() OVER () AS rn, id FROM (SELECT id FROM "
             f"onestop_dossier WHERE {where} {order} LIMIT 50) b{i})"
             for i, (where, order) in enumerate(branches)]  # fmt: skip
    return "SELECT id FROM (" + " UNION ALL ".join(parts) + ") u ORDER BY seg, rn LIMIT 50"


def main() -> None:  # noqa: PLR0915 - one linear script
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=3_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench_lists needs PostgreSQL (BENCH_DATABASE_URL)")
        return
    total = ensure_data(args.n)
    ward = Unit.objects.current().get(code="00070")
    specialist = User.objects.get(username="specialist.hoankiem")
    # "mine": the specialist handles the ward's open seeded dossiers (idempotent)
    seed.generated().filter(unit=ward, status__in=OPEN_VALUES, handler__isnull=True).update(
        handler=specialist
    )
    city, clerk, mine = (client_for(u) for u in ("reporter.hanoi", "clerk.hoankiem",
                                                  "specialist.hoankiem"))  # fmt: skip
    tz = timezone.get_current_timezone()
    month = timezone.localdate().replace(day=1) - dt.timedelta(days=365)
    month_end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    start = dt.datetime.combine(month, dt.time.min, tzinfo=tz)
    after = dt.datetime.combine(month_end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    # a deep page: the closed segment's row one million down
    deep_row = Dossier.objects.filter(status__in=CLOSED_VALUES, received_at__isnull=False).order_by(
        "-received_at", "-id"
    )[1_000_000]
    deep_cursor = DOSSIER_LIST.encode(2, deep_row)
    sample = seed.generated().order_by("id")[total // 2]
    short = sample.code.split("-", 1)[1]  # "251103-0012": the day and number lists show
    params = {"open": OPEN_VALUES, "closed": CLOSED_VALUES, "unit": ward.pk, "start": start,
              "after": after, "me": specialist.pk, "deep_at": deep_row.received_at,
              "deep_id": deep_row.pk, "n": 51}  # fmt: skip

    def like(term):
        return {**params, "t": f"%{term}%"}

    cases = [
        ("city list, first page", city, "?page_size=50",
         f"SELECT id FROM onestop_dossier WHERE {OPEN_SQL} {OPEN_ORDER} LIMIT 50", params),
        ("city list, a page 1,000,000 rows deep (cursor)", city, f"?page_size=50&cursor={deep_cursor}",
         f"SELECT id FROM onestop_dossier WHERE {CLOSED_SQL} AND (received_at, id) < "
         f"(%(deep_at)s, %(deep_id)s) {CLOSED_ORDER} LIMIT 50", params),
        ("filter status=5 (supplement requested)", city, "?status=5",
         f"SELECT id FROM onestop_dossier WHERE status = 5 AND due_at IS NOT NULL {OPEN_ORDER} "
         "LIMIT 50", params),
        ("filter status=8 (stopped, closed)", city, "?status=8",
         "SELECT id FROM onestop_dossier WHERE status = 8 AND received_at IS NOT NULL "
         f"{CLOSED_ORDER} LIMIT 50", params),
        ("filter unit subtree (one ward)", clerk, "?unit=00070",
         f"SELECT id FROM onestop_dossier WHERE unit_id = %(unit)s AND {OPEN_SQL} {OPEN_ORDER} "
         "LIMIT 50", params),
        ("filter received range (one month, a year ago)", city,
         f"?from={month}&to={month_end}",
         union(("status = ANY(%(open)s) AND received_at >= %(start)s AND received_at < %(after)s",
                CLOSED_ORDER),
               (f"{CLOSED_SQL} AND received_at >= %(start)s AND received_at < %(after)s",
                CLOSED_ORDER)), params),
        ("filter mine (the handler's open dossiers)", mine, "?mine=true",
         f"SELECT id FROM onestop_dossier WHERE handler_id = %(me)s AND {OPEN_SQL} {OPEN_ORDER} "
         "LIMIT 50", params),
    ]  # fmt: skip
    # The hand SQL of a search: what a person writes for that kind of word (the same matches as
    # ours: a tail of digits may be the phone's or the code's), at most search.CAP of them, then
    # the list's order over those ids.
    tails = "(reverse(phone) LIKE %(tail)s OR reverse(code) LIKE %(tail)s)"
    searches = [
        ("search: full code", sample.code, "code = %(code)s"),
        ("search: short code (day-number, as lists show it)", short,
         "(reverse(code) LIKE %(tail)s OR search_text LIKE %(sub)s)"),
        ("search: name with diacritics", "Nguyễn Thị Lan",
         "search_text LIKE '%%nguyen%%' AND search_text LIKE '%%thi%%' AND "
         "search_text LIKE '%%lan%%'"),
        ("search: name without diacritics", "nguyen thi lan",
         "search_text LIKE '%%nguyen%%' AND search_text LIKE '%%thi%%' AND "
         "search_text LIKE '%%lan%%'"),
        ("search: national ID", sample.national_id,
         f"(national_id = %(term)s OR {tails} OR reverse(code) LIKE %(dashed)s)"),
        ("search: phone, last 6 digits", sample.phone[-6:], tails),
    ]  # fmt: skip
    for figure, query, match in searches:
        term = query.replace(" ", "")
        p = {**params, "code": query, "term": term, "tail": term[::-1] + "%",
             "dashed": f"{term[:6]}-{term[6:]}"[::-1] + "%", "sub": f"%{term}%"}  # fmt: skip
        within = "id IN (SELECT id FROM m)"
        sql = union((f"{within} AND {OPEN_SQL}", OPEN_ORDER),
                    (f"{within} AND status = ANY(%(open)s) AND due_at IS NULL", "ORDER BY id"),
                    (f"{within} AND {CLOSED_SQL}", CLOSED_ORDER))  # fmt: skip
        sql = (f"WITH m AS MATERIALIZED (SELECT id FROM onestop_dossier WHERE {match} "  # noqa: S608
               f"LIMIT {search.CAP}) {sql}")  # fmt: skip
        cases.append((figure, city, f"?q={query}", sql, p))

    explain_out = HERE.parent / "var" / "bench" / "lists-explain.txt"
    explain_out.parent.mkdir(parents=True, exist_ok=True)
    plans = []
    print(f"dossiers in the database: {total:,}; {args.runs} runs each after a warm-up")
    print(f"{'figure':55} {'ours p95':>9} {'hand p95':>9} {'rows':>5}")
    for figure, client, qs, sql, p in cases:
        url = "/api/v1/dossiers" + qs

        def ours(client=client, url=url):
            r = client.get(url)
            assert r.status_code == 200, r.content[:300]
            return [i["code"] for i in r.json()["items"]]

        got = ours()
        want = hand(sql, p)
        codes = dict(Dossier.objects.filter(pk__in=want).values_list("pk", "code"))
        same = got == [codes[i] for i in want]
        if not same:
            print(f"  {figure}: ours and the hand SQL list different rows (not met)")
        t_ours, t_hand = [], []
        for _ in range(args.runs):  # alternating
            began = time.perf_counter()
            ours()
            t_ours.append(time.perf_counter() - began)
            began = time.perf_counter()
            hand(sql, p)
            t_hand.append(time.perf_counter() - began)
        mo, mh = p95(t_ours) * 1000, p95(t_hand) * 1000
        print(f"{figure:55} {mo:8.1f}  {mh:8.1f}  {len(got):5}", flush=True)
        ROWS.append({"figure": f"{figure}, {total / 1e6:.1f}M dossiers (p95 ms)",
                     "ours": round(mo, 1), "baseline": round(mh, 1),
                     "ratio": round(mo / mh, 2) if mh else None, "target": f"≤ {TARGET_MS} ms",
                     "met": same and mo <= TARGET_MS})  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            ours()
        plans.append(f"=== {figure}: GET {url}")
        for q in captured.captured_queries:
            if "onestop_dossier" not in q["sql"] or q["sql"].startswith("EXPLAIN"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                plans.append(q["sql"][:400])
                plans += ["    " + r[0] for r in cursor.fetchall()]
        plans.append("")
    explain_out.write_text("\n".join(plans), encoding="utf-8")
    print(f"plans written to {explain_out}")
    if os.environ.get("BENCH_ROWS_FILE"):
        Path(os.environ["BENCH_ROWS_FILE"]).write_text(json.dumps(ROWS, ensure_ascii=False))


if __name__ == "__main__":
    main()
