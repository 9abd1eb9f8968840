"""Counter intake, public lookup and search over HTTP under gunicorn on PostgreSQL, each against a
bare Django view on the same server, in alternating rounds.

Run: python bench/bench_http.py [--clients 20] [--seconds 6] [--rounds 2] [--max-requests 3000]
Database: BENCH_HTTP_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/danvan_bench_http),
dropped and created afresh, migrated and given the demo world (`danvan demo --force`), dropped
again at the end.

The server: gunicorn with 2 workers and 4 threads each (as `danvan serve` starts it) on a free
loopback port, with DANVAN_BENCH_BASELINE=1 so that /_bench/insert (one-row insert) and
/_bench/read (one-row read) exist (danvan/core/bench_urls.py) — in that process only. The
public rate limit is lifted for the run (20 clients share one address).

The client: 20 asyncio tasks, each with its own keep-alive HTTP/1.1 connection, as fast as
answers come; each round is bounded by time (--seconds) and by count (--max-requests). For each
figure the baseline and ours alternate (baseline, ours, baseline, ours, …); req/s is over all of
a side's rounds, p50/p95 over all of its requests. Peak worker memory is the VmHWM of the
gunicorn workers (/proc) at the end; its baseline is their resident size after the first bare
round, before any of our endpoints ran.

Figures (rows of the `make bench` table):
- counter intake: POST /api/v1/dossiers, two small PDFs, bearer token of clerk.hoankiem,
  vs the bare insert; target ratio ≥ 1/3 and p95 ≤ 50 ms;
- public lookup: GET /api/v1/public/dossiers/{code}?phone_last4= vs the bare read; ratio ≥ 1/2;
- search: GET /api/v1/dossiers?q=<applicant name> (clerk.hoankiem) vs the bare read; p95 ≤ 100 ms;
- peak worker memory ≤ 200 MB.
"""

import argparse
import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATABASE_URL = os.environ.get(
    "BENCH_HTTP_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_bench_http"
)
VAR_DIR = tempfile.mkdtemp(prefix="danvan-bench-http-")
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "danvan.settings",
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-http"),
    "SIGNING_TRUST_TEST_CA": "1",
    "ALLOW_DEMO": "1",
    "DANVAN_VAR_DIR": VAR_DIR,
    "PUBLIC_RATE_LIMIT_PER_MINUTE": "1000000000",
    "REPORTS_DEMO_DOSSIERS": "0",
}
os.environ.update(SERVER_ENV)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from danvan.accounts.models import User  # noqa: E402
from danvan.accounts.services import create_token  # noqa: E402
from danvan.core.bench_urls import TABLE  # noqa: E402
from danvan.onestop.models import Dossier  # noqa: E402
from danvan.procedures.models import Procedure  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WORKERS, THREADS = 2, 4


def configure(workers: int, threads: int) -> None:
    global WORKERS, THREADS
    WORKERS, THREADS = workers, threads


LATE = 5.0
ROWS: list[dict] = []  # written to BENCH_ROWS_FILE for bench/run.py


# --- the database ---------------------------------------------------------------------------


def admin_sql(sql: str) -> None:
    """Run one statement on the server's `postgres` database (create/drop ours)."""
    import psycopg

    base = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql)


def db_name() -> str:
    return DATABASE_URL.rsplit("/", 1)[1].split("?")[0]


def prepare(reuse: bool) -> dict:
    """A fresh database with the demo world (or the kept one); what the clients send."""
    began = time.perf_counter()
    if not reuse:
        admin_sql(f'DROP DATABASE IF EXISTS "{db_name()}" WITH (FORCE)')
        admin_sql(f'CREATE DATABASE "{db_name()}"')
        call_command("migrate", verbosity=0)
        call_command("demo", force=True, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {TABLE} (id bigserial PRIMARY KEY, body text NOT NULL)")
            cursor.execute(f"INSERT INTO {TABLE} (body) VALUES ('một dòng để đọc')")
    clerk = User.objects.get(username="clerk.hoankiem")
    token = create_token(clerk, name="bench_http")
    procedure = pick_procedure()
    sample = (
        Dossier.objects.filter(unit__code="00070")
        .exclude(phone="")
        .exclude(applicant_name="")
        .order_by("pk")
        .first()
    )
    if sample is None:
        raise SystemExit("the demo has no dossier with a phone in phường Hoàn Kiếm")
    prepared = {
        "token": token,
        "procedure": procedure,
        "lookup": f"/api/v1/public/dossiers/{sample.code}?phone_last4={sample.phone[-4:]}",
        "q": sample.applicant_name.split()[-1],
        "dossiers": Dossier.objects.count(),
        "setup_s": time.perf_counter() - began,
    }
    connections.close_all()
    return prepared


def pick_procedure() -> tuple[str, list[int]]:
    """A procedure of the catalogue whose intake takes exactly two files (else the first two)."""
    fallback = None
    for proc in Procedure.objects.filter(code__in=["1.001612", "2.000815"]).order_by("code"):
        ids = [c.pk for c in proc.components.all() if not c.shown_only]
        if len(ids) == 2:
            return proc.code, ids
        if len(ids) > 2 and fallback is None:
            fallback = (proc.code, ids[:2])
    for proc in Procedure.objects.prefetch_related("components").order_by("code"):
        ids = [c.pk for c in proc.components.all() if not c.shown_only]
        if len(ids) == 2:
            return proc.code, ids
    if fallback is None:
        raise SystemExit("no procedure with two files to hand in")
    return fallback


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, **SERVER_ENV, "DANVAN_BENCH_BASELINE": "1"}
    argv = [
        sys.executable, "-m", "gunicorn", "danvan.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
        "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    log = open(Path(VAR_DIR) / "gunicorn.log", "ab")  # noqa: SIM115 - the server's lifetime
    server = subprocess.Popen(  # noqa: S603 - our own argv
        argv, env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                if len(worker_pids(server.pid)) >= WORKERS:
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not start within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name is in parentheses and may hold spaces: the ppid follows the last ")"
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            pids.append(int(entry.name))
    return pids


def memory_mb(pids: list[int], key: str) -> float:
    """Largest of the workers' VmRSS (now) or VmHWM (peak), in MB."""
    values = []
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    values.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return max(values, default=0.0)


# --- the client -----------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    headers: dict = field(default_factory=dict)
    body: bytes = b""

    def raw(self, port: int) -> bytes:
        head = [f"{self.method} {self.path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
        head += [f"{k}: {v}" for k, v in self.headers.items()]
        if self.body or self.method == "POST":
            head.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(head) + "\r\n\r\n").encode() + self.body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, chunked, close = 0, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding":
            chunked = "chunked" in value
        elif name == "connection":
            close = value == "close"
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, close


async def client(port: int, raw: bytes, deadline: float, budget: list, out: list) -> None:
    reader = writer = None
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        began = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(raw)
            await writer.drain()
            # a request may run past the round's end by at most LATE seconds (then: an error)
            left = max(deadline - time.monotonic(), 0) + LATE
            status, close = await asyncio.wait_for(read_response(reader), left)
        except (ConnectionError, asyncio.IncompleteReadError, OSError, TimeoutError):
            if writer is not None:
                writer.close()
            reader = writer = None
            out.append((time.perf_counter() - began, 0))
            continue
        out.append((time.perf_counter() - began, status))
        if close:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def round_of(port: int, req: Request, clients: int, seconds: float, count: int):
    raw, out, budget = req.raw(port), [], [count]
    began = time.perf_counter()
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(client(port, raw, deadline, budget, out) for _ in range(clients)))
    return time.perf_counter() - began, out


async def drain(port: int, limit: float = 20.0) -> None:
    """Wait until the server has finished the previous round's backlog (a bare read answers
    within 50 ms), so that a round never pays for the one before it."""
    probe = Request("GET", "/_bench/read?id=1").raw(port)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        out: list = []
        began = time.perf_counter()
        await client(port, probe, time.monotonic() + 1, [1], out)
        if out and out[0][1] == 200 and time.perf_counter() - began < 0.05:
            return
        await asyncio.sleep(0.2)


@dataclass
class Side:
    seconds: float = 0.0
    samples: list = field(default_factory=list)

    def add(self, elapsed: float, out: list) -> None:
        self.seconds += elapsed
        self.samples += out

    @property
    def ok(self) -> list[float]:
        return sorted(t for t, status in self.samples if 200 <= status < 300)

    @property
    def errors(self) -> int:
        return sum(1 for _, status in self.samples if not 200 <= status < 300)

    @property
    def rate(self) -> float:
        return len(self.ok) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        ok = self.ok
        if not ok:
            return float("nan")
        if len(ok) == 1:
            return ok[0] * 1000
        return statistics.quantiles(ok, n=100, method="inclusive")[int(q) - 1] * 1000

    def text(self) -> str:
        extra = f", {self.errors} errors" if self.errors else ""
        return (
            f"{self.rate:,.0f} req/s, p50 {self.pct(50):.0f} ms, p95 {self.pct(95):.0f} ms{extra}"
        )

    def summary(self) -> dict:
        return {
            "requests": len(self.samples), "ok": len(self.ok), "errors": self.errors,
            "seconds": round(self.seconds, 2), "req_per_s": round(self.rate, 1),
            "p50_ms": round(self.pct(50), 1), "p95_ms": round(self.pct(95), 1),
        }  # fmt: skip


def requests_for(prepared: dict) -> dict[str, tuple[Request, Request]]:
    auth = {"Authorization": f"Bearer {prepared['token']}"}
    json_headers = {**auth, "Content-Type": "application/json"}
    code, component_ids = prepared["procedure"]
    pdf64 = base64.b64encode(PDF).decode()
    intake_body = {
        "unit": "00070",
        "procedure": code,
        "channel": "in_person",
        "applicant": {
            "name": "Trần Văn Bình",
            "national_id": "001085067890",
            "phone": "0987654321",
        },
        "components": [
            {"component_id": cid, "file_name": f"giay-to-{i}.pdf", "file_base64": pdf64}
            for i, cid in enumerate(component_ids, 1)
        ],
    }
    q = prepared["q"]
    from urllib.parse import quote

    return {
        "intake": (
            Request("POST", "/_bench/insert", {"Content-Type": "text/plain"}, b"mot ho so"),
            Request("POST", "/api/v1/dossiers", json_headers, json.dumps(intake_body).encode()),
        ),
        "lookup": (Request("GET", "/_bench/read?id=1"), Request("GET", prepared["lookup"])),
        "search": (
            Request("GET", "/_bench/read?id=1", auth),
            Request("GET", f"/api/v1/dossiers?q={quote(q)}", auth),
        ),
    }


FIGURES = {
    "intake": ("counter intake POST /api/v1/dossiers (2 PDFs) vs bare insert", 1 / 3, 50),
    "lookup": ("public lookup GET /api/v1/public/dossiers/{code} vs bare read", 1 / 2, None),
    "search": ("search GET /api/v1/dossiers?q= vs bare read", None, 100),
}


def target_text(ratio_min, p95_max) -> str:
    parts = []
    if ratio_min:
        parts.append(f"ratio ≥ {ratio_min:.2f}")
    if p95_max:
        parts.append(f"p95 ≤ {p95_max} ms")
    return ", ".join(parts)


async def drive(port: int, server, prepared: dict, args) -> None:
    reqs = requests_for(prepared)
    bare_rss = None
    for key, (base_req, ours_req) in reqs.items():
        if args.only and key != args.only:
            continue
        # warm-up, not counted: each worker's first hit of a view imports and plans
        await round_of(port, base_req, args.clients, 1.0, 100)
        if bare_rss is None:
            bare_rss = memory_mb(worker_pids(server.pid), "VmRSS")
        await round_of(port, ours_req, args.clients, 1.0, 60)
        base, ours = Side(), Side()
        for _ in range(args.rounds):
            await drain(port)
            base.add(*await round_of(port, base_req, args.clients, args.seconds, args.max_requests))
            await drain(port)
            ours.add(*await round_of(port, ours_req, args.clients, args.seconds, args.max_requests))
        name, ratio_min, p95_max = FIGURES[key]
        ratio = ours.rate / base.rate if base.rate else 0.0
        met = (not ratio_min or ratio >= ratio_min) and (not p95_max or ours.pct(95) <= p95_max)
        met = met and ours.errors == 0
        print(f"{name}:\n  ours     {ours.text()}\n  baseline {base.text()}\n  ratio {ratio:.2f}")
        ROWS.append({
            "figure": name, "ours": ours.text(), "baseline": base.text(),
            "ratio": f"{ratio:.2f}", "target": target_text(ratio_min, p95_max), "met": met,
            "data": {"ours": ours.summary(), "baseline": base.summary()},
        })  # fmt: skip
    pids = worker_pids(server.pid)
    peak = memory_mb(pids, "VmHWM")
    print(
        f"peak worker memory: {peak:.0f} MB (bare, after the first bare round: {bare_rss:.0f} MB)"
    )
    ROWS.append({
        "figure": f"peak RSS of a gunicorn worker ({WORKERS} workers × {THREADS} threads)",
        "ours": f"{peak:.0f} MB", "baseline": f"{bare_rss:.0f} MB (bare views only)",
        "ratio": f"{peak / bare_rss:.2f}" if bare_rss else "", "target": "≤ 200 MB",
        "met": peak <= 200, "data": {"peak_mb": round(peak, 1), "bare_mb": round(bare_rss, 1)},
    })  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=6.0, help="per round")
    parser.add_argument("--rounds", type=int, default=2, help="per side and figure")
    parser.add_argument("--max-requests", type=int, default=3000, help="per round")
    parser.add_argument(
        "--keep-db", action="store_true", help="do not drop the database at the end"
    )
    parser.add_argument("--reuse-db", action="store_true", help="use a database kept by --keep-db")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=THREADS, help="threads per worker")
    parser.add_argument("--only", choices=sorted(FIGURES), help="time one figure only")
    args = parser.parse_args()
    configure(args.workers, args.threads)
    if connection.vendor != "postgresql":
        print("bench_http needs PostgreSQL (BENCH_HTTP_DATABASE_URL)")
        return
    began = time.perf_counter()
    prepared = prepare(args.reuse_db)
    print(
        f"database {db_name()}: migrated + demo in {prepared['setup_s']:.0f} s, "
        f"{prepared['dossiers']} dossiers; intake procedure {prepared['procedure'][0]}; "
        f"{args.clients} clients, {args.rounds} × {args.seconds:g} s rounds per side",
        flush=True,
    )
    # a SIGTERM (make's, a timeout's) unwinds through the finally below: no gunicorn left behind
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    port = free_port()
    server = start_server(port)
    try:
        asyncio.run(drive(port, server, prepared, args))
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM onestop_dossier")
            print(f"dossiers after the run: {cursor.fetchone()[0]:,}")
    finally:
        stop_server(server)
        connections.close_all()
        if not args.keep_db:
            admin_sql(f'DROP DATABASE IF EXISTS "{db_name()}" WITH (FORCE)')
            shutil.rmtree(VAR_DIR, ignore_errors=True)  # uploaded files and the server log
    for row in ROWS:
        row["data"]["context"] = {
            "clients": args.clients, "rounds": args.rounds, "seconds": args.seconds,
            "workers": WORKERS, "threads": THREADS, "demo_dossiers": prepared["dossiers"],
        }  # fmt: skip
    print(f"bench_http took {time.perf_counter() - began:.0f} s")
    if os.environ.get("BENCH_ROWS_FILE"):
        Path(os.environ["BENCH_ROWS_FILE"]).write_text(json.dumps(ROWS, ensure_ascii=False))


if __name__ == "__main__":
    main()
