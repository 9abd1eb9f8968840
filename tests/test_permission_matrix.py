"""Every page and API operation, for every demo persona and an anonymous visitor."""

import json

import pytest
from django.urls import URLResolver, get_resolver

from danvan.api.main import api
from tests.conftest import PERSONAS
from tests.matrix import Entry, all_entries, all_placeholders

ENTRIES = all_entries()
SKIP_ROUTES = ("api/", "quan-tri/", "static/", "media/")


def _page_routes() -> set[str]:
    found: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIP_ROUTES):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            else:
                found.add(route)

    walk(get_resolver().url_patterns, "")
    return found


def _api_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def test_every_page_has_a_matrix_entry():
    declared = {e.path for e in ENTRIES if not e.is_api}
    missing = sorted(_page_routes() - declared)
    assert not missing, f"pages with no permission-matrix entry: {missing}"


def test_every_api_operation_has_a_matrix_entry():
    declared = {(e.method, e.path) for e in ENTRIES if e.is_api}
    missing = sorted(_api_operations() - declared)
    assert not missing, f"API operations with no permission-matrix entry: {missing}"


def _url(entry: Entry) -> str:
    url = entry.url()
    for placeholder, resolve in all_placeholders().items():
        if placeholder in url:
            url = url.replace(placeholder, resolve())
    return url


def _request(entry: Entry, username, client_as, api_as):
    url = _url(entry)
    if entry.is_api:
        client = api_as(username)
        if entry.method == "GET":
            return client.get(url)
        payload = json.dumps(entry.body or {})
        return getattr(client, entry.method.lower())(url, payload)
    from django.test import Client

    client = client_as(username) if username else Client()
    if entry.method == "GET":
        return client.get(url)
    return client.post(url, entry.body or {})


CASES = [(e, who) for e in ENTRIES for who in [None, *PERSONAS]]


@pytest.mark.parametrize(
    ("entry", "username"),
    CASES,
    ids=[f"{e.method} {e.path or '/'} as {who or 'anonymous'}" for e, who in CASES],
)
def test_matrix(entry: Entry, username, client_as, api_as, settings):
    # Thousands of requests from one address in a few minutes: the public rate limit (tested on
    # its own in tests/core) would answer 429 depending on how fast the machine runs the matrix.
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 1_000_000
    response = _request(entry, username, client_as, api_as)
    status = response.status_code
    assert status != 500, response.content[:300]
    if entry.allows(username):
        assert status < 400 or status in entry.ok, (status, response.content[:300])
        return
    if username is None and entry.is_api:
        assert status == 401, (status, response.content[:200])
        assert response.json()["error"]["code"].startswith("auth")
    elif username is None:
        # Officials' pages send to the officials' sign-in, citizens' pages to the citizens'.
        signs_in = ("/tai-khoan/dang-nhap/", "/nop-truc-tuyen/dang-nhap/")
        assert status == 302 and any(p in response["Location"] for p in signs_in), status
    else:
        assert status in entry.denied, (status, response.content[:200])
        if entry.is_api:
            assert "error" in response.json()
