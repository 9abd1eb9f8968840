"""Job kinds used by the tests (also imported by the worker processes the kill test starts).

``tests.jobs.rows`` writes ``rows`` Notification rows (a plain table that suits a scratch write)
in chunks of ``chunk``, each chunk and its checkpoint in one step: the shape every resumable job
has. Knobs: ``delay`` seconds per chunk, ``fail_once_at`` (raise inside that chunk on the first
attempt), ``steal_at`` (another worker takes the lease just before that chunk), ``sleep_at`` +
``sleep`` (one chunk longer than the lease: only the heartbeat keeps the job), ``hold_at`` +
``hold_file`` (wait between two committed chunks, before that row, until the file exists: the kill
test kills the worker there, whatever the machine's speed).
"""

import io
import time
from pathlib import Path

from danvan.core.errors import Invalid
from danvan.core.importing import Column, Schema
from danvan.core.models import Notification
from danvan.jobs import imports
from danvan.jobs import services as jobs
from danvan.jobs.context import Retry
from danvan.jobs.models import Job
from danvan.jobs.registry import job_kind
from danvan.units.importers import import_villages

ROW_KIND = "tests.jobs.row"


def _write_chunk(job, lo: int, hi: int) -> None:
    Notification.objects.bulk_create(
        [
            Notification(
                kind=ROW_KIND,
                channel="email",
                to="row@example.org",
                body=f"row {i}",
                object_type="jobs.job",
                object_id=f"{job.pk}:{i}",
                state="sent",
            )
            for i in range(lo, hi)
        ]
    )


def _knobs(job, ctx, lo: int, hi: int) -> None:
    p = job.params
    if p.get("fail_once_at") in range(lo, hi) and job.attempts == 1:
        raise RuntimeError("disk full (planted)")
    if p.get("sleep_at") in range(lo, hi):
        time.sleep(p["sleep"])
    if p.get("delay"):
        time.sleep(p["delay"])


@job_kind("tests.jobs.rows", title="Ghi dòng thử", describe=lambda r: f"Đã ghi {r['written']} dòng")
def write_rows(job, ctx):
    total, size = job.params["rows"], job.params.get("chunk", 10)
    ctx.progress(ctx.checkpoint.get("next", 0), total)
    for lo in range(ctx.checkpoint.get("next", 0), total, size):
        hi = min(lo + size, total)
        if job.params.get("steal_at") in range(lo, hi):  # taken over between two steps
            Job.objects.filter(pk=job.pk).update(worker="someone-else")
        if job.params.get("hold_at") == lo:
            while not Path(job.params["hold_file"]).exists():
                time.sleep(0.05)
        with ctx.step(checkpoint={"next": hi}, done=hi, total=total):
            _write_chunk(job, lo, hi)
            _knobs(job, ctx, lo, hi)
    ctx.save_result("dong.csv", "\n".join(str(i) for i in range(total)).encode())
    return {"written": total}


@job_kind("tests.jobs.flaky", title="Việc chập chờn", max_attempts=3, retry_seconds=30)
def flaky(job, ctx):
    if job.attempts <= job.params.get("fail_times", 1):
        raise Retry("Nhà cung cấp tạm thời không trả lời.", code="tests.provider_down")
    return {"ok": True}


@job_kind("tests.jobs.refused", title="Việc bị từ chối")
def refused(job, ctx):
    raise Invalid("import.not_spreadsheet", "Tệp không phải bảng tính .xlsx hoặc .csv.")


@job_kind("tests.jobs.crash", title="Việc lỗi", max_attempts=2, retry_seconds=0)
def crash(job, ctx):
    raise RuntimeError("boom")


# --- imports: a tiny schema of our own, and the villages importer through ``run=`` ------------

NAMES = Schema(
    name="tests.jobs.names",
    columns=[
        Column("name", "Tên", required=True, max_length=40),
        Column("amount", "Số tiền (đồng)", type="int", min_value=0),
    ],
    key=lambda row: row["name"].casefold(),
)
SEEN_WHILE_WRITING: list = []  # what a page served by this process showed during the import


def write_names(rows) -> None:
    job = Job.objects.filter(kind="tests.jobs.import_names", state="running").latest("pk")
    SEEN_WHILE_WRITING.append(jobs.status(job)["done"])
    Notification.objects.bulk_create(
        [
            Notification(
                kind=ROW_KIND,
                channel="email",
                to="import@example.org",
                body=f"{row['name']} {row['amount']}",
                object_type="jobs.import",
                object_id=f"{job.pk}:{row.number}",
                state="sent",
            )
            for row in rows
        ]
    )


imports.register("tests.jobs.import_names", title="Nhập tên thử", schema=NAMES, write=write_names)
imports.register(
    "tests.jobs.import_villages",
    title="Nhập thôn, tổ dân phố",
    run=lambda job, data, filename, progress: import_villages(
        io.BytesIO(data),
        filename=filename,
        mode=job.params["mode"],
        dry_run=job.params["dry_run"],
        progress=progress,
        by=job.owner,
    ),
)
