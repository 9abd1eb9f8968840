"""The public rate limit (core.ratelimit): per bucket and client address, per minute window."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from danvan.core.ratelimit import RateLimited, limit_public


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


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


def test_the_next_minute_starts_a_new_window(monkeypatch):
    now = [1_000_000 * 60.0]
    monkeypatch.setattr("danvan.core.ratelimit.time.time", lambda: now[0])
    limit_public(request_from("10.0.0.1"), "lookup", per_minute=1)
    with pytest.raises(RateLimited):
        limit_public(request_from("10.0.0.1"), "lookup", per_minute=1)
    now[0] += 60
    limit_public(request_from("10.0.0.1"), "lookup", per_minute=1)


def test_the_default_limit_comes_from_settings(settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 1
    limit_public(request_from("10.0.0.9"), "prefill")
    with pytest.raises(RateLimited):
        limit_public(request_from("10.0.0.9"), "prefill")
