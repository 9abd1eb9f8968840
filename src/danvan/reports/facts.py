"""The aggregate table behind the city-scale reports: settled dossiers counted by unit and day of
receipt (every service-quality condition), kept up to date incrementally — the next report first
folds the dossier events written since the last fold (each transition writes one: their dossiers'
days are recounted) and the days marked dirty by writers outside the workflow (`mark`). Nothing
is added to a transition. Dossiers still open (their end time is the period's end) are counted
live, in the same one-query form, and added."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from danvan.core.indicators import PATH_STEP, Scope
from danvan.onestop import quality as dossiers
from danvan.reports.models import DirtyDay, DossierDay, FoldMark


def enabled() -> bool:
    return getattr(settings, "REPORTS_FACTS", True)


def mark(unit_id: int, received_at: dt.datetime | None) -> None:
    if received_at is not None:
        DirtyDay.objects.get_or_create(unit_id=unit_id, day=timezone.localdate(received_at))


def _events_to_days() -> None:
    """Mark the days of the dossiers with events after the fold mark, and move the mark."""
    fold_mark, _ = FoldMark.objects.get_or_create(pk=1)
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


def rebuild() -> int:
    """Recount the whole table (after an import or `danvan bench seed`)."""
    with transaction.atomic():
        last, _touched = dossiers.events_since(None)
        DossierDay.objects.all().delete()
        DirtyDay.objects.all().delete()
        FoldMark.objects.update_or_create(pk=1, defaults={"last_event_id": last})
        return _write(dossiers.cells(Q()))


def fold(limit: int = 5000) -> int:
    """Recount the dirty days (a few grouped queries); returns how many days were folded."""
    _events_to_days()
    dirty = list(DirtyDay.objects.order_by("pk")[:limit])
    if not dirty:
        return 0
    by_unit: dict[int, list[dt.date]] = {}
    for d in dirty:
        by_unit.setdefault(d.unit_id, []).append(d.day)
    with transaction.atomic():
        condition = Q(pk__in=[])
        for unit_id, days in by_unit.items():
            condition |= _day_q(unit_id, days)
            DossierDay.objects.filter(unit_id=unit_id, day__in=days).delete()
        _write(dossiers.cells(condition))
        DirtyDay.objects.filter(pk__in=[d.pk for d in dirty]).delete()
    return len(dirty)


def _ensure_built() -> None:
    """A database that had dossiers before this table existed (the migration adds it empty)."""
    if not DossierDay.objects.exists() and dossiers.settled_exist():
        rebuild()


def multi(unit, windows: list[tuple], *, by_child: bool = False) -> list[dict]:
    """As onestop.quality.multi, from the aggregate table plus the open dossiers counted live."""
    if not enabled():
        return dossiers.multi(unit, windows, by_child=by_child)
    _ensure_built()
    while fold():
        pass
    live = dossiers.multi(unit, windows, by_child=by_child, only=dossiers.UNSETTLED)
    stored = _stored(unit, windows, by_child)
    return [_add(a, b) for a, b in zip(stored, live, strict=True)]


def _stored(unit, windows, by_child) -> list[dict]:
    scopes = [Scope(unit, start, end) for start, end in windows]
    inside = [s.unit_q("unit") & s.period_q(DossierDay, "day") for s in scopes]
    any_period = Q(pk__in=[])
    for q in inside:
        any_period |= q
    sums = {}
    for i, q in enumerate(inside):
        for code in dossiers.CODES:
            sums[f"p{i}_{code}__n"] = Sum(f"n_{code}", filter=q)
            sums[f"p{i}_{code}__d"] = Sum(f"d_{code}", filter=q)
        sums[f"p{i}__finished"] = Sum("finished", filter=q)
        sums[f"p{i}__seconds"] = Sum("spent_seconds", filter=q)
    qs = DossierDay.objects.filter(any_period)
    if by_child and unit is not None:
        key = Substr("unit__path", 1, len(unit.path) + PATH_STEP)
        rows = list(qs.order_by().annotate(_child=key).values("_child").annotate(**sums))
    else:
        rows = [qs.aggregate(**sums) | {"_child": None}]
    out = []
    for i in range(len(windows)):
        children = {
            r["_child"]: {
                c: (r[f"p{i}_{c}__n"] or 0, r[f"p{i}_{c}__d"] or 0) for c in dossiers.CODES
            }
            for r in rows
        }
        finished = sum(r[f"p{i}__finished"] or 0 for r in rows)
        seconds = sum(r[f"p{i}__seconds"] or 0 for r in rows)
        out.append({"children": children, "finished": finished, "seconds": seconds})
    return out


def _add(stored: dict, live: dict) -> dict:
    children = {}
    for key in set(stored["children"]) | set(live["children"]):
        a, b = stored["children"].get(key, {}), live["children"].get(key, {})
        children[key] = {
            c: (
                a.get(c, (0, 0))[0] + b.get(c, (0, 0))[0],
                a.get(c, (0, 0))[1] + b.get(c, (0, 0))[1],
            )
            for c in dossiers.CODES
        }
    total = {
        c: (sum(ch[c][0] for ch in children.values()), sum(ch[c][1] for ch in children.values()))
        for c in dossiers.CODES
    }
    finished = stored["finished"] + live["finished"]
    seconds = stored["seconds"] + (live["average_days"] or 0) * 86400 * live["finished"]
    average = round(seconds / finished / 86400, 2) if finished else None
    return {"total": total, "children": children, "finished": finished, "average_days": average}
