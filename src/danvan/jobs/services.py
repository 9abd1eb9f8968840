"""The jobs API for apps, pages and the HTTP API.

    from danvan.jobs import services as jobs
    job = jobs.start("movement.practice_import", owner=user, unit=unit,
                     params={"mode": "all"}, files={"file": ("mo-hinh.xlsx", data)})

Who sees a job: its owner, and administrators (superusers; the admin role on the job's unit
subtree). Anyone else is told it does not exist (404), as for signing batches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.audit.services import record
from danvan.core.errors import NotFound
from danvan.jobs import lease, registry, runner, worker
from danvan.jobs.context import live_progress
from danvan.jobs.models import Job, JobFile, JobState

FileInput = bytes | tuple[str, bytes]


def start(
    kind: str,
    *,
    owner=None,
    unit=None,
    params: Mapping | None = None,
    files: Mapping[str, FileInput] | None = None,
    title: str = "",
    run_after: dt.datetime | None = None,
) -> Job:
    """Create the job and queue its first attempt in one transaction (the caller's, if any);
    ``run_after``: not before then (a scheduled retry, e.g. the outbox's backoff)."""
    spec = registry.get(kind)
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            title=(title or str(spec.title))[:200],
            owner=owner if getattr(owner, "is_authenticated", False) else None,
            unit=unit,
            params=runner._json(dict(params or {})),
            max_attempts=spec.max_attempts,
            not_before=run_after or timezone.now(),
        )
        for name, value in (files or {}).items():
            _attach(job, name, value)
        if job.owner_id:
            record(
                "jobs.started",
                actor=job.owner,
                unit=unit,
                obj=job,
                data={"title": job.title, "kind": kind, "public_id": str(job.public_id)},
            )
        runner.enqueue(job, run_after=run_after)
    return job


def _attach(job: Job, name: str, value: FileInput) -> None:
    filename, data = value if isinstance(value, tuple) else (name, value)
    row = JobFile(job=job, name=name[:60], filename=filename[:200], size=len(data))
    stored = f"{job.public_id}-{get_valid_filename(filename) or name}"
    row.file.save(stored, ContentFile(data), save=False)
    row.save()


# --- who sees what ----------------------------------------------------------------------------


def visible(user) -> QuerySet:
    """The jobs this user may see: their own, and (administrators) those of their units."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    if user.is_superuser:
        return Job.objects.all()
    if not is_admin(user):
        return Job.objects.filter(owner=user)
    # (an empty Q() would vanish from the OR: unit_q is never empty for a non-superuser)
    return Job.objects.filter(Q(owner=user) | scope.unit_q(user, "unit", roles=[Role.ADMIN]))


def is_admin(user) -> bool:
    return bool(user.is_superuser or Role.ADMIN in scope.roles_of(user))


def mine(user) -> QuerySet:
    return Job.objects.filter(owner=user).order_by("-created_at")


def get_for(user, public_id) -> Job:
    job = visible(user).filter(public_id=public_id).select_related("owner", "unit").first()
    if job is None:
        raise NotFound("job.not_found", _("Không tìm thấy công việc này."))
    return job


def result_file(user, public_id) -> Job:
    job = get_for(user, public_id)
    if not job.result_file:
        raise NotFound("job.no_result_file", _("Công việc này chưa có tệp kết quả."))
    return job


# --- state as pages and the API show it -------------------------------------------------------


def is_stalled(job: Job, stale_after: float | None = None) -> bool:
    """Running but its worker stopped beating, or due for longer than a lease with no worker
    taking it up: it will be taken over (and resumed from its checkpoint)."""
    stale_after = runner.lease_seconds() if stale_after is None else stale_after
    if job.state == JobState.RUNNING:
        since = job.heartbeat_at or job.started_at or job.created_at
    elif job.state == JobState.QUEUED:
        since = job.not_before
    else:
        return False
    return timezone.now() - since > dt.timedelta(seconds=stale_after)


def resume(job: Job) -> Job:
    """Take over a stalled job now instead of at the lease keeper's next pass; with the immediate
    runner, also run it here. Workers pick a queued job up by themselves."""
    if job.state == JobState.RUNNING and is_stalled(job):
        lease.take_over(job, stale_after=runner.lease_seconds())
        job.refresh_from_db()
    if job.state == JobState.QUEUED and settings.JOBS_RUNNER == "immediate":
        job = run_now(job)
    return job


def status(job: Job) -> dict:
    done, total = job.done, job.total
    if job.state == JobState.RUNNING:  # progress not committed yet, if this process runs the job
        done, total = live_progress(job.pk) or (done, total)
    return {
        "id": job.public_id,
        "kind": job.kind,
        "title": job.title,
        "state": job.state,
        "state_label": str(JobState(job.state).label),
        "done": done,
        "total": total,
        "percent": min(100, round(100 * done / total)) if total else job.percent,
        "attempts": job.attempts,
        "stalled": is_stalled(job),
        "result": job.result,
        "summary": _summary(job),
        "result_name": job.result_name or None,
        "result_url": reverse("api:job_result", args=[job.public_id]) if job.result_file else None,
        "error": {"code": job.error_code, "message": job.error_message} if job.error_code else None,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


def _summary(job: Job) -> str:
    kind = registry.KINDS.get(job.kind)
    if job.state != JobState.SUCCEEDED or kind is None or kind.describe is None:
        return ""
    return kind.describe(job.result)


# --- running (tests, commands, apps that must finish a job inside a request) ------------------


def run_now(job: Job) -> Job:
    """Run the job's next attempt here and now (through the library's worker when its task is in
    the database queue, even a retry whose time has not come); returns the job as it ended."""
    if not worker.drain([job.pk], include_deferred=True, limit=1):
        runner.execute(job.pk, heartbeat=False)
    job.refresh_from_db()
    return job


drain = worker.drain
