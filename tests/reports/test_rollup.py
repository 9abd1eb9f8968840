"""The monthly roll-up of the aggregate table (reports.facts, DossierMonth) is exactly the sum of
its day rows and gives the counts of the raw records: after a rebuild, after a transition through
the workflow, after an event on a dossier received months ago (its month is summed again), and
for a pre-2025 district and a 2024 record re-mapped to today's commune. A window that is not
whole months reads its edge days from the day table; whole months read the roll-up alone."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.onestop.models import Dossier, DossierEvent
from danvan.onestop.states import Status
from danvan.reports import facts, periods
from danvan.reports.models import COUNT_COLUMNS, DossierDay, DossierMonth
from tests.reports.helpers import at, dossier, unit

pytestmark = pytest.mark.django_db
H1_2024 = periods.half(2024, 1)


@pytest.fixture
def spread():
    """2024: Hàng Trống (old ward of quận Hoàn Kiếm) 2 in February (1 late); Khánh Thượng (old
    commune of huyện Ba Vì) 1 late in May; one record of June 2024 filed under today's Ba Vì
    commune that replaced it (the importers' re-mapping). 2026: Hoàn Kiếm 2 in March (the 10th on
    time, the 31st late) and one open since 1 April; Ba Vì 1 on time on 15 April."""
    S = Status
    old_ward, old_commune = unit("00070", legacy=True), unit("09712", legacy=True)
    ward, commune = unit("00070"), unit("09700")
    for where, day, late in [
        (old_ward, "2024-02-01", False), (old_ward, "2024-02-29", True),
        (old_commune, "2024-05-03", True), (commune, "2024-06-30", False),
        (ward, "2026-03-10", False), (ward, "2026-03-31", True), (commune, "2026-04-15", False),
    ]:  # fmt: skip
        received = dt.date.fromisoformat(day)
        done = received + dt.timedelta(days=9 if late else 2)
        dossier(where, day, due_at=f"{received + dt.timedelta(days=5)}", processed_at=f"{done}",
                status=S.PROCESSED, channel="online" if late else "in_person")  # fmt: skip
    return dossier(ward, "2026-04-01", due_at="2026-04-06")  # open


def _months_are_their_days() -> None:
    """Every month row is the sum of its unit's day rows of that month, and every unit-month
    with day rows has its month row."""
    months = {(m.unit_id, m.month): m for m in DossierMonth.objects.all()}
    days: dict = {}
    for d in DossierDay.objects.all():
        key = (d.unit_id, d.day.replace(day=1))
        got = days.setdefault(key, dict.fromkeys(COUNT_COLUMNS, 0))
        for c in COUNT_COLUMNS:
            got[c] += getattr(d, c)
    assert set(months) == set(days)
    for key, sums in days.items():
        assert {c: getattr(months[key], c) for c in COUNT_COLUMNS} == sums, key


def _same_as_the_records(where, windows, by_child=False) -> list[dict]:
    """The figures from the tables equal those of the direct query over the dossiers."""
    with override_settings(REPORTS_FACTS=False):
        direct = facts.multi(where, windows, by_child=by_child)
    stored = facts.multi(where, windows, by_child=by_child)
    for a, b in zip(direct, stored, strict=True):
        assert a["total"] == b["total"] and a["finished"] == b["finished"]
        assert a["average_days"] == b["average_days"]
        if by_child:
            assert {k: v for k, v in a["children"].items() if any(d for _n, d in v.values())} == {
                k: v for k, v in b["children"].items() if any(d for _n, d in v.values())
            }
    _months_are_their_days()
    return stored


def _window(p) -> tuple:
    return (p.start, p.end)


WINDOWS_2026 = [
    _window(periods.month(2026, 3)),
    _window(periods.month(2026, 4)),
    _window(periods.half(2026, 1)),
    (dt.date(2026, 3, 15), dt.date(2026, 4, 20)),  # the edge days of two months
    (dt.date(2026, 3, 31), dt.date(2026, 3, 31)),  # one day
    (dt.date(2026, 2, 1), dt.date(2026, 4, 10)),  # whole months and a tail
]


def test_the_roll_up_gives_the_counts_of_the_records(spread):
    facts.rebuild()
    units = [unit(c, legacy=True).pk for c in ("00070", "09712")] + [unit("09700").pk]
    units.append(unit("00070").pk)
    mine = DossierMonth.objects.filter(unit__in=units, month__lt=dt.date(2026, 7, 1))
    mine = mine.values_list("unit", "month", "d_on_time")
    assert sorted((units.index(u), m.isoformat(), n) for u, m, n in mine) == [
        (0, "2024-02-01", 2), (1, "2024-05-01", 1), (2, "2024-06-01", 1),  # the re-mapped record
        (2, "2026-04-01", 1), (3, "2026-03-01", 2),  # the open one is not stored
    ]  # fmt: skip
    city = unit("01")
    stored = _same_as_the_records(city, WINDOWS_2026, by_child=True)
    assert stored[0]["total"]["on_time"] == (1, 2)  # March: the 10th on time, the 31st late
    assert stored[1]["total"]["on_time"] == (1, 2)  # April: the 15th; the open one is late by now
    assert stored[3]["total"]["on_time"] == (1, 3)  # 15 March – 20 April: 31 March, 1 April late
    assert stored[4]["total"]["online"] == (1, 1)
    # A pre-2025 district, the old commune, and today's commune re-mapped over H1 2024.
    h1 = [
        _window(H1_2024),
        _window(periods.month(2024, 2)),
        (dt.date(2024, 2, 10), dt.date(2024, 6, 30)),
    ]
    assert _same_as_the_records(unit("002", legacy=True), h1)[0]["total"]["on_time"] == (1, 2)
    assert _same_as_the_records(unit("002", legacy=True), h1)[2]["total"]["on_time"] == (0, 1)
    assert _same_as_the_records(unit("09712", legacy=True), h1)[0]["total"]["on_time"] == (0, 1)
    assert _same_as_the_records(unit("09700"), h1)[0]["total"]["on_time"] == (1, 2)
    assert _same_as_the_records(city, h1, by_child=True)[0]["total"]["on_time"] == (2, 4)


def test_a_transition_and_a_back_dated_event_sum_their_month_again(spread, persona):
    from tests.onestop_ui.helpers import COMMON, make_dossier

    facts.rebuild()
    city, april = unit("01"), periods.month(2026, 4)
    before = _same_as_the_records(city, [_window(april)])[0]["total"]
    make_dossier("00070", COMMON, by=persona("clerk.hoankiem"))  # through the workflow: an event
    today = timezone.localdate()
    this_month = periods.month(today.year, today.month)
    _same_as_the_records(city, [_window(this_month), _window(april)], by_child=True)
    # The dossier open since 1 April turns out processed on 5 April, on time (written as the
    # workflow would, with its event, today): the next report folds that event into 1 April and
    # sums April again.
    Dossier.objects.filter(pk=spread.pk).update(
        status=Status.PROCESSED, processed_at=at("2026-04-05")
    )
    DossierEvent.objects.create(dossier=spread, action="process", from_status=Status.PROCESSING,
                                to_status=Status.PROCESSED)  # fmt: skip
    after = _same_as_the_records(city, [_window(april), _window(periods.half(2026, 1))])
    assert before["on_time"] == (1, 2) and after[0]["total"]["on_time"] == (2, 2)
    mine = [unit("00070").pk, unit("09700").pk]
    april_rows = DossierMonth.objects.filter(month=april.start, unit__in=mine).aggregate(
        d=Sum("d_on_time"), n=Sum("n_on_time"), finished=Sum("finished")
    )
    assert april_rows == {"d": 2, "n": 2, "finished": 2}  # both settled now, both on time


def test_whole_months_read_the_roll_up_alone(spread):
    facts.rebuild()
    city = unit("01")
    facts.multi(city, [])  # fold first, so that only the report's own reads are captured

    def sums_read(windows):
        with CaptureQueriesContext(connection) as ctx:
            facts.multi(city, windows, by_child=True)
        sql = [q["sql"] for q in ctx.captured_queries if "SUM(" in q["sql"].upper()]
        return (
            any("reports_dossiermonth" in s for s in sql),
            any("reports_dossierday" in s for s in sql),
        )

    assert sums_read([_window(periods.year(2026)), _window(periods.year(2025))]) == (True, False)
    assert sums_read([(dt.date(2026, 3, 15), dt.date(2026, 3, 20))]) == (False, True)
    assert sums_read([(dt.date(2026, 2, 1), dt.date(2026, 4, 10))]) == (True, True)


@pytest.mark.parametrize(
    ("start", "end", "months", "days"),
    [
        ("2026-01-01", "2026-12-31", ("2026-01-01", "2026-12-01"), []),
        ("2026-03-15", "2026-04-20", None, [("2026-03-15", "2026-04-20")]),
        ("2026-03-15", "2026-05-20", ("2026-04-01", "2026-04-01"),
         [("2026-03-15", "2026-03-31"), ("2026-05-01", "2026-05-20")]),
        ("2024-02-01", "2024-02-29", ("2024-02-01", "2024-02-01"), []),
        ("2024-02-02", "2024-02-29", None, [("2024-02-02", "2024-02-29")]),
        ("2026-12-01", "2027-01-31", ("2026-12-01", "2027-01-01"), []),
    ],
)  # fmt: skip
def test_a_window_splits_into_whole_months_and_edge_days(start, end, months, days):
    def d(s):
        return dt.date.fromisoformat(s)

    got_months, got_days = facts._split(d(start), d(end))
    assert got_months == (tuple(map(d, months)) if months else None)
    assert got_days == [(d(a), d(b)) for a, b in days]
