"""The aggregate tables behind the city-scale reports: settled dossiers counted by unit and day of
receipt (every service-quality condition, DossierDay) and the same sums by unit and month
(DossierMonth, the roll-up), kept up to date incrementally — the next report first folds the
dossier events written since the last fold (each transition writes one: their dossiers' days are
recounted) and the days marked dirty by writers outside the workflow (`mark`); the months of the
days it recounts are summed again from their day rows in the same transaction, so a month row is
always exactly the sum of its days. Nothing is added to a transition. A period reads its whole
months from the roll-up and only its partial months' days from the day table (a month, quarter,
six months or year: the roll-up alone). Dossiers still open (their end time is the period's end)
are counted live, in the same one-query form, and added."""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.db.models import DateField, Q, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from danvan.core.indicators import PATH_STEP, Scope
from danvan.onestop import quality as dossiers
from danvan.reports.models import COUNT_COLUMNS, DirtyDay, DossierDay, DossierMonth, FoldMark


def enabled() -> bool:
    return getattr(settings, "REPORTS_FACTS", True)


def mark(unit_id: int, received_at: dt.datetime | None) -> None:
    if received_at is not None:
        DirtyDay.objects.get_or_create(unit_id=unit_id, day=timezone.localdate(received_at))


def _events_to_days(fold_mark: FoldMark) -> None:
    """Mark the days of the dossiers with events after the fold mark, and move the mark."""
    last, touched = dossiers.events_since(fold_mark.last_event_id)
    if last > fold_mark.last_event_id:
        DirtyDay.objects.bulk_create(
            [DirtyDay(unit_id=u, day=timezone.localdate(r)) for u, r in touched if r is not None],
            ignore_conflicts=True,
        )
        FoldMark.objects.filter(pk=1).update(last_event_id=last)


def _day_q(unit_id: int, days: list[dt.date]) -> Q:
    tz = timezone.get_current_timezone()
    q = Q(pk__in=[])
    for day in days:
        start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
        q |= Q(received_at__gte=start, received_at__lt=start + dt.timedelta(days=1))
    return Q(unit_id=unit_id) & q


def _write(rows: list[dict]) -> int:
    objs = []
    for row in rows:
        spent = row.pop("spent")
        objs.append(DossierDay(**row, spent_seconds=int(spent.total_seconds()) if spent else 0))
    DossierDay.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _roll_up(days: Q) -> int:
    """Write the month rows summed from the day rows matching `days` (whole months of a unit:
    the caller deleted those month rows first). One grouped query."""
    month = TruncMonth("day", output_field=DateField())
    rows = (
        DossierDay.objects.filter(days)
        .order_by()
        .annotate(_month=month)
        .values("unit_id", "_month")
        .annotate(**{f"_{c}": Sum(c) for c in COUNT_COLUMNS})
    )
    objs = [
        DossierMonth(unit_id=r["unit_id"], month=r["_month"],
                     **{c: r[f"_{c}"] or 0 for c in COUNT_COLUMNS})
        for r in rows
    ]  # fmt: skip
    DossierMonth.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


def _locked_mark() -> FoldMark:
    """The fold mark, locked until the end of the transaction: two reports folding at once
    take turns (the second finds nothing left to fold) instead of writing the same rows twice."""
    FoldMark.objects.get_or_create(pk=1)
    return FoldMark.objects.select_for_update().get(pk=1)


def rebuild() -> int:
    """Recount the whole table and its roll-up (after an import or `danvan bench seed`)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one grouped pass: sort in memory, not on disk
                cursor.execute("SET LOCAL work_mem = '256MB'")
        _locked_mark()
        last, _touched = dossiers.events_since(None)
        DossierDay.objects.all().delete()
        DossierMonth.objects.all().delete()
        DirtyDay.objects.all().delete()
        FoldMark.objects.filter(pk=1).update(last_event_id=last)
        written = _write(dossiers.cells(Q()))
        _roll_up(Q())
        return written


def roll_up_all() -> int:
    """Sum the whole roll-up again from the day table (the migration that added it)."""
    with transaction.atomic():
        DossierMonth.objects.all().delete()
        return _roll_up(Q())


def fold(limit: int = 5000) -> int:
    """Recount the dirty days (a few grouped queries) and sum their months again from the day
    rows, in one transaction; returns how many days were folded. Nothing new (the usual case of
    a report): two small reads, no transaction and no lock."""
    seen = FoldMark.objects.filter(pk=1).values_list("last_event_id", flat=True).first()
    newest, _touched = dossiers.events_since(None)
    if seen is not None and newest <= seen and not DirtyDay.objects.exists():
        return 0
    with transaction.atomic():
        _events_to_days(_locked_mark())
        dirty = list(DirtyDay.objects.order_by("pk")[:limit])
        if not dirty:
            return 0
        by_unit: dict[int, list[dt.date]] = {}
        for d in dirty:
            by_unit.setdefault(d.unit_id, []).append(d.day)
        condition, months = Q(pk__in=[]), Q(pk__in=[])
        for unit_id, days in by_unit.items():
            condition |= _day_q(unit_id, days)
            DossierDay.objects.filter(unit_id=unit_id, day__in=days).delete()
            firsts = sorted({_first_of_month(day) for day in days})
            DossierMonth.objects.filter(unit_id=unit_id, month__in=firsts).delete()
            for first in firsts:
                months |= Q(unit_id=unit_id, day__gte=first, day__lt=_next_month(first))
        _write(dossiers.cells(condition))
        _roll_up(months)
        DirtyDay.objects.filter(pk__in=[d.pk for d in dirty]).delete()
    return len(dirty)


def _ensure_built() -> None:
    """A database that had dossiers before the tables existed (their migrations add them empty;
    0006 sums the roll-up from the day rows already there)."""
    if DossierMonth.objects.exists():
        return
    if DossierDay.objects.exists():
        roll_up_all()
    elif dossiers.settled_exist():
        rebuild()


def multi(unit, windows: list[tuple], *, by_child: bool = False, codes=None) -> list[dict]:
    """As onestop.quality.multi, from the aggregate table plus the open dossiers counted live.
    `codes`: only those figures (the drill-down's heading)."""
    codes = tuple(codes or dossiers.CODES)
    unique = list(dict.fromkeys(windows))
    if len(unique) < len(windows):  # a year's previous period is the same period last year
        counted = dict(
            zip(unique, multi(unit, unique, by_child=by_child, codes=codes), strict=True)
        )
        return [counted[w] for w in windows]
    if not enabled():
        return dossiers.multi(unit, windows, by_child=by_child, codes=codes)
    _ensure_built()
    while fold():
        pass
    stored = _stored(unit, windows, by_child, codes)
    return [
        _add(a, b, codes)
        for a, b in zip(stored, _live(unit, windows, by_child, codes), strict=True)
    ]


EMPTY_LIVE = {"children": {}, "finished": 0, "average_days": None}


def _live(unit, windows: list[tuple], by_child: bool, codes: tuple) -> list[dict]:
    """The open dossiers of each window, counted live. A window that holds none (found from the
    receipt times of the subtree's open dossiers, one small query) is left out of the big
    conditional query — at city scale every condition (component subqueries included) is
    evaluated for each open row and each window; on the SQLite demo compiling it is most of a
    dashboard's time — and when no window holds any, that query is not run."""
    if len(windows) == 1:  # (the drill-down's heading) nothing to leave out
        return dossiers.multi(
            unit, windows, by_child=by_child, only=dossiers.UNSETTLED, codes=codes
        )
    first, last = dossiers.unsettled_span(unit)
    if first is None:
        return [EMPTY_LIVE] * len(windows)
    first, last = timezone.localdate(first), timezone.localdate(last)
    wanted = [i for i, (start, end) in enumerate(windows)
              if (end is None or end >= first) and (start is None or start <= last)]  # fmt: skip
    if not wanted:
        return [EMPTY_LIVE] * len(windows)
    counted = dossiers.multi(
        unit, [windows[i] for i in wanted], by_child=by_child, only=dossiers.UNSETTLED, codes=codes
    )
    out = [EMPTY_LIVE] * len(windows)
    for i, window in zip(wanted, counted, strict=True):
        out[i] = window
    return out


def _split(start: dt.date | None, end: dt.date | None) -> tuple[tuple | None, list[tuple]]:
    """A window as (its whole months: (first month's 1st, last month's 1st), or None) and the
    days left over at either end [(first day, last day)]; None is an open end."""
    lo = start if start is None or start.day == 1 else _next_month(start)
    last = end if end is None or _next_month(end) - dt.timedelta(days=1) == end else (
        _first_of_month(end) - dt.timedelta(days=1)
    )  # fmt: skip
    if lo is not None and last is not None and lo > last:
        return None, [(start, end)]
    days = []
    if start is not None and lo != start:
        days.append((start, lo - dt.timedelta(days=1)))
    if end is not None and last != end:
        days.append((last + dt.timedelta(days=1), end))
    return (lo, None if last is None else _first_of_month(last)), days


def _range_q(field: str, lo: dt.date | None, hi: dt.date | None) -> Q:
    q = Q(**{f"{field}__isnull": False})
    if lo is not None:
        q &= Q(**{f"{field}__gte": lo})
    if hi is not None:
        q &= Q(**{f"{field}__lte": hi})
    return q


def _stored(unit, windows, by_child, codes=dossiers.CODES) -> list[dict]:
    """The settled dossiers' sums of each window: its whole months from the roll-up, the days of
    its partial months (if any) from the day table — one grouped query on each table that has
    something to read, every window's sums in it."""
    split = [_split(start, end) for start, end in windows]
    months = [[m] if m is not None else [] for m, _days in split]
    days = [d for _m, d in split]
    out = [
        {"children": {}, "finished": 0, "seconds": 0} for _w in windows
    ]  # fmt: skip
    for model, field, ranges in ((DossierMonth, "month", months), (DossierDay, "day", days)):
        for i, part in enumerate(_sums(model, field, unit, windows, ranges, by_child, codes)):
            if part is not None:
                out[i] = _plus(out[i], part, codes)
    # As one grouped query over every window gives: each child with rows in any window has its
    # (zero) figures in every window.
    keys = {key for window in out for key in window["children"]}
    zero = dict.fromkeys(codes, (0, 0))
    for window in out:
        for key in keys - set(window["children"]):
            window["children"][key] = dict(zero)
    return out


def _plus(a: dict, b: dict, codes) -> dict:
    children = {}
    for key in set(a["children"]) | set(b["children"]):
        x, y = a["children"].get(key, {}), b["children"].get(key, {})
        children[key] = {
            c: (
                x.get(c, (0, 0))[0] + y.get(c, (0, 0))[0],
                x.get(c, (0, 0))[1] + y.get(c, (0, 0))[1],
            )
            for c in codes
        }
    return {"children": children, "finished": a["finished"] + b["finished"],
            "seconds": a["seconds"] + b["seconds"]}  # fmt: skip


FAR_PAST, FAR_FUTURE = dt.date(1, 1, 1), dt.date(9999, 12, 31)


def _sums(model, field, unit, windows, ranges, by_child, codes) -> list[dict | None]:
    """Every code's columns of `model` summed for each window with `ranges` on `field`, by child
    unit when asked (None for a window with nothing to read here; no query when none has).

    One query per distinct subtree among the windows (usually one): the rows any window needs,
    selected through the ORM (the subtree condition of the registry), joined to a small table
    of the windows' ranges and grouped by (child, window), so each column is one plain SUM —
    not ~40 FILTERed SUMs per window built as Django expressions (resolving those was most of
    the roll-up's time: the SQL reads a few thousand rows)."""
    wanted = [i for i, r in enumerate(ranges) if r]
    if not wanted:
        return [None] * len(windows)
    groups: list[tuple[Q, list[int]]] = []
    for i in wanted:
        subtree = Scope(unit, *windows[i]).unit_q("unit")
        for q, members in groups:
            if q == subtree:
                members.append(i)
                break
        else:
            groups.append((subtree, [i]))
    columns = ["finished", "spent_seconds"] + [f"{s}_{c}" for c in codes for s in ("n", "d")]
    out: list[dict | None] = [None] * len(windows)
    for i in wanted:
        out[i] = {"children": {}, "finished": 0, "seconds": 0}
    for subtree, members in groups:
        for row in _grouped_sums(model, field, unit, subtree, members, ranges, by_child, columns):
            i, child, values = row[0], row[1], dict(zip(columns, row[2:], strict=True))
            part = out[i]
            part["children"][child] = {
                c: (values[f"n_{c}"] or 0, values[f"d_{c}"] or 0) for c in codes
            }
            part["finished"] += values["finished"] or 0
            part["seconds"] += values["spent_seconds"] or 0
    return out


def _grouped_sums(model, field, unit, subtree, members, ranges, by_child, columns) -> list:
    """[(window index, child path or None, *column sums)] (see _sums)."""
    rows = Q(pk__in=[])
    spans = []
    for i in members:
        for lo, hi in ranges[i]:
            rows |= _range_q(field, lo, hi)
            spans.append((i, lo or FAR_PAST, hi or FAR_FUTURE))
    child = Substr("unit__path", 1, len(unit.path) + PATH_STEP) if by_child and unit else None
    picked = model.objects.filter(subtree & rows).order_by()
    picked = picked.annotate(_child=child) if child is not None else picked
    names = (["_child"] if child is not None else []) + [field, *columns]
    inner, params = picked.values_list(*names).query.sql_with_params()
    qn = connection.ops.quote_name
    windows = " UNION ALL ".join(
        "SELECT %s AS i, %s AS lo, %s AS hi" for _span in spans
    )  # fmt: skip
    key = f"t.{qn('_child')}" if child is not None else "NULL"
    sums = ", ".join(f"SUM(t.{qn(c)})" for c in columns)
    # Only column names of the model and the ORM's own SQL in the text; values stay parameters.
    sql = (
        f"SELECT w.i, {key}, {sums} FROM ({inner}) t "  # noqa: S608
        f"JOIN ({windows}) w ON t.{qn(field)} >= w.lo AND t.{qn(field)} <= w.hi "
        f"GROUP BY w.i{', ' + key if child is not None else ''}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *(v for span in spans for v in span)])
        # PostgreSQL's SUM of a bigint is numeric (Decimal): every column is a count or seconds,
        # so integers, as SQLite gives them and as the direct query's figures are.
        return [
            (i, child_key, *(None if v is None else int(v) for v in values))
            for i, child_key, *values in cursor.fetchall()
        ]


def _add(stored: dict, live: dict, codes=dossiers.CODES) -> dict:
    children = {}
    for key in set(stored["children"]) | set(live["children"]):
        a, b = stored["children"].get(key, {}), live["children"].get(key, {})
        children[key] = {
            c: (
                a.get(c, (0, 0))[0] + b.get(c, (0, 0))[0],
                a.get(c, (0, 0))[1] + b.get(c, (0, 0))[1],
            )
            for c in codes
        }
    total = {
        c: (sum(ch[c][0] for ch in children.values()), sum(ch[c][1] for ch in children.values()))
        for c in codes
    }
    finished = stored["finished"] + live["finished"]
    seconds = stored["seconds"] + (live["average_days"] or 0) * 86400 * live["finished"]
    average = round(seconds / finished / 86400, 2) if finished else None
    return {"total": total, "children": children, "finished": finished, "average_days": average}
