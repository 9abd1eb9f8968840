"""Append-only audit log, linked by a SHA-256 hash chain."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Nhật ký chỉ được ghi thêm, không được sửa.")

    def delete(self):
        raise PermissionDenied("Nhật ký chỉ được ghi thêm, không được xóa.")


class AuditEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    # The chain this entry links into: the id of its unit ("" for entries with no unit). One chain
    # per unit, so writes of different wards never wait on one another's head row (issue 16).
    chain = models.CharField(max_length=20, blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký"
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"#{self.pk} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Nhật ký chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Nhật ký chỉ được ghi thêm, không được xóa.")


class AuditHead(models.Model):
    """One row per chain holding its last hash; locking it serialises appends to that chain only."""

    chain = models.CharField(max_length=20, unique=True, default="")
    last_hash = models.CharField(max_length=64)
    last_id = models.BigIntegerField(default=0)

    def __str__(self):
        return f"head {self.chain or '-'} {self.last_id}"
