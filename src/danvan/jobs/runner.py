"""Running one job: the django-tasks task, the claim, the heartbeat, and how an attempt ends.

Every attempt is one django-tasks task (``run_job``) on the configured backend. The task claims
the Job (queued → running, under this worker's name), runs the kind's function with a Context and
records the outcome: succeeded with its result, failed with a Vietnamese message, or queued again
for a later attempt (``Retry`` or an unexpected error, with a growing delay). Each of these is a
compare-and-set update on (state, worker), so two workers can never both finish one job; while
the attempt runs, a heartbeat thread renews the lease (see lease.py for taking over dead ones).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import threading
import time
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from danvan.audit.services import record
from danvan.core.errors import DomainError
from danvan.jobs import registry
from danvan.jobs.context import LIVE, PROGRESS_EVERY_SECONDS, Context, LeaseLost, Retry
from danvan.jobs.models import Job, JobState

log = logging.getLogger(__name__)

IMMEDIATE_BACKEND = "immediate"


def lease_seconds() -> float:
    return float(settings.JOBS_LEASE_SECONDS)


def worker_name() -> str:
    """Unique per attempt: host, process, thread and a random tail."""
    tail = uuid.uuid4().hex[:6]
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{tail}"[:120]


@task()
def run_job(job_pk: int) -> dict:
    """The django-tasks task behind every job attempt."""
    return execute(job_pk, heartbeat=settings.JOBS_RUNNER != "immediate")


def enqueue(job: Job, *, run_after: dt.datetime | None = None) -> None:
    """Queue an attempt. On the database backend the task row is written in the caller's
    transaction (the job and its task commit together); "immediate" runs it after commit."""
    if settings.JOBS_RUNNER == "immediate":
        transaction.on_commit(lambda: run_job.using(backend=IMMEDIATE_BACKEND).enqueue(job.pk))
        return
    queued = run_job.using(run_after=run_after) if run_after else run_job
    result = queued.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def execute(job_pk: int, *, heartbeat: bool = True) -> dict:
    """Claim the job and run one attempt in this thread; {"ran": False} if it is not ours to run."""
    worker = worker_name()
    job = _claim(job_pk, worker)
    if job is None:
        return {"job": job_pk, "ran": False}
    ctx = Context(job, worker)
    # Inside the caller's transaction (tests, a request) another connection could not even see
    # the claim, so a heartbeat thread would only take the lease away: steps beat instead.
    beat = Heartbeat(ctx).start() if heartbeat and not connection.in_atomic_block else None
    try:
        state = _attempt(job, ctx)
    finally:
        if beat is not None:
            beat.stop()
        LIVE.pop(job.pk, None)
    return {"job": job_pk, "ran": True, "state": state}


def _claim(job_pk: int, worker: str) -> Job | None:
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_pk, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        worker=worker,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        started_at=Coalesce("started_at", Value(now)),
    )
    if not claimed:
        return None
    return Job.objects.select_related("owner", "unit").get(pk=job_pk)


def _attempt(job: Job, ctx: Context) -> str:
    try:
        kind = registry.get(job.kind)
        result = kind.run(job, ctx)
    except LeaseLost:
        log.warning("job %s was taken over by another worker; this attempt stops", job.pk)
        return "lost"
    except DomainError as exc:
        return _fail(job, ctx.worker, exc.code, exc.message, result=ctx.result)
    except Retry as exc:
        return _again(job, ctx.worker, exc.code, exc.message, exc.seconds)
    except Exception:  # noqa: BLE001 - recorded on the job (and logged), never lost silently
        log.exception("job %s (%s) failed", job.pk, job.kind)
        if not registry.get(job.kind).retry_on_error:
            return _fail(job, ctx.worker, "job.error", _error_message())
        return _again(job, ctx.worker, "job.error", _error_message(), None)
    return _succeed(job, ctx.worker, result)


def _error_message() -> str:
    return _(
        "Lỗi hệ thống khi chạy công việc này. Những phần đã xong vẫn được giữ nguyên; "
        "hệ thống sẽ chạy lại, nếu vẫn lỗi hãy báo quản trị hệ thống."
    )


def _held(job: Job, worker: str):
    return Job.objects.filter(pk=job.pk, worker=worker, state=JobState.RUNNING)


def _json(value) -> object:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder)) if value is not None else None


def _succeed(job: Job, worker: str, result) -> str:
    now = timezone.now()
    with transaction.atomic():
        if not _held(job, worker).update(
            state=JobState.SUCCEEDED,
            result=_json(result),
            finished_at=now,
            heartbeat_at=now,
            error_code="",
            error_message="",
        ):
            return "lost"
        _audit("jobs.finished", job)
    return JobState.SUCCEEDED


def _fail(job: Job, worker: str, code: str, message: str, *, result=None) -> str:
    now = timezone.now()
    with transaction.atomic():
        if not _held(job, worker).update(
            state=JobState.FAILED,
            result=_json(result),
            finished_at=now,
            heartbeat_at=now,
            error_code=code[:64],
            error_message=message[:2000],
        ):
            return "lost"
        _audit("jobs.failed", job, code=code)
    return JobState.FAILED


def _again(job: Job, worker: str, code: str, message: str, seconds: float | None) -> str:
    """Queue another attempt after a delay (doubling), or fail when the attempts are used up."""
    job.refresh_from_db(fields=["attempts", "max_attempts"])
    if job.attempts >= job.max_attempts:
        return _fail(job, worker, code, message)
    base = registry.get(job.kind).retry_seconds if seconds is None else seconds
    when = timezone.now() + dt.timedelta(seconds=base * 2 ** (job.attempts - 1))
    with transaction.atomic():
        if not _held(job, worker).update(
            state=JobState.QUEUED,
            worker="",
            not_before=when,
            error_code=code[:64],
            error_message=message[:2000],
        ):
            return "lost"
        enqueue(job, run_after=when)
    return JobState.QUEUED


def _audit(action: str, job: Job, **data) -> None:
    """Jobs someone asked for are audited; system jobs (e.g. notifications) are their own record."""
    if job.owner_id is None:
        return
    record(
        action,
        actor=job.owner,
        unit=job.unit,
        obj=job,
        data={"title": job.title, "kind": job.kind, "public_id": str(job.public_id), **data},
    )


class Heartbeat:
    """Renews the attempt's lease every third of it, from its own thread and connection, so a
    long step (signing one document, building a report) does not look like a dead worker."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._run, daemon=True, name=f"job-{ctx.job.pk}-heartbeat"
        )

    def start(self) -> Heartbeat:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.ctx.pushed.set()
        self.thread.join(timeout=5)

    def _run(self) -> None:
        interval = max(0.2, lease_seconds() / 3)
        try:
            while True:
                self.ctx.pushed.wait(interval)
                if self.stopped.is_set():
                    return
                if not self._beat():
                    self.ctx.lost.set()
                    return
                time.sleep(PROGRESS_EVERY_SECONDS)  # at most two progress writes a second
        finally:
            connection.close()

    def _beat(self) -> bool:
        ctx = self.ctx
        ctx.pushed.clear()
        fields = {"heartbeat_at": timezone.now()}
        live = LIVE.get(ctx.job.pk)
        if live is not None:
            fields["done"], fields["total"] = live
        try:
            return bool(_held(ctx.job, ctx.worker).update(**fields))
        except OperationalError:  # e.g. SQLite busy behind the job's own transaction: next time
            close_old_connections()
            return True
