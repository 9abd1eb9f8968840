"""A calendar change is used by every app process as soon as it is committed (issue #14): the
rules cached in each process are keyed by the token of the one CalendarVersion row, replaced in
the same transaction as the change, and read once per request (or at every use outside one).

On SQLite the second process is simulated: its own process-memory cache and its own context
(the request scope lives in a ContextVar). On PostgreSQL a real second Python process keeps
answering from its own cache while this one commits the change.
"""

import contextvars
import datetime as dt
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.test import Client

from danvan.units import calendar
from danvan.units.models import CalendarOverride, CalendarVersion, WorkingCalendar
from danvan.units.services import current_unit
from danvan.workcal import is_working_day

THURSDAY = dt.date(2026, 12, 10)


class Process:
    """What another app process has of its own: a process-memory cache and its context vars
    (one request at a time, like a gunicorn worker thread)."""

    def __init__(self, monkeypatch):
        self.cache = LocMemCache("other-process", {})
        self.context = contextvars.copy_context()
        self.monkeypatch = monkeypatch

    def _in(self, fn):
        with self.monkeypatch.context() as m:
            m.setattr(calendar, "cache", self.cache)
            return self.context.run(fn)

    def request(self, fn):
        def scoped():
            calendar.begin_request()
            try:
                return fn()
            finally:
                calendar.end_request()

        return self._in(scoped)

    def working(self, unit, day=THURSDAY) -> bool:
        return self.request(lambda: is_working_day(day, calendar.rules_for(unit)))


@pytest.mark.django_db
def test_another_process_uses_a_new_day_off_at_its_next_request(monkeypatch):
    unit = current_unit("00070")
    other = Process(monkeypatch)
    assert other.working(unit)  # its cache now holds the rules without the closure
    CalendarOverride.objects.create(unit=unit, day=THURSDAY, kind="day_off", reason="Bầu cử")
    assert not other.working(unit)  # no forget(), no waiting for a timeout
    assert not is_working_day(THURSDAY, calendar.rules_for(unit))  # and this process too


@pytest.mark.django_db
def test_editing_and_deleting_an_override_and_office_hours_count_as_changes(monkeypatch):
    unit = current_unit("00070")
    saturday = dt.date(2026, 12, 12)
    other = Process(monkeypatch)
    assert not other.working(unit, saturday)
    made_up = CalendarOverride.objects.create(unit=unit, day=saturday, kind="working_day")
    assert other.working(unit, saturday)
    made_up.kind = "day_off"
    made_up.save()
    assert not other.working(unit, saturday)
    made_up.delete()
    assert not other.working(unit, saturday)
    before = CalendarVersion.objects.get(pk=1).token
    WorkingCalendar.objects.create(unit=unit, periods=[["07:00", "11:30"], ["13:30", "17:00"]])
    assert CalendarVersion.objects.get(pk=1).token != before
    opening = other.request(lambda: calendar.rules_for(unit).opening)
    assert opening == dt.time(7)


@pytest.mark.django_db
def test_one_request_reads_the_version_once_and_keeps_one_calendar(monkeypatch):
    unit = current_unit("00070")
    other = Process(monkeypatch)
    seen = []

    def during_a_change():
        from django.test.utils import CaptureQueriesContext

        calendar.rules_for(unit)
        with CaptureQueriesContext(connection) as queries:
            for _ in range(50):  # a list page asks once per row
                calendar.rules_for(unit)
        seen.append(len(queries))
        # another process commits a closure in the middle of this request (same connection on
        # SQLite, so done through the outer process's context): this request keeps its token
        contextvars.Context().run(
            CalendarOverride.objects.create, unit=unit, day=THURSDAY, kind="day_off"
        )
        return is_working_day(THURSDAY, calendar.rules_for(unit))

    assert other.request(during_a_change)  # the request that began before the change
    assert seen == [0]  # 50 uses, no query: the token was read at the first
    assert not other.working(unit)  # the next request sees it


@pytest.mark.django_db
def test_a_rolled_back_change_is_never_seen():
    unit = current_unit("00070")
    calendar.forget()
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarOverride.objects.create(unit=unit, day=THURSDAY, kind="day_off")
        assert not is_working_day(THURSDAY, calendar.rules_for(unit))  # cached inside
        raise RuntimeError
    assert is_working_day(THURSDAY, calendar.rules_for(unit))


@pytest.mark.django_db
def test_a_page_request_after_a_change_gives_the_new_due_date():
    query = "unit=09700&received_at=2026-12-09T10:00:00%2B07:00&working_days=1"
    client = Client()
    assert client.get(f"/api/v1/public/due-date?{query}").json()["due_at"].startswith("2026-12-10")
    CalendarOverride.objects.create(unit=current_unit("09700"), day=THURSDAY, kind="day_off")
    assert client.get(f"/api/v1/public/due-date?{query}").json()["due_at"].startswith("2026-12-11")


CHILD = """
import os, sys, django
django.setup()
from danvan.units import calendar
from danvan.units.services import current_unit
from danvan.workcal import is_working_day
import datetime as dt
print("ready", flush=True)
for line in sys.stdin:
    code, day = line.split()
    calendar.begin_request()
    try:
        rules = calendar.rules_for(current_unit(code))
        print("working" if is_working_day(dt.date.fromisoformat(day), rules) else "off", flush=True)
    finally:
        calendar.end_request()
        django.db.connection.close()
"""


def _child_env() -> dict:
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PYTEST"))}
    env.update(
        DATABASE_URL=url,
        SECRET_KEY=settings.SECRET_KEY,
        DANVAN_VAR_DIR=str(settings.VAR_DIR),
        DJANGO_SETTINGS_MODULE="danvan.settings",
    )
    return env


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_second_real_process_sees_the_change_right_after_commit(demo_world_tx):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        env=_child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        assert child.stdout.readline().strip() == "ready" and time.monotonic() < deadline

        def ask(day=THURSDAY) -> str:
            child.stdin.write(f"00070 {day.isoformat()}\n")
            child.stdin.flush()
            return child.stdout.readline().strip()

        assert ask() == "working"  # cached in the child
        unit = current_unit("00070")
        with transaction.atomic():
            made = CalendarOverride.objects.create(unit=unit, day=THURSDAY, kind="day_off")
            assert ask() == "working"  # not committed yet: the child still has the old calendar
        assert ask() == "off"  # committed: the child's very next request uses it
        made.delete()
        assert ask() == "working"
    finally:
        child.kill()
        child.wait(timeout=10)
