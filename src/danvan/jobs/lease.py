"""Taking over jobs whose worker died (django-tasks leaves such a task RUNNING for ever:
RealOrangeOne/django-tasks#46), and re-queueing jobs whose task was lost.

Run by every worker (``danvan jobs-worker`` and the embedded worker thread) every third of the
lease. A running job whose heartbeat is older than the lease goes back to the queue with a new
task, and resumes from its checkpoint; one that has used up its attempts fails with a message.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db.models import DBTaskResult

from danvan.jobs import runner
from danvan.jobs.models import Job, JobState

log = logging.getLogger(__name__)

SCAN_LIMIT = 200  # per pass; the next pass takes the rest


def recover(stale_after: float | None = None) -> int:
    """Re-queue (or fail) the jobs of dead workers and the queued jobs whose task is gone."""
    stale_after = runner.lease_seconds() if stale_after is None else stale_after
    cutoff = timezone.now() - dt.timedelta(seconds=stale_after)
    taken = sum(_take_over(job, cutoff) for job in _stale(cutoff))
    return taken + sum(_requeue_orphan(job, cutoff) for job in _orphans(cutoff))


def take_over(job: Job, *, stale_after: float) -> bool:
    """The same for one job (its page's "continue" button)."""
    return _take_over(job, timezone.now() - dt.timedelta(seconds=stale_after))


def _stale(cutoff: dt.datetime) -> list[Job]:
    dead = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    return list(Job.objects.filter(dead, state=JobState.RUNNING).order_by("pk")[:SCAN_LIMIT])


def _take_over(job: Job, cutoff: dt.datetime) -> bool:
    dead = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    with transaction.atomic():
        mine = Job.objects.filter(dead, pk=job.pk, state=JobState.RUNNING, worker=job.worker)
        if job.attempts >= job.max_attempts:
            return bool(
                mine.update(
                    state=JobState.FAILED,
                    finished_at=timezone.now(),
                    error_code="job.worker_lost",
                    error_message=_(
                        "Tiến trình chạy nền bị dừng giữa chừng %(n)d lần; công việc dừng lại. "
                        "Những phần đã xong vẫn được giữ nguyên."
                    )
                    % {"n": job.attempts},
                )
            )
        if not mine.update(state=JobState.QUEUED, worker="", not_before=timezone.now()):
            return False
        _close_lost_task(job.task_id)
        runner.enqueue(job)
    log.warning("job %s: worker %s stopped beating; queued again", job.pk, job.worker)
    return True


def _close_lost_task(task_id: str) -> None:
    """Mark the dead attempt's task row failed, so the library's table tells the truth."""
    if not task_id:
        return
    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="danvan.jobs.lease.WorkerLost",
        traceback="The worker stopped beating; the job was queued again.",
    )


def _orphans(cutoff: dt.datetime) -> list[Job]:
    return list(
        Job.objects.filter(state=JobState.QUEUED, not_before__lt=cutoff).order_by("pk")[:SCAN_LIMIT]
    )


def _requeue_orphan(job: Job, cutoff: dt.datetime) -> bool:
    """A queued job whose task finished or vanished without running it (e.g. pruned)."""
    if job.task_id and _task_waiting(job.task_id):
        return False
    with transaction.atomic():
        if not Job.objects.filter(
            pk=job.pk, state=JobState.QUEUED, task_id=job.task_id, not_before__lt=cutoff
        ).update(not_before=timezone.now()):
            return False
        runner.enqueue(job)
    log.warning("job %s had no live task; queued again", job.pk)
    return True


def _task_waiting(task_id: str) -> bool:
    try:
        status = default_task_backend.get_result(task_id).status
    except TaskResultDoesNotExist:
        return False
    return status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)
