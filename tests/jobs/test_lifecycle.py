"""A job from start to end: queued with its task in one transaction, run by the library's worker,
progress and result stored, failures in Vietnamese, retries, resume from the checkpoint."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from danvan.audit.models import AuditEntry
from danvan.core.errors import Invalid
from danvan.core.models import Notification
from danvan.jobs import lease
from danvan.jobs import services as jobs
from danvan.jobs.models import Job, JobState
from tests.jobs.kinds import ROW_KIND

pytestmark = pytest.mark.django_db


def _rows(job) -> list[int]:
    ids = Notification.objects.filter(kind=ROW_KIND, object_id__startswith=f"{job.pk}:")
    return sorted(int(i.split(":")[1]) for i in ids.values_list("object_id", flat=True))


def test_a_job_is_queued_with_its_task_and_run_by_the_library_worker(owner):
    job = jobs.start("tests.jobs.rows", owner=owner, unit=None, params={"rows": 25, "chunk": 10})
    assert (job.state, job.done, job.total, job.attempts) == (JobState.QUEUED, 0, None, 0)
    task = DBTaskResult.objects.get(id=Job.objects.get(pk=job.pk).task_id)
    assert task.status == TaskResultStatus.READY and task.args_kwargs["args"] == [job.pk]

    assert jobs.drain([job.pk]) == 1
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.attempts) == (JobState.SUCCEEDED, 25, 25, 1)
    assert job.result == {"written": 25} and job.checkpoint == {"next": 25}
    assert _rows(job) == list(range(25))
    assert job.result_name == "dong.csv" and job.result_file.read().startswith(b"0\n1\n")
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == {"job": job.pk, "ran": True, "state": "succeeded"}
    actions = AuditEntry.objects.filter(object_type="jobs.job", object_id=str(job.pk))
    assert sorted(actions.values_list("action", flat=True)) == ["jobs.finished", "jobs.started"]
    assert jobs.status(job)["summary"] == "Đã ghi 25 dòng"


def test_a_job_started_in_a_transaction_that_rolls_back_leaves_nothing(owner):
    before = (Job.objects.count(), DBTaskResult.objects.count())
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.start("tests.jobs.rows", owner=owner, params={"rows": 1})
        raise RuntimeError("the caller's own error")
    assert (Job.objects.count(), DBTaskResult.objects.count()) == before


def test_an_unknown_kind_is_refused_in_vietnamese(owner):
    with pytest.raises(Invalid) as err:
        jobs.start("no.such.kind", owner=owner)
    assert err.value.code == "job.unknown_kind" and "không có trong hệ thống" in err.value.message


def test_a_chunk_that_fails_is_rolled_back_with_its_checkpoint_and_the_retry_resumes_there(owner):
    job = jobs.start("tests.jobs.rows", owner=owner, params={"rows": 30, "fail_once_at": 15})
    jobs.drain([job.pk])
    job.refresh_from_db()
    # chunks 0-9 committed; chunk 10-19 failed inside its transaction: none of its rows, no checkpoint
    assert (job.state, job.checkpoint, job.done, _rows(job)) == (
        JobState.QUEUED,
        {"next": 10},
        10,
        list(range(10)),
    )
    assert job.error_code == "job.error" and "Lỗi hệ thống" in job.error_message
    assert job.not_before > timezone.now()  # the retry waits
    assert jobs.drain([job.pk]) == 0  # its time has not come
    jobs.run_now(job)
    assert (job.state, job.attempts, _rows(job)) == (JobState.SUCCEEDED, 2, list(range(30)))
    assert (job.error_code, job.error_message) == ("", "")


def test_a_step_after_losing_the_lease_is_rolled_back(owner):
    job = jobs.start("tests.jobs.rows", owner=owner, params={"rows": 30, "steal_at": 12})
    jobs.drain([job.pk])
    job.refresh_from_db()
    # the lease moved to "someone-else" inside chunk 10-19: that chunk is not written, nor
    # anything after it, and this worker leaves the job to its new holder
    assert (job.state, job.worker, job.checkpoint, _rows(job)) == (
        JobState.RUNNING,
        "someone-else",
        {"next": 10},
        list(range(10)),
    )


def test_retry_waits_then_succeeds(owner):
    job = jobs.start("tests.jobs.flaky", owner=owner, params={"fail_times": 1})
    jobs.drain([job.pk])
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error_code) == (JobState.QUEUED, 1, "tests.provider_down")
    assert jobs.status(job)["error"]["message"] == "Nhà cung cấp tạm thời không trả lời."
    wait = job.not_before - timezone.now()
    assert dt.timedelta(seconds=25) < wait <= dt.timedelta(seconds=30)
    assert jobs.run_now(job).state == JobState.SUCCEEDED and job.attempts == 2


def test_retries_stop_after_the_last_attempt(owner):
    job = jobs.start("tests.jobs.flaky", owner=owner, params={"fail_times": 9})
    for _ in range(3):
        jobs.run_now(job)
    assert (job.state, job.attempts, job.error_code) == (JobState.FAILED, 3, "tests.provider_down")
    assert AuditEntry.objects.filter(action="jobs.failed", object_id=str(job.pk)).exists()


def test_a_domain_error_fails_at_once_with_its_code_and_message(owner):
    job = jobs.run_now(jobs.start("tests.jobs.refused", owner=owner))
    assert (job.state, job.attempts, job.error_code) == (
        JobState.FAILED,
        1,
        "import.not_spreadsheet",
    )
    assert job.error_message == "Tệp không phải bảng tính .xlsx hoặc .csv." and job.finished_at


def test_an_unexpected_error_is_retried_then_fails_with_a_plain_message(owner, caplog):
    job = jobs.start("tests.jobs.crash", owner=owner)
    jobs.run_now(job)
    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    jobs.run_now(job)
    assert (job.state, job.attempts, job.error_code) == (JobState.FAILED, 2, "job.error")
    assert "boom" not in job.error_message and "boom" in caplog.text


def test_input_files_reach_the_runner(owner):
    job = jobs.start(
        "tests.jobs.rows", owner=owner, params={"rows": 1}, files={"file": ("mẫu.xlsx", b"abc")}
    )
    stored = job.files.get()
    assert (stored.name, stored.filename, stored.size) == ("file", "mẫu.xlsx", 3)
    assert stored.file.read() == b"abc"


def _running(job, *, beat_ago: float, attempts: int = 1):
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        worker="dead-host:1:1:x",
        attempts=attempts,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=beat_ago),
    )
    DBTaskResult.objects.filter(id=job.task_id).update(status=TaskResultStatus.RUNNING)


def test_the_job_of_a_dead_worker_is_taken_over_and_resumed(owner):
    job = jobs.start("tests.jobs.rows", owner=owner, params={"rows": 20, "chunk": 5})
    job.refresh_from_db()
    _running(job, beat_ago=5)
    Job.objects.filter(pk=job.pk).update(checkpoint={"next": 10}, done=10)
    assert lease.recover(stale_after=60) == 0  # still within its lease
    assert jobs.status(Job.objects.get(pk=job.pk))["stalled"] is False
    _running(job, beat_ago=120)
    Job.objects.filter(pk=job.pk).update(checkpoint={"next": 10}, done=10)
    assert jobs.status(Job.objects.get(pk=job.pk))["stalled"] is True
    assert lease.recover(stale_after=60) == 1
    old = DBTaskResult.objects.get(id=job.task_id)
    assert old.status == TaskResultStatus.FAILED and old.exception_class_path.endswith("WorkerLost")
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.task_id != str(old.id) and job.worker == ""
    jobs.drain([job.pk])
    job.refresh_from_db()
    assert (job.state, job.attempts, _rows(job)) == (JobState.SUCCEEDED, 2, list(range(10, 20)))


def test_a_job_whose_worker_keeps_dying_fails_with_a_message(owner):
    job = jobs.start("tests.jobs.rows", owner=owner, params={"rows": 5})
    job.refresh_from_db()
    _running(job, beat_ago=600, attempts=job.max_attempts)
    assert lease.recover(stale_after=60) == 1
    job.refresh_from_db()
    assert (job.state, job.error_code) == (JobState.FAILED, "job.worker_lost")
    assert "bị dừng giữa chừng 3 lần" in job.error_message


def test_a_queued_job_whose_task_is_gone_is_queued_again(owner):
    job = jobs.start("tests.jobs.rows", owner=owner, params={"rows": 3})
    job.refresh_from_db()
    DBTaskResult.objects.filter(id=job.task_id).delete()  # e.g. pruned by prune_db_task_results
    assert lease.recover(stale_after=60) == 0  # queued only just now
    Job.objects.filter(pk=job.pk).update(not_before=timezone.now() - dt.timedelta(minutes=5))
    assert lease.recover(stale_after=60) == 1
    assert jobs.drain([job.pk]) == 1
    assert Job.objects.get(pk=job.pk).state == JobState.SUCCEEDED


def test_the_immediate_runner_runs_after_commit(
    owner, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_RUNNER = "immediate"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = jobs.start("tests.jobs.rows", owner=owner, params={"rows": 4, "chunk": 2})
        assert Job.objects.get(pk=job.pk).state == JobState.QUEUED  # nothing ran before commit
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.state, _rows(job)) == (JobState.SUCCEEDED, [0, 1, 2, 3])
