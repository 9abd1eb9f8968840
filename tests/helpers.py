"""Test helpers shared by every app."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def today() -> dt.date:
    """The date in Hà Nội now, read when used: a module-level constant taken at import goes
    stale when a run crosses local midnight (17:00 UTC), and the server's "today" moves on."""
    return timezone.localdate()


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def assert_queries_do_not_grow(make_rows, call, *, small: int = 2, large: int = 12) -> None:
    """Call `call()` with `small` rows, then with `large`; the number of queries must not grow.

    `make_rows(n)` adds n more rows to what the call lists. Catches N+1 queries in list endpoints.
    """
    make_rows(small)
    few = count_queries(call)
    make_rows(large - small)
    many = count_queries(call)
    assert many <= few, f"queries grew with rows: {few} for {small} rows, {many} for {large}"


def save_result_draft(dossier, by) -> None:
    """What the specialist does before "Trình lãnh đạo ký duyệt": save the result's draft (the
    template filled from the dossier, any blank the dossier cannot fill typed in); once only."""
    from danvan.onestop import drafting

    if drafting.has_draft(dossier):
        return
    template, values, version = drafting.current(dossier)
    for f in template.fields:
        if f.required and not values.get(f.name):
            values[f.name] = "1990-01-15" if f.kind == "date" else "Nội dung do chuyên viên nhập"
    drafting.save(dossier.pk, values, by=by, expected_version=version)
