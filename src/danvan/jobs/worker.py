"""Where jobs run: django-tasks-db's own worker, in a process or in a thread of the web server.

- ``danvan jobs-worker`` (PostgreSQL, several app processes): the library's ``Worker`` in the
  foreground, plus the lease keeper (lease.recover) in a thread.
- Embedded mode (``JOBS_RUNNER=thread``, the SQLite default): ``start_in_process()`` runs the same
  ``Worker`` in a daemon thread of each web process (called from wsgi.py), so a long import or a
  batch of signatures runs beside the pages that show its progress instead of blocking a request.
- ``drain()`` runs the queued tasks in the calling thread (tests, ``jobs-worker --once``).
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from danvan.jobs import lease, runner

log = logging.getLogger(__name__)

_started = threading.Lock()


def library_worker(*, once: bool = False, interval: float = 1.0) -> Worker:
    return Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=interval,
        batch=once,
        backend_name="default",
        startup_delay=not once,
        max_tasks=None,
        worker_id=runner.worker_name()[:64],
    )


class LeaseKeeper(threading.Thread):
    """Every third of the lease: take over the jobs of dead workers (lease.recover)."""

    def __init__(self, stale_after: float | None = None):
        super().__init__(daemon=True, name="jobs-lease-keeper")
        self.stale_after = stale_after
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = max(0.5, (self.stale_after or runner.lease_seconds()) / 3)
        while not self.stopped.wait(interval):
            try:
                lease.recover(self.stale_after)
            except Exception:  # noqa: BLE001 - keep watching; the next pass retries
                log.exception("lease keeper pass failed")
            finally:
                close_old_connections()
        connection.close()


class EmbeddedWorker:
    """The library's worker and the lease keeper as two daemon threads of this process."""

    def __init__(self, *, interval: float = 1.0):
        self.worker = library_worker(interval=interval)
        self.keeper = LeaseKeeper()
        self.thread = threading.Thread(target=self._run, daemon=True, name="jobs-worker")

    def start(self) -> EmbeddedWorker:
        self.thread.start()
        self.keeper.start()
        return self

    def stop(self, timeout: float = 30) -> None:
        """Let the current task finish, then end both threads (tests; a process exit does not wait)."""
        self.worker.running = False
        self.keeper.stopped.set()
        self.thread.join(timeout)
        self.keeper.join(timeout)

    def _run(self) -> None:
        try:
            lease.recover()  # jobs this process (or a previous run of it) left behind
            self.worker.run()
        except Exception:  # noqa: BLE001 - a thread has nobody to raise to
            log.exception("embedded jobs worker stopped")
        finally:
            connection.close()


_embedded: list[EmbeddedWorker] = []


def start_in_process() -> bool:
    """Start the embedded worker once per process (wsgi.py); False if it already runs."""
    with _started:
        if _embedded:
            return False
        _embedded.append(EmbeddedWorker().start())
    return True


def drain(
    job_pks: list[int] | None = None, *, include_deferred: bool = False, limit: int | None = None
) -> int:
    """Run the ready tasks (of these jobs only, if given) here and now with the library's worker;
    returns how many ran. ``include_deferred`` also runs retries whose time has not come."""
    worker = library_worker(once=True)
    ran = 0
    while limit is None or ran < limit:
        task = _next_task(worker, job_pks, include_deferred)
        if task is None:
            break
        worker.run_task(task)
        ran += 1
    return ran


def _next_task(worker: Worker, job_pks, include_deferred: bool) -> DBTaskResult | None:
    tasks = DBTaskResult.objects.filter(
        status="READY", backend_name="default", task_path=runner.run_job.module_path
    )
    if not include_deferred:
        tasks = tasks.ready()
    if job_pks is not None:
        tasks = tasks.filter(args_kwargs__args__0__in=list(job_pks))
    with exclusive_transaction(tasks.db):
        task = tasks.order_by("enqueued_at").get_locked()
        if task is not None:
            task.claim(worker.worker_id)
    return task
