"""Shared mechanisms: notifications and idempotency keys, used by every app."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Thư điện tử"
        SMS = "sms", "Tin nhắn"

    class State(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Gửi lỗi"

    kind = models.CharField(max_length=60, db_index=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    state = models.CharField(max_length=8, choices=State.choices)
    error = models.TextField(blank=True)  # the last failed attempt's error (cleared once sent)
    attempts = models.PositiveSmallIntegerField(default=0)
    at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"

    def __str__(self):
        return f"{self.kind} → {self.to}"


class IdempotencyKey(models.Model):
    """A write repeated with the same Idempotency-Key returns the first answer, not a duplicate."""

    key = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    scope = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "user", "scope"], name="idempotency_unique")
        ]

    def __str__(self):
        return self.key


class StagedUpload(models.Model):
    """A checked file kept for a form that failed on something else, so the citizen or clerk
    does not pick it again. Found only by its unguessable token; purged after a day."""

    token = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="staged/%Y/%m/%d/")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.name


class RateCount(models.Model):
    """Admitted requests of one client address to one public bucket in one minute (the public rate
    limit, danvan.core.ratelimit). In the database, so every app process and worker counts the same
    requests: a per-process cache let each of N processes admit the whole limit."""

    bucket = models.CharField(max_length=40)
    address = models.CharField(max_length=64)
    minute = models.BigIntegerField(db_index=True)  # Unix time // 60
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bucket", "address", "minute"], name="core_ratecount_one_per_minute"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bucket} {self.address} {self.minute}: {self.count}"
