"""Pagination for every list.

Two shapes:

- ``paginate`` — ?page=&page_size= (max 500): OFFSET and an exact COUNT. Fine for small lists
  (units, procedures, a person's documents); kept as is.
- ``Keyset`` — ?cursor=&page_size= for the big lists (dossiers): a page starts after the last row
  of the previous one, named by an opaque cursor, so page 10,000 costs what page 1 costs (an index
  range scan, no OFFSET), and rows inserted meanwhile are neither repeated nor skipped. The order
  is a sequence of *segments* (e.g. open dossiers by due date, then the closed ones newest
  first); each segment is a filter and a unique ordering of non-NULL columns, served by its own
  index. The total is counted exactly up to ``COUNT_EXACT_UP_TO`` rows and estimated beyond
  (PostgreSQL's planner estimate; SQLite counts exactly), so no page pays for a full COUNT.
  ``page`` still works on a keyset list for compatibility (OFFSET in the same order); new
  clients should follow ``next_cursor``.
"""

import base64
import binascii
import datetime as dt
import json
import math
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import BooleanField, Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from ninja import Schema
from pydantic import Field

from danvan.core.errors import Invalid

MAX_PAGE_SIZE = 500
COUNT_EXACT_UP_TO = 1000  # beyond: an estimate (`count_exact` false)
BAD_CURSOR = "page.bad_cursor"


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class CursorParams(Schema):
    cursor: str | None = Field(
        None, max_length=300, description="`next_cursor` của trang trước; bỏ trống: trang đầu"
    )
    page: int | None = Field(
        None,
        ge=1,
        le=1_000_000,
        description="số trang (cách cũ, giữ để tương thích; chậm ở trang sâu)",
    )
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


def paginate(queryset, params: PageParams, serialize) -> dict:
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    rows = list(queryset[start : start + params.page_size])
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": max(1, math.ceil(count / params.page_size)),
        "items": [serialize(row) for row in rows],
    }


# --- keyset -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """The rows of a list matching `where`, ordered by `order` (field names, "-" for descending).
    The last field must make the order unique (the primary key) and none may be NULL within the
    segment (put ``field__isnull=False`` in `where`)."""

    where: Q
    order: tuple[str, ...]
    name: str = ""

    def fields(self) -> list[tuple[str, bool]]:
        return [(o.lstrip("-"), o.startswith("-")) for o in self.order]


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str
    count: int | None
    count_exact: bool | None
    page: int | None = None
    pages: int | None = None
    segments_of_rows: list = field(default_factory=list)
    cursor: str = ""  # the cursor this page started after ("" for the first page)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def _plain(value):
    """A cursor value as JSON: dates and times in full ISO form (DjangoJSONEncoder would cut the
    microseconds, and the next page would then repeat the row)."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


class Keyset:
    """One list's order as segments; see the module docstring."""

    def __init__(self, *segments: Segment):
        if not segments:
            raise ValueError("a keyset needs at least one segment")
        self.segments = segments
        self._places_sql: dict = {}  # (model, database) -> compiled places query (PostgreSQL)

    # cursors: urlsafe base64 of JSON [segment, [values of the last row's order fields]]

    def encode(self, index: int, row) -> str:
        values = [getattr(row, "pk" if f == "pk" else f) for f, _ in self.segments[index].fields()]
        raw = json.dumps([index, [_plain(v) for v in values]], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(self, model, cursor: str) -> tuple[int, list]:
        """(segment, values) of a cursor; Invalid (422, page.bad_cursor) for one that is not ours."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            index, values = json.loads(raw)
            segment = self.segments[index]
            names = segment.fields()
            if not isinstance(index, int) or index < 0 or len(values) != len(names):
                raise ValueError
            parsed = []
            for (name, _), value in zip(names, values, strict=True):
                model_field = (
                    model._meta.pk if name in ("pk", "id") else model._meta.get_field(name)
                )
                if value is None:
                    raise ValueError
                parsed.append(model_field.to_python(value))
            return index, parsed
        except (ValueError, TypeError, IndexError, KeyError, binascii.Error, ValidationError,
                UnicodeDecodeError, json.JSONDecodeError):  # fmt: skip
            raise Invalid(
                BAD_CURSOR,
                "Con trỏ trang không hợp lệ (cursor): hãy tải lại danh sách từ trang đầu.",
            ) from None

    @staticmethod
    def after(segment: Segment, values: list) -> Q:
        """Rows strictly after `values` in the segment's order, as an OR of prefixes, plus the bare
        bound on the first column (without it PostgreSQL may walk the index from the top)."""
        names = segment.fields()
        q = Q()
        for i, (name, desc) in enumerate(names):
            step = Q(**{f"{n}": v for (n, _), v in zip(names[:i], values[:i], strict=True)})
            step &= Q(**{f"{name}__{'lt' if desc else 'gt'}": values[i]})
            q |= step
        first, desc = names[0]
        return q & Q(**{f"{first}__{'lte' if desc else 'gte'}": values[0]})

    def page(
        self, qs: QuerySet, cursor: str | None, size: int, *, count: bool = True
    ) -> KeysetPage:
        """One page after `cursor`; the total (`counted`) on the first page when `count`."""
        start, values = self.decode(qs.model, cursor) if cursor else (0, None)
        rows: list = []
        for index in range(start, len(self.segments)):
            segment = self.segments[index]
            part = qs.filter(segment.where)
            if index == start and values is not None:
                part = part.filter(self.after(segment, values))
            got = list(part.order_by(*segment.order)[: size + 1 - len(rows)])
            rows += [(index, row) for row in got]
            if len(rows) > size:
                break
        more = len(rows) > size
        rows = rows[:size]
        # The total on the first page only: a client walking on with the cursor has it already.
        count, exact = counted(qs) if values is None and count else (None, None)
        return KeysetPage(
            [r for _, r in rows],
            self.encode(*rows[-1]) if more else "",
            count,
            exact,
            segments_of_rows=[i for i, _ in rows],
            cursor=cursor or "",
        )

    def page_of(
        self, qs: QuerySet, ids: list, cursor: str | None, size: int, *, page: int | None = None
    ) -> KeysetPage:
        """One page of a few known rows (a search's matches, at most a thousand ids) in the list's
        order: the rows' places (primary key and segment, sorted by the database) in one query,
        cut here, then the page's rows in a second — not one query per segment over the ids, nor
        a COUNT (the total is exact: the rows of `ids` that are in the list). `page` (without a
        cursor): the old ?page= form."""
        places = self._places(qs, ids)
        total = len(places)
        if cursor:
            places = self._after_cursor(qs, ids, places, cursor)
        elif page is not None:
            places = places[(page - 1) * size :]
        taken = places[: size + 1]
        more = len(taken) > size and page is None
        taken = taken[:size]
        by_pk = qs.in_bulk([pk for pk, _ in taken]) if taken else {}
        rows = [by_pk[pk] for pk, _ in taken if pk in by_pk]
        return KeysetPage(
            rows,
            self.encode(taken[-1][1], by_pk[taken[-1][0]]) if more else "",
            None if cursor else total,
            None if cursor else True,
            page=page if not cursor else None,
            pages=max(1, math.ceil(total / size)) if page is not None and not cursor else None,
            segments_of_rows=[segment for pk, segment in taken if pk in by_pk],
            cursor=cursor or "",
        )

    def _rank(self) -> Case:
        return Case(
            *[When(s.where, then=Value(i)) for i, s in enumerate(self.segments)],
            default=Value(None),
            output_field=IntegerField(),
        )

    def _places(self, qs: QuerySet, ids: list, after: Q | None = None) -> list[tuple]:
        """[(pk, segment)] of the rows of `ids` in the list (and `after`, on the segment as
        `_segment`), in its order (sorted in SQL)."""
        if not ids:
            return []
        if after is None and not qs.query.where and connections[qs.db].vendor == "postgresql":
            return self._places_of_all(qs, ids)
        rows = self.ordered(qs.filter(pk__in=ids)).annotate(_segment=self._rank())
        rows = rows.filter(_segment__isnull=False)
        if after is not None:
            rows = rows.filter(after)
        return list(rows.values_list("pk", "_segment"))

    def _places_of_all(self, qs: QuerySet, ids: list) -> list[tuple]:
        """`_places` of an unfiltered queryset (a search's ids, already in scope) on PostgreSQL:
        the ids go in as one array parameter, so the statement is the same for every search and is
        compiled once per list — compiling its CASE expressions was a third of a search's CPU."""
        key = (qs.model, qs.db)
        if key not in self._places_sql:
            marker = object()
            meta = qs.model._meta
            any_of = RawSQL(  # noqa: S611 - our model's own table and column; ids a parameter
                f'"{meta.db_table}"."{meta.pk.column}" = ANY(%s)', (marker,), BooleanField()
            )
            rows = self.ordered(qs.model._default_manager.db_manager(qs.db).filter(any_of))
            rows = rows.annotate(_segment=self._rank()).filter(_segment__isnull=False)
            sql, params = rows.values_list("pk", "_segment").query.sql_with_params()
            self._places_sql[key] = (sql, list(params), marker)
        sql, params, marker = self._places_sql[key]
        with connections[qs.db].cursor() as cursor:
            cursor.execute(sql, [list(ids) if p is marker else p for p in params])
            return [tuple(row) for row in cursor.fetchall()]

    def _after_cursor(self, qs: QuerySet, ids: list, places: list, cursor: str) -> list[tuple]:
        """The places after the cursor: after its row (the last order field is the primary key),
        or, when that row has left the list, after its values (the keyset's own `after`)."""
        start, values = self.decode(qs.model, cursor)
        for i, place in enumerate(places):
            if place == (values[-1], start):
                return places[i + 1 :]
        later = Q(_segment__gt=start) | (
            Q(_segment=start) & self.after(self.segments[start], values)
        )
        return self._places(qs, ids, later)

    def ordered(self, qs: QuerySet) -> QuerySet:
        """The same order as one ORDER BY (for ?page=, OFFSET): the segment's rank, then each
        segment's own columns (NULL outside it)."""
        rank = Case(
            *[When(s.where, then=Value(i)) for i, s in enumerate(self.segments)],
            default=Value(len(self.segments)),
            output_field=IntegerField(),
        )
        keys = [rank.asc()]
        for s in self.segments:
            for name, desc in s.fields():
                value = Case(When(s.where, then=F(name)))
                keys.append(value.desc(nulls_last=True) if desc else value.asc(nulls_last=True))
        return qs.order_by(*keys)

    def offset_page(self, qs: QuerySet, page: int, size: int) -> KeysetPage:
        count, exact = counted(qs)
        start = (page - 1) * size
        rows = list(self.ordered(qs)[start : start + size])
        return KeysetPage(rows, "", count, exact, page=page, pages=max(1, math.ceil(count / size)))

    def paginate(self, qs: QuerySet, params: CursorParams, serialize, *, ids=None) -> dict:
        """The API's page; `ids`: the list is only those rows (a search's matches, see page_of)."""
        if ids is not None:
            found = self.page_of(qs, ids, params.cursor, params.page_size, page=params.page)
        elif params.page is not None and not params.cursor:
            found = self.offset_page(qs, params.page, params.page_size)
        else:
            found = self.page(qs, params.cursor, params.page_size)
        return {
            "count": found.count,
            "count_exact": found.count_exact,
            "page": found.page,
            "pages": found.pages,
            "page_size": params.page_size,
            "next_cursor": found.next_cursor,
            "items": [serialize(row) for row in found],
        }


def counted(qs: QuerySet, exact_up_to: int = COUNT_EXACT_UP_TO) -> tuple[int, bool]:
    """(count, exact): exact up to `exact_up_to` rows (a COUNT over a LIMIT, so it reads at most
    that many index entries); beyond, PostgreSQL's planner estimate for the whole filter (never
    below the bound). SQLite (one ward) counts exactly."""
    plain = qs.order_by().values("pk")
    n = plain[: exact_up_to + 1].count()
    if n <= exact_up_to:
        return n, True
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return qs.count(), True
    sql, params = plain.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    estimate = int(plan[0]["Plan"]["Plan Rows"])
    return max(estimate, exact_up_to + 1), False
