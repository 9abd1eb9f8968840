"""The public rate limit (core.ratelimit): per bucket and client address, over a sliding minute."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from danvan.core.ratelimit import RateLimited, limit_public


@pytest.fixture(autouse=True, params=["cache", "database"])
def store(request, settings):
    """Every test on both stores: the per-process cache and the database rows (core.RateCount),
    the default with PostgreSQL, shared by every app process (tests/ops/test_two_processes_*)."""
    settings.RATE_LIMIT_STORE = request.param
    if request.param == "database":
        request.getfixturevalue("db")
    cache.clear()
    yield request.param
    cache.clear()


def test_the_database_store_keeps_only_the_last_two_minutes(store, monkeypatch):
    if store != "database":
        pytest.skip("the cache expires its keys itself")
    from danvan.core.models import RateCount

    now = [2_000_000 * 60.0 + 10]
    monkeypatch.setattr("danvan.core.ratelimit.time.time", lambda: now[0])
    for _ in range(5):
        now[0] += 60
        limit_public(request_from("10.0.0.9"), "lookup", per_minute=3)
    assert RateCount.objects.filter(address="10.0.0.9").count() == 2


def request_from(address: str):
    return RequestFactory().get("/tra-cuu/", REMOTE_ADDR=address)


def test_the_request_past_the_limit_is_refused_with_429():
    for _ in range(3):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=3)
    with pytest.raises(RateLimited) as exc:
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=3)
    assert exc.value.status == 429 and exc.value.code == "rate_limited"


def test_addresses_and_buckets_are_counted_apart():
    for _ in range(2):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=2)
    limit_public(request_from("10.0.0.2"), "lookup", per_minute=2)
    limit_public(request_from("10.0.0.1"), "payment", per_minute=2)
    with pytest.raises(RateLimited):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=2)


def test_room_comes_back_as_the_last_minute_slides_past(monkeypatch):
    now = [1_000_000 * 60.0 + 30]  # half-way through a minute
    monkeypatch.setattr("danvan.core.ratelimit.time.time", lambda: now[0])
    for _ in range(4):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=4)
    with pytest.raises(RateLimited):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=4)
    now[0] += 45  # 15 s into the next minute: 4 x 3/4 = 3 still count, room for one
    limit_public(request_from("10.0.0.1"), "lookup", per_minute=4)
    with pytest.raises(RateLimited):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=4)
    now[0] += 120  # two minutes later nothing counts
    for _ in range(4):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=4)


def test_a_burst_across_a_minute_boundary_gets_no_second_allowance(monkeypatch):
    now = [1_000_000 * 60.0 + 59.5]
    monkeypatch.setattr("danvan.core.ratelimit.time.time", lambda: now[0])
    for _ in range(5):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=5)
    now[0] += 1  # the next minute has begun
    with pytest.raises(RateLimited):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=5)


def test_refused_requests_are_not_counted(monkeypatch):
    now = [1_000_000 * 60.0]
    monkeypatch.setattr("danvan.core.ratelimit.time.time", lambda: now[0])
    limit_public(request_from("10.0.0.1"), "lookup", per_minute=1)
    for _ in range(10):
        with pytest.raises(RateLimited):
            limit_public(request_from("10.0.0.1"), "lookup", per_minute=1)
    now[0] += 61  # only the one admitted request weighs on the next minute: 59/60 + 1 > 1
    with pytest.raises(RateLimited):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=1)
    now[0] += 30  # 31 s in: 29/60 + 1 > 1 still; at 60 s into it the minute is clear
    now[0] += 29
    limit_public(request_from("10.0.0.1"), "lookup", per_minute=1)


def test_the_default_limit_comes_from_settings(settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 1
    limit_public(request_from("10.0.0.9"), "prefill")
    with pytest.raises(RateLimited):
        limit_public(request_from("10.0.0.9"), "prefill")


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_public_request_is_counted_in_one_statement_without_a_flush_wait(store):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if store != "database" or connection.vendor != "postgresql":
        pytest.skip("the one-statement count is PostgreSQL's")
    limit_public(request_from("10.0.0.7"), "lookup", per_minute=5)  # the minute's first: cleans
    with CaptureQueriesContext(connection) as queries:
        limit_public(request_from("10.0.0.7"), "lookup", per_minute=5)
    (only,) = queries.captured_queries
    assert "ON CONFLICT" in only["sql"] and "synchronous_commit" in only["sql"]
    from danvan.core.models import RateCount

    assert RateCount.objects.get(address="10.0.0.7").count == 2
