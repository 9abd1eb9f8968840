"""The generic event table: one row per applied transition of workflows without their own."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkflowEvent(models.Model):
    workflow = models.CharField(_("quy trình"), max_length=64)
    object_type = models.CharField(max_length=64)  # "app_label.model", as in the audit log
    object_id = models.CharField(max_length=64)
    action = models.CharField(_("thao tác"), max_length=64)
    from_state = models.CharField(max_length=64, blank=True)  # blank: the creation
    to_state = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system = models.CharField(max_length=64, blank=True)  # the machine caller, if any
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện quy trình")
        verbose_name_plural = _("sự kiện quy trình")
        # history(obj) reads one object's rows in order.
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self):
        return f"{self.object_type}:{self.object_id} {self.action}"
