"""The officials' dossier lists (API GET /api/v1/dossiers, the find page, the handler's queue):
one default order and its keyset (api.pagination.Keyset), and scope filters on unit ids.

Default order: open dossiers first, the earliest due date first (those without a due date — no-
wait dossiers, online registrations not yet received — after them, oldest first); then closed
dossiers, the most recently received first. Each segment has its own partial index (see
Dossier.Meta.indexes), so the first page and a deep page cost the same.

A list filtered on the received date uses RECEIVED_LIST instead (the range bounds its indexes).

Scope: the units are resolved to ids first (one query on units_unit) and the dossiers filtered
on `unit_id IN (...)` (consecutive ids as ranges, see ids_q): the planner can then use the per-unit indexes for a ward, which a join on
`units_unit.path LIKE '…%'` prevents (it walked the city-wide index for a ward's first page)."""

from django.db.models import Q

from danvan.accounts import scope
from danvan.api.pagination import Keyset, Segment
from danvan.onestop.states import CLOSED, OPEN
from danvan.units.models import Unit

OPEN_VALUES = sorted(s.value for s in OPEN)
CLOSED_VALUES = sorted(s.value for s in CLOSED)

DOSSIER_LIST = Keyset(
    Segment(Q(status__in=OPEN_VALUES, due_at__isnull=False), ("due_at", "id"), "open_due"),
    Segment(Q(status__in=OPEN_VALUES, due_at__isnull=True), ("id",), "open_undated"),
    Segment(
        Q(status__in=CLOSED_VALUES, received_at__isnull=False), ("-received_at", "-id"), "closed"
    ),
    Segment(Q(status__in=CLOSED_VALUES, received_at__isnull=True), ("-id",), "closed_unreceived"),
)

# The handler's own queue (Hồ sơ của tôi): the open segments of the default order — the overdue
# first since they are the earliest due — served by `dossier_mine_open_due`.
MY_QUEUE = Keyset(*DOSSIER_LIST.segments[:2])

# A list filtered on the received date (?from=&to=): open first, then closed, each the most
# recently received first. The range then bounds the walk of `dossier_open_recv` /
# `dossier_closed_recv` (or their per-unit twins); in the default order an old month's open
# dossiers were looked for along the whole open segment's due-date index (156–345 ms at 3M).
RECEIVED_LIST = Keyset(
    Segment(
        Q(status__in=OPEN_VALUES, received_at__isnull=False), ("-received_at", "-id"), "open_recv"
    ),
    Segment(
        Q(status__in=CLOSED_VALUES, received_at__isnull=False), ("-received_at", "-id"), "closed"
    ),
)


def unit_ids_q(user, roles, *, under: Unit | None = None) -> Q:
    """`unit_id IN (ids)` for the units the user covers with `roles` (and under `under`)."""
    units = scope.visible_units(user, roles)
    if under is not None:
        units = units.filter(path__startswith=under.path)
    elif scope.covered_paths(user, roles) is None:  # superuser, no unit asked: no filter at all
        return Q()
    return ids_q(sorted(units.order_by().values_list("id", flat=True)))


RUN = 3  # consecutive ids from which a range is cheaper to plan than the list


def ids_q(ids: list[int]) -> Q:
    """`unit_id` in `ids` (sorted), each run of consecutive ids as one BETWEEN and the others as
    one IN list: exactly the same rows, but the planner estimates a handful of ranges where it
    estimated every id of the list for every candidate index — Hà Nội's 687 units planned in
    11–28 ms per query as a list, 1.3–1.7 ms as its 5 runs (3M dossiers), and a first page plans
    three queries (the page, the COUNT, the estimate)."""
    runs, singles, start = [], [], 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[i - 1] + 1:
            if i - start >= RUN:
                runs.append((ids[start], ids[i - 1]))
            else:
                singles += ids[start:i]
            start = i
    q = Q(unit_id__in=singles) if singles or not runs else Q()
    for low, high in runs:
        q |= Q(unit_id__gte=low, unit_id__lte=high)
    return q
