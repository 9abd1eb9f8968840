"""Faults on PostgreSQL: the database connection dropped in the middle of a transition leaves
all of it or none of it (here: none), and the audit chain still verifies."""

import psycopg
import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

from danvan.accounts.models import User
from danvan.audit.models import AuditEntry
from danvan.audit.services import verify_chain
from danvan.onestop import intake
from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, transition
from danvan.units.services import current_unit
from danvan.workflow import engine
from tests.onestop.conftest import NORMAL, full_request

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def _url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_connection_dropped_mid_transition_leaves_nothing(demo_world_tx, monkeypatch):
    clerk = User.objects.get(username="clerk.hoankiem")
    d = intake.register(full_request(NORMAL), unit=current_unit("00070"), by=clerk, received=True)
    before = (d.status, d.version, d.events.count(), AuditEntry.objects.count())
    real_record = engine.record_many

    def record_then_drop(*args, **kwargs):
        entry = real_record(*args, **kwargs)  # the state row and the event are written by now
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
        with psycopg.connect(_url(), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return entry

    monkeypatch.setattr(engine, "record_many", record_then_drop)
    with pytest.raises((OperationalError, InterfaceError)):
        transition(d.pk, Command("assign", d.version), by=clerk)
    monkeypatch.setattr(engine, "record_many", real_record)
    connection.close()

    d = Dossier.objects.get(pk=d.pk)
    assert (d.status, d.version, d.events.count(), AuditEntry.objects.count()) == before
    assert verify_chain().ok
    # and the same transition goes through once the database is back
    d = transition(d.pk, Command("assign", d.version), by=clerk)
    assert d.version == before[1] + 1
