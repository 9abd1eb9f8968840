"""Shared fixtures: the demo world (units, organizations, personas) loaded once per session,
and logged-in clients for each persona (healthchecks' alice/bob/charlie, here by role)."""

import os

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import hashers
from django.core.management import call_command
from django.test import Client

from danvan.accounts.models import User
from danvan.accounts.services import create_token
from tests.snapshot import Snapshot

# Passwords and signing PINs hashed cheaply in tests (PBKDF2 at 1,000,000 iterations costs ~0.2 s
# per hash, minutes over the suite). Settings are loaded before this file, so the list is set here
# too; the environment variable reaches the worker processes tests start (danvan/settings.py).
os.environ["DANVAN_TEST_FAST_HASHING"] = "1"
django_settings.PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
hashers.get_hashers.cache_clear()
hashers.get_hashers_by_algorithm.cache_clear()

PERSONAS = [
    "admin",
    "clerk.hoankiem",
    "specialist.hoankiem",
    "leader.hoankiem",
    "seal.hoankiem",
    "mobilizer.hoankiem",
    "clerk.bavi",
    "leader.bavi",
    "front.hanoi",
    "mobilizer.hanoi",
    "reporter.hanoi",
    "front.hoankiem",
    "judge.hanoi",
    "petitions.hoankiem",
    "chairman.hoankiem",
]


def load_demo_world() -> None:
    call_command("demo", force=True, verbosity=0, stdout=_Null())


class _Null:
    def write(self, *_):
        pass

    def flush(self):
        pass


_SNAPSHOT: list[Snapshot] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo_world()
        _SNAPSHOT.append(Snapshot())
    yield
    with django_db_blocker.unblock():
        _end_other_sessions()


def _flushes(item) -> bool:
    """Whether a test's teardown empties the database (transactional tests, live servers)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the demo world back after a test that emptied the database, unless the next test
    empties it too (it restores it itself through demo_world_tx), or there is none (the session
    fixtures, the test database included, are torn down inside the last teardown). Serial runs order the
    transactional tests last, but pytest-xdist hands files to its workers in collection order,
    so an ordinary test may come after a transactional one in the same worker."""
    yield
    if _SNAPSHOT and _flushes(item) and nextitem is not None and not _flushes(nextitem):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _SNAPSHOT[0].restore()


def _end_other_sessions() -> None:
    """A worker process killed on purpose, or a server thread, may leave a PostgreSQL session open;
    end them so the test database can be dropped instead of being left behind."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(autouse=True)
def _second_factor_off(settings):
    """OTP_REQUIRED is on by default (production and the demo). Tests log personas in with
    force_login, which proves no second factor; tests/ops/test_otp.py turns it back on."""
    settings.OTP_REQUIRED = False


@pytest.fixture
def demo_world_tx(transactional_db):
    """For tests that need committed data (threads, processes): the session's demo world, put
    back from the copy taken after it was loaded (the previous transactional test emptied it)."""
    _SNAPSHOT[0].restore()


@pytest.fixture
def persona(db):
    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def client_as(db):
    """A browser client logged in as the persona."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


class ApiClient:
    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path, **extra):
        return self.client.get(path, **{**self.headers, **extra})

    def delete(self, path, **extra):
        return self.client.delete(path, **{**self.headers, **extra})

    def post(self, path, data=None, content_type="application/json", **extra):
        return self._send("post", path, data, content_type, extra)

    def put(self, path, data=None, content_type="application/json", **extra):
        return self._send("put", path, data, content_type, extra)

    def patch(self, path, data=None, content_type="application/json", **extra):
        return self._send("patch", path, data, content_type, extra)

    def _send(self, method, path, data, content_type, extra):
        if content_type is None:
            return getattr(self.client, method)(path, data or {}, **{**self.headers, **extra})
        return getattr(self.client, method)(
            path, data, content_type=content_type, **{**self.headers, **extra}
        )


@pytest.fixture
def api_as(db):
    """An API client with a fresh bearer token for the persona (None: anonymous)."""

    def make(username: str | None) -> ApiClient:
        if username is None:
            return ApiClient(None)
        return ApiClient(create_token(User.objects.get(username=username)))

    return make


def error_code(response) -> str:
    return response.json()["error"]["code"]


@pytest.fixture(autouse=True)
def _vietnamese_again_after_each_test():
    """A test that switches the language (a request in English, translation.override left open)
    must not leave the next test's messages in English: every test starts and ends in Vietnamese."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _cold_local_cache():
    """units.calendar keeps rules in the process-local cache (settings CACHES["local"]): every
    test starts cold, as the query-count budgets assume, whatever ran before it."""
    from django.core.cache import caches

    caches["local"].clear()
    yield
    caches["local"].clear()


@pytest.fixture(scope="session", autouse=True)
def _process_memory_cache():
    """The suite runs in one process per worker: its default cache lives in that process's memory
    (the per-test fixtures clear it without a database), whatever the production default is — the
    database with PostgreSQL (tests/core/test_stateless_settings.py checks that setting, and the
    two-process test runs real servers with it)."""
    from django.test import override_settings

    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    with override_settings(CACHES={**django_settings.CACHES, "default": memory}):
        yield
