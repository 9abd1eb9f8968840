"""Two app processes against one PostgreSQL database (issue #14, "faults survived").

Two real gunicorn servers on two free loopback ports serve the test database (the demo world,
committed): a dossier received at the counter through server A is processed through server B;
the session cookie obtained by logging in on A works on B; the public rate limit counted on A
applies on B (danvan.core.ratelimit counts in the database, not in a per-process cache); the
login throttle counted on A applies on B (failed logins are rows). Bounded: the servers start in
a few seconds and are killed in a finally.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests
from django.conf import settings
from django.db import connection

from danvan.accounts.models import User
from danvan.accounts.services import create_token
from danvan.onestop.models import Dossier
from danvan.onestop.workflow import Status
from danvan.procedures.models import Procedure
from tests.onestop_ui.helpers import COMMON, PDF, intake_post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]
RATE = 6
MAX_FAILURES = 3
START_SECONDS = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(media) -> dict:
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PYTEST"))}
    env.update(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": settings.SECRET_KEY,
            "DANVAN_VAR_DIR": str(settings.VAR_DIR),
            "MEDIA_ROOT": str(media),
            "DJANGO_SETTINGS_MODULE": "danvan.settings",
            "SESSION_COOKIE_SECURE": "0",  # plain HTTP on the loopback
            "JOBS_RUNNER": "worker",  # no worker threads inside the web processes
            "DB_CONN_MAX_AGE": "0",
            "OTP_REQUIRED": "0",
            "PUBLIC_RATE_LIMIT_PER_MINUTE": str(RATE),
            "LOGIN_MAX_FAILURES": str(MAX_FAILURES),
        }
    )
    env.pop("RATE_LIMIT_STORE", None)  # the default with PostgreSQL
    return env


def _start(port: int, env: dict, log) -> subprocess.Popen:
    argv = [sys.executable, "-m", "gunicorn", "danvan.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2",
            "--timeout", "30", "--no-control-socket"]  # fmt: skip
    return subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip


def _wait_ready(base: str, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server {base} exited with {proc.returncode}")
        try:
            if requests.get(base + "/tai-khoan/dang-nhap/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"server {base} did not start within {START_SECONDS} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _login(session: requests.Session, base: str, username: str, password: str):
    page = session.get(base + "/tai-khoan/dang-nhap/", timeout=10).text
    data = {"username": username, "password": password, "csrfmiddlewaretoken": _csrf(page)}
    return session.post(
        base + "/tai-khoan/dang-nhap/", data=data, timeout=10, allow_redirects=False
    )


def test_two_servers_share_dossiers_sessions_and_limits(demo_world_tx, tmp_path):
    started = time.monotonic()
    media = tmp_path / "media"
    env = _env(media)
    ports = [_free_port(), _free_port()]
    while ports[1] == ports[0]:
        ports[1] = _free_port()
    a, b = (f"http://127.0.0.1:{p}" for p in ports)
    logs = [open(tmp_path / f"server-{i}.log", "wb") for i in (0, 1)]  # noqa: SIM115
    procs = [_start(p, env, log) for p, log in zip(ports, logs, strict=True)]
    try:
        deadline = time.monotonic() + START_SECONDS
        for base, proc in zip((a, b), procs, strict=True):
            _wait_ready(base, proc, deadline)
        assert procs[0].pid != procs[1].pid

        # 1. a session obtained on A works on B (sessions are rows, signed with the shared key)
        on_a = requests.Session()
        r = _login(on_a, a, "clerk.hoankiem", "demo12345")
        assert r.status_code == 302, r.text[:500]
        on_b = requests.Session()
        on_b.cookies.set("sessionid", on_a.cookies["sessionid"])
        on_b.cookies.set("csrftoken", on_a.cookies["csrftoken"])
        r = on_b.get(b + "/mot-cua/quay/", timeout=10, allow_redirects=False)
        assert r.status_code == 200 and "Hồ sơ tiếp nhận hôm nay" in r.text

        # 2. a dossier received at the counter of A ...
        procedure = Procedure.objects.get(code=COMMON)
        page = on_a.get(a + "/mot-cua/quay/", timeout=10).text
        files = {
            f"file_{c.pk}": (f"giay-to-{c.pk}.pdf", PDF, "application/pdf")
            for c in procedure.components.all()
            if not c.shown_only
        }
        data = {**intake_post(COMMON), "csrfmiddlewaretoken": _csrf(page)}
        r = on_a.post(a + "/mot-cua/quay/", data=data, files=files, timeout=30,
                      allow_redirects=False)  # fmt: skip
        assert r.status_code == 302, r.text[:2000]
        code = r.headers["Location"].rstrip("/").split("/")[-1]
        dossier = Dossier.objects.get(code=code)
        assert dossier.status == Status.RECEIVED
        # ... is seen on B with its files, and processed through B's API
        r = on_b.get(b + f"/mot-cua/ho-so/{code}/", timeout=10)
        assert r.status_code == 200 and code in r.text
        token = create_token(User.objects.get(username="clerk.hoankiem"))
        r = requests.post(
            b + f"/api/v1/dossiers/{code}/transitions",
            json={"action": "assign", "expected_version": dossier.version},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert r.status_code == 200, r.text
        dossier.refresh_from_db()
        assert dossier.status == Status.PROCESSING and dossier.version == r.json()["version"]
        # the same stale command through A is refused: both processes see one version
        r = requests.post(
            a + f"/api/v1/dossiers/{code}/transitions",
            json={"action": "assign", "expected_version": dossier.version - 1},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert r.status_code == 409, r.text

        # 3. the public rate limit counted on A applies on B
        lookup = f"/api/v1/public/dossiers/{code}?phone_last4=5678"
        answers_a = [requests.get(a + lookup, timeout=10).status_code for _ in range(RATE)]
        assert 429 not in answers_a, answers_a
        answer_b = requests.get(b + lookup, timeout=10)
        assert answer_b.status_code == 429, (answers_a, answer_b.text)
        assert answer_b.json()["error"]["code"] == "rate_limited"

        # 4. the login throttle counted on A applies on B
        for _ in range(MAX_FAILURES):
            r = _login(requests.Session(), a, "specialist.hoankiem", "sai-mat-khau")
            assert r.status_code == 200
        r = _login(requests.Session(), b, "specialist.hoankiem", "demo12345")
        assert r.status_code == 429 and "Đăng nhập sai quá nhiều lần" in r.text
    except BaseException:
        for i, log in enumerate(logs):
            log.flush()
            print(f"--- server {i} ---\n" + (tmp_path / f"server-{i}.log").read_text()[-3000:])
        raise
    finally:
        for proc in procs:
            _stop(proc)
        for log in logs:
            log.close()
    assert time.monotonic() - started < 60
