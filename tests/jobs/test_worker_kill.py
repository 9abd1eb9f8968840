"""Must show (issue 8): a job killed mid-run with its worker (SIGKILL) resumes and finishes, and
its progress is visible on the page and in the API meanwhile.

Real processes: a gunicorn web server and `danvan jobs-worker` processes (with the test job kinds
imported), both on the same database — a SQLite file copied from the test database after the job
was queued, or the PostgreSQL test database (committed data). The test reads progress over HTTP
like a user, kills the worker after a few chunks, watches the job reported as interrupted, then
starts a new worker whose lease keeper takes the job over. Bounded: about 20 s, 90 s at most.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.test import Client

from danvan.accounts.services import create_token
from danvan.jobs import services as jobs
from tests.jobs.kinds import ROW_KIND
from tests.signing.test_batch_worker_kill import SQLITE, _copy_database, _env, _Reader

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
ROWS, CHUNK, KILL_AFTER = 60, 5, 15
LEASE = 2  # seconds; the worker processes and the server run with it
# One chunk (rows 40-44) takes twice the lease: only the heartbeat thread keeps the job its own.
# The first worker holds before row KILL_AFTER (chunks before it committed) until the test lets go:
# the kill lands there on a slow machine too.
PARAMS = {"rows": ROWS, "chunk": CHUNK, "delay": 0.05, "sleep_at": 40, "sleep": 2 * LEASE}
WORKER = (
    "import django; django.setup(); import tests.jobs.kinds; "
    "from django.core.management import call_command; call_command('jobs-worker', poll=0.2)"
)


@pytest.fixture
def world(demo_world_tx):
    """The session's demo world, committed (on SQLite copied to a file by the test)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spawn(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )


def _until(check, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Web:
    def __init__(self, base: str, token: str, session: str):
        self.base, self.token, self.session = base, token, session

    def api(self, job) -> dict:
        r = requests.get(
            f"{self.base}/api/v1/jobs/{job.public_id}",
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=10,
        )
        assert r.status_code == 200, r.text[:300]
        return r.json()

    def page(self, job) -> str:
        r = requests.get(
            f"{self.base}/cong-viec/{job.public_id}/tien-do/",
            cookies={"sessionid": self.session},
            timeout=10,
            allow_redirects=False,
        )
        assert r.status_code == 200, r.status_code
        return r.text

    def up(self) -> bool:
        try:
            return requests.get(f"{self.base}/tai-khoan/dang-nhap/", timeout=20).ok
        except requests.RequestException:
            return False


def _written(db_file: Path, job) -> list[int]:
    reader = _Reader(db_file)
    try:
        rows = reader.rows(
            "select object_id from core_notification where kind=%s and object_id like %s",
            (ROW_KIND, f"{job.pk}:%"),
        )
    finally:
        reader.close()
    return sorted(int(object_id.split(":")[1]) for (object_id,) in rows)


def test_a_job_killed_with_its_worker_resumes_and_finishes(world, persona, tmp_path):
    owner = persona("mobilizer.hoankiem")
    release = tmp_path / "release"
    params = PARAMS | {"hold_at": KILL_AFTER, "hold_file": str(release)}
    job = jobs.start("tests.jobs.rows", owner=owner, params=params)
    token = create_token(owner)
    browser = Client()
    browser.force_login(owner)
    db_file, media = tmp_path / "danvan.sqlite3", tmp_path / "media"
    if SQLITE:
        _copy_database(db_file)
    env = _env(db_file, media) | {
        "JOBS_RUNNER": "worker",
        "JOBS_LEASE_SECONDS": str(LEASE),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    port = _free_port()
    server = _spawn(
        [sys.executable, "-m", "gunicorn", "danvan.wsgi:application", "-b", f"127.0.0.1:{port}"],
        env,
        tmp_path / "server.log",
    )
    web = Web(f"http://127.0.0.1:{port}", token, browser.cookies["sessionid"].value)
    worker = server
    try:
        _until(web.up, "the web server")
        worker = _spawn([sys.executable, "-c", WORKER], env, tmp_path / "worker1.log")
        seen = _until(lambda: (b := web.api(job))["done"] >= KILL_AFTER and b, "first chunks")
        assert seen["state"] == "running" and seen["total"] == ROWS
        page = web.page(job)
        assert "Đang chạy" in page and f"/{ROWS}" in page and "hx-trigger" in page
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

        killed = web.api(job)
        written = _written(db_file, job)
        # Nothing half-written: exactly the committed chunks, and the checkpoint says so.
        assert killed["state"] == "running" and killed["done"] == len(written)
        assert written == list(range(len(written))) and len(written) % CHUNK == 0
        assert len(written) == KILL_AFTER
        stalled = _until(lambda: (b := web.api(job))["stalled"] and b, "the job to look stalled")
        assert stalled["done"] == len(written)
        assert "bị gián đoạn" in web.page(job)
        print(f"\nkilled after {len(written)} of {ROWS} rows")

        release.touch()
        worker = _spawn([sys.executable, "-c", WORKER], env, tmp_path / "worker2.log")
        done = _until(lambda: (b := web.api(job))["state"] == "succeeded" and b, "the resumed job")
        assert (done["done"], done["total"], done["result"]) == (ROWS, ROWS, {"written": ROWS})
        assert done["attempts"] == 2  # one kill, one take-over; the long chunk did not lose it
        assert "Đã xong" in web.page(job) and "dong.csv" in web.page(job)
    finally:
        for proc in (worker, server):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)
    assert _written(db_file, job) == list(range(ROWS))  # every row once: none lost, none twice
    reader = _Reader(db_file)
    statuses = reader.rows(
        "select status, exception_class_path from django_tasks_database_dbtaskresult "
        "where cast(args_kwargs as text) like %s order by enqueued_at",
        (f'%"args": [{job.pk}]%',),
    )
    reader.close()
    assert statuses == [("FAILED", "danvan.jobs.lease.WorkerLost"), ("SUCCESSFUL", "")]
    if not SQLITE:
        connection.close()
