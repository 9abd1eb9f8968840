"""Notifications (issue 8 item 9): stored, sent only after commit and never on rollback, a
failure recorded on the row, retried by the job, and a slow provider never holds the request."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from danvan.core.models import Notification
from danvan.core.notify import notify
from danvan.jobs import services as jobs
from danvan.jobs.models import Job, JobState
from danvan.jobs.notifications import KIND

pytestmark = pytest.mark.django_db
SENT, FAILED, PENDING = (
    Notification.State.SENT,
    Notification.State.FAILED,
    Notification.State.PENDING,
)


class FlakySms:
    """An SMS provider that is down until told otherwise, and counts what it was asked to send."""

    down = True
    sent: list = []

    def send(self, to: str, text: str) -> None:
        if FlakySms.down:
            raise ConnectionError("SMS gateway timeout")
        FlakySms.sent.append((to, text))


@pytest.fixture
def flaky_sms(settings):
    settings.SMS_BACKEND = "tests.core.test_notify.FlakySms"
    FlakySms.down, FlakySms.sent = True, []
    return FlakySms


@pytest.fixture(autouse=True)
def jobs_dispatcher():
    """These tests are about the jobs app's delivery; the installed platform sends through the
    connections outbox instead (tests/connections/test_notices.py), restored afterwards."""
    from danvan.core import notify as notify_module
    from danvan.jobs import notifications

    previous = list(notify_module._dispatchers)
    notifications.register()
    yield
    notify_module._dispatchers[:] = previous


def _send(**kw):
    defaults = {"email": "dan@example.org", "phone": "0912345678", "subject": "Hồ sơ đã tiếp nhận"}
    return notify("tests.notify", body="Hồ sơ HK-1 đã được tiếp nhận.", **{**defaults, **kw})


def _job(notes) -> Job:
    return Job.objects.get(kind=KIND, params__notes=[n.pk for n in notes])


def test_notifications_are_stored_and_sent_by_a_job_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.JOBS_RUNNER = "immediate"
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notes = _send()
            assert [n.state for n in notes] == [PENDING, PENDING]
            assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dan@example.org"]
    assert mail.outbox[0].subject == "Hồ sơ đã tiếp nhận"
    stored = Notification.objects.filter(pk__in=[n.pk for n in notes]).order_by("channel")
    assert [(n.channel, n.to, n.state, n.attempts, n.error) for n in stored] == [
        ("email", "dan@example.org", SENT, 1, ""),
        ("sms", "0912345678", SENT, 1, ""),
    ]
    assert all(n.sent_at for n in stored)
    job = _job(notes)
    assert (job.state, job.owner, job.done, job.total) == (JobState.SUCCEEDED, None, 2, 2)
    assert jobs.status(job)["summary"] == "Đã gửi 2 thông báo."


def test_nothing_is_stored_or_sent_when_the_transaction_rolls_back(
    settings, django_capture_on_commit_callbacks
):
    settings.JOBS_RUNNER = "immediate"
    before = (Notification.objects.count(), Job.objects.count(), DBTaskResult.objects.count())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _send()
            raise RuntimeError("the dossier transition failed after notifying")
    assert callbacks == [] and mail.outbox == []
    after = (Notification.objects.count(), Job.objects.count(), DBTaskResult.objects.count())
    assert after == before


def test_the_request_never_waits_for_the_provider(flaky_sms):
    """With the database queue (thread and worker runners) notify() only writes rows."""
    notes = _send()
    assert mail.outbox == [] and flaky_sms.sent == []
    job = _job(notes)
    assert job.state == JobState.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()
    assert Notification.objects.get(pk=notes[1].pk).attempts == 0  # the provider was not called


def test_a_failed_delivery_is_recorded_and_retried_by_the_job(flaky_sms):
    email, sms = _send()
    job = jobs.run_now(_job([email, sms]))
    email.refresh_from_db(), sms.refresh_from_db()
    assert (email.state, email.attempts) == (SENT, 1) and len(mail.outbox) == 1
    assert (sms.state, sms.attempts, sms.error) == (FAILED, 1, "SMS gateway timeout")
    assert (job.state, job.error_code, job.done, job.total) == (
        JobState.QUEUED,
        "notify.failed",
        1,
        2,
    )
    assert job.error_message == "Chưa gửi được 1/2 thông báo: SMS gateway timeout"

    flaky_sms.down = False  # the provider is back
    job = jobs.run_now(job)
    email.refresh_from_db(), sms.refresh_from_db()
    assert (sms.state, sms.attempts, sms.error) == (SENT, 2, "")
    assert flaky_sms.sent == [("0912345678", "Hồ sơ HK-1 đã được tiếp nhận.")]
    assert email.attempts == 1 and len(mail.outbox) == 1  # the email was not sent twice
    assert (job.state, job.attempts, job.error_code) == (JobState.SUCCEEDED, 2, "")


def test_a_provider_down_for_good_fails_the_job_and_keeps_the_error(flaky_sms):
    (sms,) = _send(email="")
    job = _job([sms])
    for _ in range(job.max_attempts):
        job = jobs.run_now(job)
    sms.refresh_from_db()
    assert (sms.state, sms.attempts, sms.error) == (FAILED, 5, "SMS gateway timeout")
    assert (job.state, job.attempts, job.error_code) == (JobState.FAILED, 5, "notify.failed")


def test_without_the_jobs_app_delivery_runs_after_commit(django_capture_on_commit_callbacks):
    from danvan.core import notify as notify_module
    from danvan.jobs import notifications

    notify_module.set_dispatcher(None)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            (email,) = _send(phone="")
            assert mail.outbox == []
        email.refresh_from_db()
        assert email.state == SENT and len(mail.outbox) == 1
        assert not Job.objects.filter(kind=KIND, params__notes=[email.pk]).exists()
    finally:
        notifications.register()  # the fixture puts the platform's dispatcher back
