"""A background job: who asked, what it does, how far it got, what it produced.

The queue itself is django-tasks' (``django_tasks_db.DBTaskResult``); a Job is the record people
see (page, API) and the lease that lets a job killed with its worker be taken over and resumed:
``worker`` + ``heartbeat_at`` say who holds it, ``checkpoint`` says where it stopped.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ chạy")
    RUNNING = "running", _("Đang chạy")
    SUCCEEDED = "succeeded", _("Đã xong")
    FAILED = "failed", _("Không thành công")


FINISHED_STATES = (JobState.SUCCEEDED, JobState.FAILED)


class Job(models.Model):
    public_id = models.UUIDField(_("mã công việc"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại"), max_length=100, db_index=True)
    title = models.CharField(_("tên công việc"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), null=True, blank=True)
    result = models.JSONField(_("kết quả"), null=True, blank=True)
    result_file = models.FileField(_("tệp kết quả"), upload_to="jobs/results/%Y/%m/", blank=True)
    result_name = models.CharField(_("tên tệp kết quả"), max_length=200, blank=True)
    error_code = models.CharField(_("mã lỗi"), max_length=64, blank=True)
    error_message = models.TextField(_("thông báo lỗi"), blank=True)
    # Where a resumable job stopped: written in the same transaction as the chunk it covers.
    checkpoint = models.JSONField(_("điểm dừng"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("số lần chạy tối đa"), default=3)
    worker = models.CharField(_("tiến trình đang chạy"), max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(_("báo còn chạy lúc"), null=True, blank=True)
    not_before = models.DateTimeField(_("chạy từ"), default=timezone.now)
    # The django-tasks TaskResult id of the latest attempt (the library's own record of the run).
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        indexes = [
            # The lease keeper's scan: running jobs whose heartbeat stopped.
            models.Index(fields=["state", "heartbeat_at"], name="job_state_heartbeat"),
            models.Index(fields=["owner", "-created_at"], name="job_owner_recent"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.state == JobState.SUCCEEDED else None
        return min(100, round(100 * self.done / self.total))


class JobFile(models.Model):
    """An input file handed to a job (e.g. the uploaded spreadsheet); kept with the job."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("tên"), max_length=60)
    filename = models.CharField(_("tên tệp"), max_length=200)
    file = models.FileField(_("tệp"), upload_to="jobs/inputs/%Y/%m/")
    size = models.PositiveBigIntegerField(_("kích thước"), default=0)

    class Meta:
        verbose_name = _("tệp đầu vào")
        verbose_name_plural = _("tệp đầu vào")
        constraints = [models.UniqueConstraint(fields=["job", "name"], name="jobfile_unique_name")]

    def __str__(self):
        return self.filename
