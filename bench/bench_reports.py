"""The city's one-year service-quality report at 2 million dossiers (PostgreSQL): ours against one
hand-written SQL GROUP BY over the same data in the same run.

Run: python bench/bench_reports.py [-n 2000000] [--year 2026]
Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/danvan_bench); seed it
once and reuse it (a run only adds the dossiers missing to reach -n). When it
holds fewer generated dossiers than -n, it is migrated, given the demo world (units, catalogue)
and filled with `danvan bench seed` (COPY) first — a few minutes.

Measured (best of 3 after a warm-up):
- hand SQL: one GROUP BY child unit computing the period's dossier figures (rule 2.1 included);
- ours, one period: the year by child unit from the aggregate table (reports.facts: settled
  dossiers by unit and day) plus the open dossiers counted live — the same figures;
- ours without the table: onestop.quality.multi, one direct query (for reference);
- ours, the whole report: builders.service_quality_report (this year, last year and the same
  period last year — for a year the same window, counted once —, children, the 766 index,
  procedure figures probed per procedure, the no-wait median in one percentile pass, ratings);
- ours, the city's six-month/yearly report on mass-mobilization work (builders.mobilization_report:
  44 figures for three periods, its one-stop figures from the aggregate table);
- the drill-down page of a city figure: the figure and the first page of 50 records.
"""

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_bench"
)
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("SIGNING_TRUST_TEST_CA", "1")
os.environ["REPORTS_DEMO_DOSSIERS"] = "0"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from danvan.core.indicators import records  # noqa: E402
from danvan.onestop import quality as dossier_quality  # noqa: E402
from danvan.onestop.models import Dossier  # noqa: E402
from danvan.reports import builders, drilldown, facts, periods, seed  # noqa: E402
from danvan.reports.models import DossierDay  # noqa: E402
from danvan.units.models import Unit  # noqa: E402

HAND_SQL = """
SELECT substr(u.path, 1, %(width)s) AS child,
  count(*) AS received,
  count(*) FILTER (WHERE d.supplement_count <= 1 AND (
      (d.due_at IS NOT NULL AND e.net <= d.due_at)
      OR (d.due_at IS NULL AND p.time_value IS NOT NULL AND e.net <= d.received_at + CASE p.time_unit
          WHEN 'same_day' THEN interval '1 day' WHEN 'working_hours' THEN p.time_value * interval '1 hour'
          ELSE p.time_value * interval '1 day' END))) AS on_time,
  count(*) FILTER (WHERE d.channel = 'online') AS online,
  count(*) FILTER (WHERE d.channel = 'online' AND p.online_level = 'full') AS full_online,
  count(*) FILTER (WHERE d.synced) AS synced,
  count(*) FILTER (WHERE d.paid_online AND d.fee_vnd > 0) AS paid_online,
  count(*) FILTER (WHERE d.result_file <> '' AND d.needs_paper_result) AS e_result,
  count(*) FILTER (WHERE d.needs_paper_result) AS paper,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM onestop_dossiercomponent c
                                 WHERE c.dossier_id = d.id AND c.sha256 <> '')) AS with_file,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM onestop_dossiercomponent c WHERE c.dossier_id = d.id
                   AND c.digitization IN ('reused_document', 'reused_result'))) AS reused,
  count(*) FILTER (WHERE d.result_sent_to_store OR EXISTS (SELECT 1 FROM onestop_dossiercomponent c
                   WHERE c.dossier_id = d.id AND c.from_store)) AS personal_store,
  count(*) FILTER (WHERE d.vneid_authenticated OR d.uses_population_data) AS population,
  count(*) FILTER (WHERE d.is_no_wait AND d.returned_at IS NOT NULL) AS no_wait,
  avg(coalesce(d.processed_at, d.returned_at) - d.received_at)
      FILTER (WHERE d.processed_at IS NOT NULL OR d.returned_at IS NOT NULL) AS processing
FROM onestop_dossier d
JOIN units_unit u ON u.id = d.unit_id
JOIN procedures_procedure p ON p.id = d.procedure_id
CROSS JOIN LATERAL (SELECT (CASE WHEN d.supplement_count = 1 AND d.status = 5
        THEN d.supplement_requested_at
        ELSE coalesce(d.processed_at, d.returned_at, d.closed_at, %(end)s) END)
      - coalesce(d.supplement_waiting, interval '0') AS net) e
WHERE u.path LIKE %(prefix)s AND d.received_at >= %(start)s AND d.received_at < %(after)s
GROUP BY 1
"""


ROWS: list[dict] = []  # written to BENCH_ROWS_FILE for bench/run.py's table


def row(figure: str, ours: float, baseline: float | None, target: str, met: bool) -> None:
    ROWS.append({"figure": figure, "ours": round(ours, 1),
                 "baseline": round(baseline, 1) if baseline else None,
                 "ratio": round(ours / baseline, 2) if baseline else None, "target": target,
                 "met": met})  # fmt: skip


def best(fn, runs: int = 3) -> float:
    fn()  # warm-up (caches, plans)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return min(times)


def ensure_data(n: int) -> int:
    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(code="01").exists():
        call_command("demo", force=True, verbosity=0)
    have = seed.generated_count()
    if not DossierDay.objects.exists():
        print("building the aggregate table …", flush=True)
        facts.rebuild()
    if have < n:
        print(f"seeding {n - have:,} dossiers …", flush=True)
        began = time.perf_counter()
        done = seed.seed(n - have, years=2)
        print(f"  seeded in {time.perf_counter() - began:.0f} s: {done['seconds']} (seconds); "
              f"{done['dossiers_per_second']:,} dossiers/s written (generate + COPY), "
              f"{done['overall_per_second']:,}/s with components, ANALYZE and the aggregate",
              flush=True)  # fmt: skip
        row(
            "seed: dossiers written per second (generate + COPY)",
            done["dossiers_per_second"],
            None,
            "3M in minutes",
            done["dossiers_per_second"] * 600 >= 3_000_000,
        )
    return Dossier.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=2_000_000)
    parser.add_argument("--year", type=int, default=timezone.localdate().year)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench_reports needs PostgreSQL (BENCH_DATABASE_URL)")
        return
    total = ensure_data(args.n)
    city = Unit.objects.current().get(code="01")
    year = periods.year(args.year)
    in_year = Dossier.objects.filter(
        received_at__date__gte=year.start, received_at__date__lte=year.end
    ).count()
    end = dossier_quality.period_end(dossier_quality.Scope(city, year.start, year.end))
    tz = timezone.get_current_timezone()
    params = {
        "width": len(city.path) + 9, "prefix": city.path + "%", "end": end,
        "start": dt.datetime.combine(year.start, dt.time.min, tzinfo=tz),
        "after": dt.datetime.combine(year.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    }  # fmt: skip

    def hand():
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, params)
            return cursor.fetchall()

    def ours_one():
        return facts.multi(city, [(year.start, year.end)], by_child=True)

    def direct_one():
        return dossier_quality.multi(city, [(year.start, year.end)], by_child=True)

    def ours_report():
        return builders.service_quality_report(city, year)

    def ours_mobilization():
        return builders.mobilization_report(city, year)

    def drill():
        """As the drill-down page: the figure (its numerator is the list's length, from the
        aggregate) and the first page of the registry's records()."""
        figure = builders.figure_now("onestop.sq_on_time", city, year)
        listing = drilldown.listing("onestop.sq_on_time", city, year)
        known = figure["current"]["numerator"]
        page = drilldown.CountedPaginator(listing.queryset, 50, known_count=known).page(1)
        return [listing.row(obj) for obj in page.object_list]

    def drill_count():
        listed = records("onestop.sq_on_time", unit=city, start=year.start, end=year.end)
        return listed.count()

    # The same "now" for both (open dossiers count as on time until their deadline passes: the
    # hand SQL takes seconds, and a deadline crossed in between would differ by a few).
    params["end"] = dossier_quality.period_end(dossier_quality.Scope(city, year.start, year.end))
    ours = ours_one()[0]
    rows = hand()
    hand_total = sum(r[1] for r in rows), sum(r[2] for r in rows)
    assert hand_total == (ours["total"]["on_time"][1], ours["total"]["on_time"][0]), (
        hand_total,
        ours["total"]["on_time"],
    )
    t_hand, t_one, t_report, t_drill = best(hand), best(ours_one), best(ours_report), best(drill)
    t_direct = best(direct_one, runs=1)
    t_mob = best(ours_mobilization)
    t_count = best(drill_count, runs=1)
    print(f"dossiers in the database: {total:,}; received in {args.year}: {in_year:,}")
    print(
        f"on time (2.1) for the city: {ours['total']['on_time'][0]:,}/{ours['total']['on_time'][1]:,} (hand SQL agrees)"
    )
    print(f"hand-written SQL GROUP BY, one period:          {t_hand * 1000:8.0f} ms")
    print(f"aggregate table rows (unit × day): {DossierDay.objects.count():,}")
    print(
        f"ours, one period by child (aggregate + live):   {t_one * 1000:8.0f} ms  ({t_one / t_hand:.2f}×)"
    )
    print(
        f"ours without the table (one direct query):     {t_direct * 1000:8.0f} ms  ({t_direct / t_hand:.2f}×)"
    )
    print(
        f"ours, the whole report (3 periods, index, …):   {t_report * 1000:8.0f} ms  ({t_report / t_hand:.2f}×)"
    )
    print(
        f"ours, the mobilization report (44 figures, 3 periods): {t_mob * 1000:5.0f} ms  ({t_mob / t_hand:.2f}×)"
    )
    print(f"drill-down page of a city figure (figure + first 50): {t_drill * 1000:5.0f} ms")
    print(f"  (a COUNT(*) of the same records instead: {t_count * 1000:.0f} ms)")
    n = f"{total:,} dossiers, {in_year:,} received in {args.year}"
    row(
        f"city on-time by child, one year, {n} (ms)",
        t_one * 1000,
        t_hand * 1000,
        "≤ 1.5×",
        t_one <= 1.5 * t_hand,
    )
    row(
        f"the whole service-quality report, {n} (ms)",
        t_report * 1000,
        t_hand * 1000,
        "≤ 1.5×",
        t_report <= 1.5 * t_hand,
    )
    row(
        f"the city's mobilization report, one year, {n} (ms)",
        t_mob * 1000,
        t_hand * 1000,
        "≈ 1 s",
        t_mob <= 1.0,
    )
    row(
        f"drill-down page of a city figure, {n} (ms)",
        t_drill * 1000,
        t_count * 1000,
        "< 200 ms",
        t_drill < 0.2,
    )
    if os.environ.get("BENCH_ROWS_FILE"):
        Path(os.environ["BENCH_ROWS_FILE"]).write_text(json.dumps(ROWS, ensure_ascii=False))


if __name__ == "__main__":
    main()
