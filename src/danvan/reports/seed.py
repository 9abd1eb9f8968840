"""A Hà Nội-sized data set for benchmarks and the demo: dossiers over two years in every commune
of the city (the pre-2025 communes before 1 July 2025, today's after), plausible proportions of
procedures, channels, states and timings, and their components — written with COPY on
PostgreSQL (bulk_create elsewhere), never a row at a time through the ORM."""

import contextlib
import datetime as dt
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from danvan.connections.models import PortalSync
from danvan.onestop import codes
from danvan.onestop.models import DailySequence, Dossier, DossierComponent
from danvan.onestop.search import search_text
from danvan.onestop.states import Status
from danvan.procedures.models import Procedure
from danvan.reports import facts
from danvan.reports.models import DossierDay, DossierMonth, GeneratedBatch
from danvan.units.models import REFORM_DATE, Unit

# Plausible applicant names and phones, so that search by name (with or without diacritics) and
# by the phone's last digits is measured on realistic selectivity (issue 16).
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]  # fmt: skip
# Men's and women's names apart ("Nguyễn Thị Hùng" is nobody), with the sex they imply on the
# dossier and in the national ID's fourth digit (0 a man, 1 a woman, born 1950-1999).
NAMES = {
    "Nam": (["Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Thanh"],
            ["An", "Bình", "Cường", "Dũng", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Nam", "Phúc",
             "Quân", "Sơn", "Thắng", "Trung", "Tuấn"]),
    "Nữ": (["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Xuân"],
           ["Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Tâm",
            "Thảo", "Trang", "Yến"]),
}  # fmt: skip
CHUNK = 50_000
BULK_REINDEX = 200_000  # a seed this big (and as big as the table): indexes built after COPY
DOSSIER_COLUMNS = [
    "code", "unit_id", "procedure_id", "channel", "status", "sub_status", "outcome", "version",
    "applicant_name", "national_id", "sex", "address", "phone", "email", "owner_name",
    "tax_code", "summary", "sets_count", "result_delivery", "submitted_at", "received_at",
    "clock_started_at", "due_at", "rescheduled", "step_name", "processed_at", "returned_at",
    "closed_at", "supplement_count", "supplement_requested_at", "supplement_waiting",
    "is_no_wait", "needs_paper_result", "result_code", "result_file", "result_signed",
    "result_sent_to_store", "synced", "vneid_authenticated", "uses_population_data", "fee_vnd",
    "paid_online", "has_complaint", "has_dislike", "search_text",
]  # fmt: skip


@dataclass(frozen=True)
class Proc:
    id: int
    days: float
    no_wait: bool
    fee: int
    paper: bool
    population: bool


def _procedures() -> list[Proc]:
    rows = Procedure.objects.filter(level="commune", is_active=True).values_list(
        "id", "time_value", "is_no_wait", "fee_vnd", "needs_paper_result", "uses_population_data"
    )
    procs = [Proc(i, float(t or 5), nw, f or 0, p, pop) for i, t, nw, f, p, pop in rows]
    if not procs:
        raise LookupError("no commune procedures: load the catalogue first (danvan demo)")
    return procs


def _units(city: Unit) -> tuple[list[int], list[int]]:
    communes = Unit.objects.filter(kind="commune", path__startswith=city.path)
    current = list(communes.current().values_list("id", flat=True))
    legacy = list(communes.filter(valid_to__lt=REFORM_DATE).values_list("id", flat=True))
    return current, legacy or current


def generated():
    """The dossiers the generator wrote (their ids, recorded per run)."""
    ranges = Q()
    for first, last in GeneratedBatch.objects.values_list("first_id", "last_id"):
        ranges |= Q(pk__range=(first, last))
    return Dossier.objects.filter(ranges) if ranges else Dossier.objects.none()


def generated_count() -> int:
    return GeneratedBatch.objects.aggregate(n=Sum("count"))["n"] or 0


class Codes:
    """Dossier codes in the real format (agency - YYMMDD - number of the day), numbered after what
    the day's sequence already holds; `save` moves the sequences past them, so a dossier received
    at the counter afterwards never takes a generated code."""

    def __init__(self, unit_ids):
        units = Unit.objects.filter(pk__in=set(unit_ids))
        self.agency = {u.pk: codes.agency_code(u) for u in units}
        self.last = {
            (a, d): n
            for a, d, n in DailySequence.objects.filter(
                agency_code__in=set(self.agency.values())
            ).values_list("agency_code", "day", "last")
        }
        self.changed = set()

    def next(self, unit_id: int, when: dt.datetime) -> str:
        key = (self.agency[unit_id], timezone.localdate(when))
        self.last[key] = number = self.last.get(key, 0) + 1
        self.changed.add(key)
        return f"{key[0]}-{key[1]:%y%m%d}-{number:04d}"

    def save(self) -> None:
        rows = [
            DailySequence(agency_code=a, day=d, last=self.last[(a, d)]) for a, d in self.changed
        ]
        DailySequence.objects.bulk_create(
            rows, batch_size=5000, update_conflicts=True,
            unique_fields=["agency_code", "day"], update_fields=["last"],
        )  # fmt: skip


def _row(n: int, rng: random.Random, when: dt.datetime, unit_id: int, p: Proc, now,
         code: str) -> tuple:  # fmt: skip
    channel = "online" if rng.random() < 0.45 else ("post" if rng.random() < 0.05 else "in_person")
    received = when
    supplements = 0 if rng.random() < 0.91 else (1 if rng.random() < 0.9 else 2)
    waiting = dt.timedelta(days=rng.randint(1, 6)) if supplements else None
    requested = received + dt.timedelta(days=1) if supplements else None
    if p.no_wait:
        due = None
        spent = dt.timedelta(minutes=rng.randint(15, 90))
    else:
        due = received + dt.timedelta(days=p.days)
        spent = dt.timedelta(days=p.days * rng.uniform(0.2, 1.25)) + (waiting or dt.timedelta())
    processed = received + spent
    status, returned, closed, outcome = Status.RETURNED, None, None, "granted"
    roll = rng.random()
    if processed > now:
        status, processed = Status.PROCESSING, None
    elif roll < 0.03:
        status, processed, closed, outcome = Status.STOPPED, None, processed, ""
    elif roll < 0.05:
        outcome = "refused"
        status = Status.PROCESSED
    else:
        returned = closed = processed + dt.timedelta(hours=0 if p.no_wait else rng.randint(1, 48))
        if returned > now:
            status, returned, closed = Status.PROCESSED, None, None
    if supplements and status == Status.PROCESSING and rng.random() < 0.5:
        status, waiting = Status.SUPPLEMENT_REQUESTED, None
    late = (
        due is not None and processed is not None and processed - (waiting or dt.timedelta()) > due
    )
    finished = processed is not None
    fee = p.fee if p.fee else 0
    sex = rng.choice(("Nam", "Nữ"))
    middles, givens = NAMES[sex]
    national_id = f"001{0 if sex == 'Nam' else 1}{rng.randint(50, 99)}{n % 1_000_000:06d}"
    name = f"{rng.choice(SURNAMES)} {rng.choice(middles)} {rng.choice(givens)}"
    phone = f"09{rng.randrange(100_000_000):08d}"
    return (
        code, unit_id, p.id, channel, int(status), "", outcome, 1,
        name, national_id, sex, "", phone, "", "", "", "", 1, "",
        received - dt.timedelta(minutes=5), received, received, due, late and rng.random() < 0.5,
        "", processed, returned, closed, supplements, requested, waiting,
        p.no_wait, p.paper, f"KQ-{n}" if finished else "",
        f"results/bench/{n}.pdf" if finished and rng.random() < 0.6 else "",
        finished and rng.random() < 0.6, finished and rng.random() < 0.3, rng.random() < 0.9,
        rng.random() < 0.4, p.population and rng.random() < 0.7, fee,
        bool(fee) and channel == "online" and rng.random() < 0.5, rng.random() < 0.01,
        rng.random() < 0.02, search_text(name=name, code=code, national_id=national_id, phone=phone),
    )  # fmt: skip


def _moment(rng: random.Random, start: dt.datetime, span_days: int, now) -> dt.datetime:
    """A moment in office hours (local time), never after now."""
    day = start + dt.timedelta(days=rng.randrange(span_days + 1))
    moment = day.replace(hour=rng.randint(7, 16), minute=rng.randrange(60))
    return moment if moment < now else moment - dt.timedelta(days=1)


def seed(dossiers: int, *, years: int = 2, city_code: str = "01", seed_value: int = 766,
         progress=None) -> dict:  # fmt: skip
    """Add `dossiers` dossiers (and components for half of them) over the last `years` years."""
    rng = random.Random(seed_value)  # noqa: S311 - test data, not secrets
    city = Unit.objects.current().get(code=city_code)
    procs = _procedures()
    current, legacy = _units(city)
    now = timezone.localtime()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=365 * years)
    reform = timezone.make_aware(dt.datetime.combine(REFORM_DATE, dt.time.min))
    first = generated_count()
    timings, began = {}, time.perf_counter()
    written = 0
    with transaction.atomic(), _indexes_deferred(dossiers >= max(BULK_REINDEX, first), timings):
        before = Dossier.objects.aggregate(m=Max("pk"))["m"] or 0
        numbers = Codes(current + legacy)
        while written < dossiers:
            size = min(CHUNK, dossiers - written)
            rows = []
            for i in range(size):
                when = _moment(rng, start, 365 * years, now)
                unit_id = rng.choice(legacy if when < reform else current)
                code = numbers.next(unit_id, when)
                rows.append(_row(first + written + i, rng, when, unit_id, rng.choice(procs), now,
                                 code))  # fmt: skip
            _write(rows)
            written += size
            if progress:
                progress(written, dossiers)
        numbers.save()
        last = Dossier.objects.aggregate(m=Max("pk"))["m"] or 0
        GeneratedBatch.objects.create(first_id=before + 1, last_id=last, count=written)
    timings["dossiers"] = time.perf_counter() - began - timings.get("indexes", 0)
    components = _timed(timings, "components", lambda: _components(before))
    _timed(timings, "portal sync", lambda: _portal_sync(before))
    _timed(timings, "analyze", _analyze)
    # The aggregate table, recounted once (COPY bypasses the workflow and its events).
    _timed(timings, "aggregate", facts.rebuild)
    _timed(timings, "analyze", _analyze)
    total = sum(timings.values())
    return {"dossiers": written, "components": components, "communes": len(current),
            "legacy_communes": len(legacy), "seconds": {k: round(v, 1) for k, v in timings.items()},
            "dossiers_per_second": round(written / timings["dossiers"]) if written else 0,
            "overall_per_second": round(written / total) if total else 0}  # fmt: skip


@contextlib.contextmanager
def _indexes_deferred(wanted: bool, timings: dict):
    """A seed at least as big as the table (the first 2 million): the dossier table's secondary
    indexes are dropped, the rows copied, the indexes built again in one pass each — in the same
    transaction, so a failed seed leaves them as they were. Updating 17 indexes (one a trigram
    GIN) row by row is most of COPY's time. Constraint indexes (primary key, unique code) stay."""
    if not wanted or connection.vendor != "postgresql":
        yield
        return
    table = Dossier._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND "
            "i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    began = time.perf_counter()
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit; an index cannot be built while those
        # checks are pending, so they run now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)  # the definitions PostgreSQL itself gave
    timings["indexes"] = time.perf_counter() - began


def _timed(timings: dict, name: str, fn):
    began = time.perf_counter()
    result = fn()
    timings[name] = timings.get(name, 0) + time.perf_counter() - began
    return result


def _write(rows: list[tuple]) -> None:
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cols = ", ".join(DOSSIER_COLUMNS)
            with cursor.cursor.copy(f"COPY onestop_dossier ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    Dossier.objects.bulk_create(
        [Dossier(**dict(zip(DOSSIER_COLUMNS, row, strict=True))) for row in rows], batch_size=2000
    )


def _portal_sync(before: int) -> int:
    """The generated dossiers marked synced are held by the national portal as they are (one
    PortalSync row each, synced a minute after their last change), so the outbox's unsynced list
    and indicator 1.4 read them as the portal would."""
    table, dossiers = PortalSync._meta.db_table, Dossier._meta.db_table
    changed = "COALESCE(closed_at, returned_at, processed_at, received_at)"
    # Table names and constants only in the f-string; values are parameters.
    sql = f"""
        INSERT INTO {table} (dossier_id, created_on_portal, status_sent, changed_at, synced_at,
            history_rows)
        SELECT id, TRUE, status, {changed}, {changed}, 0
        FROM {dossiers} WHERE id > %s AND synced
    """  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [before])
        return cursor.rowcount


def _components(before: int) -> int:
    """One component for about half of the new dossiers: a file on 80%, reused on 25%, from the
    store on 15% (one INSERT … SELECT)."""
    table, dossiers = DossierComponent._meta.db_table, Dossier._meta.db_table
    rnd = "random()" if connection.vendor == "postgresql" else "((abs(random()) % 1000) / 1000.0)"
    # Table names and constants only in the f-string; values are parameters.
    sql = f"""
        INSERT INTO {table} (dossier_id, name, copy_kind, quantity, required, shown_only,
            provided, file, file_name, content_type, size, sha256, digitization, from_store)
        SELECT id, 'Tờ khai', 'original', 1, TRUE, FALSE, TRUE, '', '', '', 0,
            CASE WHEN {rnd} < 0.8 THEN '{"a" * 64}' ELSE '' END,
            CASE WHEN {rnd} < 0.25 THEN 'reused_document' ELSE 'digitized' END,
            {rnd} < 0.15
        FROM {dossiers} WHERE id > %s AND {rnd} < 0.5
    """  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [before])
        return cursor.rowcount


def _analyze() -> None:
    """Fresh statistics for the tables the seed filled and those the reports join them to (not
    the whole database): with no statistics on the unit tree — autovacuum may not have reached
    it on a freshly loaded database — the planner takes the city's ~700 units for 11 and the
    procedure probes become nested loops (20 ms -> 16 s at 300,000 dossiers)."""
    tables = [Dossier._meta.db_table, DossierComponent._meta.db_table, DossierDay._meta.db_table,
              DossierMonth._meta.db_table, Unit._meta.db_table, Procedure._meta.db_table,
              PortalSync._meta.db_table]  # fmt: skip
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
