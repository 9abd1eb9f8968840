"""Must show: killing the signing worker in the middle of a batch leaves every result either
signed (it validates) or untouched, never corrupt; running the worker again finishes the rest.

The worker is a real `danvan jobs-worker` process (batches are background jobs) killed with SIGKILL.
The test commits (transactional). On SQLite the worker works on a file copy of the test database
made after the batch was created (the test's own database lives in memory; the copy goes through
SQLite's online backup API); on PostgreSQL the worker opens the test database.
CI runs it in both passes.
"""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from danvan.onestop.workflow import Status, SubStatus
from danvan.signing import batches
from danvan.signing import services as signing
from tests.signing.test_batches import PIN, awaiting_signature

SQLITE = connection.vendor == "sqlite"
pytestmark = pytest.mark.django_db(transaction=True)
ITEMS = 40
KILL_AFTER = 8


def _copy_database(target: Path) -> None:
    """The test's committed data into a file database the worker process can open."""
    connection.ensure_connection()
    out = sqlite3.connect(target)
    try:
        connection.connection.backup(out)
    finally:
        out.close()


def _database_url(db_file: Path) -> str:
    if SQLITE:
        return f"sqlite:///{db_file}"
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def _env(db_file: Path, media: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PYTEST"))}
    env.update(
        {
            "DATABASE_URL": _database_url(db_file),
            "MEDIA_ROOT": str(media),
            "DANVAN_VAR_DIR": str(settings.VAR_DIR),  # the same TEST CA and timestamp authority
            "SECRET_KEY": settings.SECRET_KEY,  # the key that decrypts the signing keys
            "DJANGO_SETTINGS_MODULE": "danvan.settings",
        }
    )
    if settings.SIGNING_KEY_ENCRYPTION_KEY:
        env["SIGNING_KEY_ENCRYPTION_KEY"] = settings.SIGNING_KEY_ENCRYPTION_KEY
    return env


def _worker(env: dict, *extra: str) -> list[str]:
    return [sys.executable, "-m", "danvan.cli", "jobs-worker", "--once", *extra]


class _Reader:
    """Reads what the worker process committed: the SQLite file, or the PostgreSQL test database."""

    def __init__(self, db_file: Path):
        self.db = (
            sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=20) if SQLITE else None
        )

    def rows(self, sql: str, params: tuple) -> list:
        if self.db is not None:
            return self.db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


def _signed_count(db_file: Path, batch_pk: int) -> int:
    reader = _Reader(db_file)
    try:
        return reader.rows(
            "select count(*) from signing_signingbatchitem where batch_id=%s and state='signed'",
            (batch_pk,),
        )[0][0]
    finally:
        reader.close()


def _state(db_file: Path, batch_pk: int, media: Path) -> dict:
    """Per item: signed and valid, or untouched. Anything else fails the test."""
    db = _Reader(db_file)
    try:
        items = db.rows(
            "select object_id, state, document_id from signing_signingbatchitem "
            "where batch_id=%s order by position",
            (batch_pk,),
        )
        out = {"signed": 0, "untouched": 0}
        for object_id, state, document_id in items:
            status, sub, version, result_signed, result_file = db.rows(
                "select status, sub_status, version, result_signed, result_file from onestop_dossier where id=%s",
                (int(object_id),),
            )[0]
            docs = [
                tuple(row)
                for row in db.rows(
                    "select id, file, sha256 from signing_signeddocument "
                    "where object_type='onestop.dossier' and object_id=%s",
                    (object_id,),
                )
            ]
            if state == "signed":
                assert (status, sub, bool(result_signed)) == (
                    Status.PROCESSED,
                    SubStatus.SIGNED_AWAITING_SEAL,
                    True,
                )
                assert len(docs) == 1 and docs[0][0] == document_id and docs[0][1] == result_file
                pdf = (media / result_file).read_bytes()
                assert hashlib.sha256(pdf).hexdigest() == docs[0][2]
                report = signing.verify(pdf)
                assert report["status"] == "valid" and len(report["signatures"]) == 1, report
                out["signed"] += 1
            else:
                assert state == "pending", state
                assert (status, sub, version, bool(result_signed), result_file) == (
                    Status.PROCESSING,
                    SubStatus.AWAITING_SIGNATURE,
                    3,
                    False,
                    "",
                ), object_id
                assert docs == []
                out["untouched"] += 1
        return out
    finally:
        db.close()


@pytest.fixture
def world(demo_world_tx):
    """The session's demo world, committed (on SQLite copied to a file below)."""


def test_killing_the_worker_mid_batch_leaves_each_result_signed_or_untouched(
    world, persona, tmp_path
):
    dossiers = awaiting_signature(ITEMS)
    assert {d.version for d in dossiers} == {
        3
    }  # submit/receive, propose: the "untouched" check relies on it
    batch = batches.create_batch(
        persona("leader.hoankiem"), [d.code for d in dossiers], PIN, profile="B-T"
    )
    db_file, media = tmp_path / "danvan.sqlite3", tmp_path / "media"
    if SQLITE:
        _copy_database(db_file)
    env = _env(db_file, media)

    worker = subprocess.Popen(
        _worker(env), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 120
    while _signed_count(db_file, batch.pk) < KILL_AFTER:
        assert worker.poll() is None, worker.stdout.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the worker signed nothing in time"
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)

    after_kill = _state(db_file, batch.pk, media)
    print(
        f"\nkilled after {after_kill['signed']} of {ITEMS} signed; {after_kill['untouched']} untouched"
    )
    assert (
        KILL_AFTER <= after_kill["signed"] < ITEMS
        and after_kill["untouched"] == ITEMS - after_kill["signed"]
    )

    resumed = subprocess.run(
        _worker(env, "--stale-after", "0"),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert _state(db_file, batch.pk, media) == {"signed": ITEMS, "untouched": 0}
    reader = _Reader(db_file)
    assert reader.rows("select state from signing_signingbatch where id=%s", (batch.pk,)) == [
        ("finished",)
    ]
    reader.close()
