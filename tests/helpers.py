"""Test helpers shared by every app."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


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
