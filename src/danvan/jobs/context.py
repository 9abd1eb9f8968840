"""What a job's runner gets besides the job: progress, result file, checkpoints, input files.

A resumable runner does its work in steps; each step is one transaction that also writes the
checkpoint, so after a crash the job restarts exactly after the last committed step and nothing
is half-written::

    start = ctx.checkpoint.get("next", 0)
    for lo in range(start, total, 500):
        hi = min(lo + 500, total)
        with ctx.step(checkpoint={"next": hi}, done=hi, total=total):
            write(rows[lo:hi])          # rolled back with the checkpoint if anything fails

A step commits only while this worker still holds the job's lease: a worker that stalled and was
taken over rolls its step back (``LeaseLost``) instead of writing beside the new holder.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from danvan.jobs.models import Job, JobState

PROGRESS_EVERY_SECONDS = 0.5  # progress() writes at most this often (the last call always)

# Progress reported inside a runner's own transaction, by job pk, for pages served by this
# process (the embedded mode) until the heartbeat thread (or the end of the attempt) writes it.
LIVE: dict[int, tuple[int, int | None]] = {}


def live_progress(job_pk: int) -> tuple[int, int | None] | None:
    return LIVE.get(job_pk)


class LeaseLost(Exception):
    """Another worker took the job over (this one stalled past its lease): stop, write nothing."""


class Retry(Exception):
    """Ask for another attempt later (e.g. the SMS provider is down); the message is shown meanwhile."""

    def __init__(self, message: str, *, code: str = "job.retry", seconds: float | None = None):
        super().__init__(message)
        self.code, self.message, self.seconds = code, message, seconds


class Context:
    def __init__(self, job: Job, worker: str):
        self.job = job
        self.worker = worker
        self.lost = threading.Event()  # set by the heartbeat thread when the lease is gone
        self.pushed = threading.Event()  # live progress waiting for the heartbeat thread
        self.result = None  # kept on the job even when the runner then raises (e.g. a report)
        self._written_at = 0.0
        # Transactions already open when the attempt began (a test's, a request's) are not the
        # runner's own: progress inside them is written as usual.
        self._depth = len(transaction.get_connection().atomic_blocks)

    # --- reading --------------------------------------------------------------------------

    @property
    def checkpoint(self) -> dict:
        """The checkpoint of the last committed step ({} on the first run)."""
        return dict(self.job.checkpoint or {})

    def file(self, name: str = "file") -> bytes:
        with self.job.files.get(name=name).file.open("rb") as fh:
            return fh.read()

    def filename(self, name: str = "file") -> str:
        return self.job.files.get(name=name).filename

    # --- writing --------------------------------------------------------------------------

    def progress(self, done: int, total: int | None = None) -> None:
        """Report progress (shown on the job page and in the API); also proves the worker is alive.

        Called inside a transaction of the runner's own (e.g. an import writing all its rows in
        one), the job row is not written on this connection — that would lock it until the end,
        and nobody would see it before the commit: the figures go to this process's live table
        and the heartbeat thread writes them on its own connection."""
        self._check()
        self.job.done = max(0, int(done))
        if total is not None:
            self.job.total = max(0, int(total))
        if len(transaction.get_connection().atomic_blocks) > self._depth:
            LIVE[self.job.pk] = (self.job.done, self.job.total)
            self.pushed.set()
            return
        now = time.monotonic()
        if now - self._written_at < PROGRESS_EVERY_SECONDS and self.job.done != self.job.total:
            return
        self._written_at = now
        self._write(done=self.job.done, total=self.job.total)

    @contextmanager
    def step(self, checkpoint: dict | None = None, *, done: int | None = None, total=None):
        """One unit of work and its checkpoint in one transaction (see the module docstring)."""
        self._check()
        fields: dict = {}
        if checkpoint is not None:
            fields["checkpoint"] = checkpoint
        if done is not None:
            fields["done"] = max(0, int(done))
        if total is not None:
            fields["total"] = max(0, int(total))
        with transaction.atomic():
            yield
            self._write(**fields)  # raises LeaseLost inside the block: the step rolls back
        for key, value in fields.items():
            setattr(self.job, key, value)

    def save_result(self, name: str, data: bytes) -> None:
        """Store the downloadable result file (a second call replaces the first)."""
        self._check()
        stored = f"{self.job.public_id}-{get_valid_filename(name) or 'ket-qua'}"
        self.job.result_file.save(stored, ContentFile(data), save=False)
        self.job.result_name = name[:200]
        self._write(result_file=self.job.result_file.name, result_name=self.job.result_name)

    # --- lease ----------------------------------------------------------------------------

    def _check(self) -> None:
        if self.lost.is_set():
            raise LeaseLost(self.job.pk)

    def _write(self, **fields) -> None:
        held = Job.objects.filter(pk=self.job.pk, worker=self.worker, state=JobState.RUNNING)
        if not held.update(heartbeat_at=timezone.now(), **fields):
            self.lost.set()
            raise LeaseLost(self.job.pk)
