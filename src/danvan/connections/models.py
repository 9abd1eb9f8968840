"""The outbox (one table of messages that must leave the platform), the portal-sync state of each
dossier, and the log of population-data look-ups. See docs/connections.md."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không thành công")
    # A citizen notification not sent because she turned that channel or topic off.
    SKIPPED = "skipped", _("Không gửi (theo lựa chọn của công dân)")


class OutboxMessage(models.Model):
    """One message to an outside system, written in the transaction of the change it reports.

    Messages with the same ``key`` (one dossier) are sent in ``id`` order: a message waits while
    an earlier one of its key is not sent. ``public_id`` goes with every attempt as the
    idempotency key, so a receiver that saw an attempt whose answer was lost ignores the resend."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại"), max_length=40, db_index=True)
    key = models.CharField(_("khóa thứ tự"), max_length=80, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The unit whose change it reports (who may see it: scope); empty for system messages.
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("nội dung"), max_length=200, blank=True)
    payload = models.JSONField(default=dict)
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=MessageState.choices,
        default=MessageState.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("số lần gửi tối đa"), default=8)
    next_attempt_at = models.DateTimeField(_("lần gửi tiếp theo"), default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    response = models.JSONField(_("trả lời của hệ thống nhận"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tin gửi đi")
        verbose_name_plural = _("hộp thư đi")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["key", "id"]),
        ]

    def __str__(self):
        return f"{self.kind} {self.key} #{self.pk}"


class PortalSync(models.Model):
    """Where a dossier stands with the National Public Service Portal."""

    dossier = models.OneToOneField(
        "onestop.Dossier", on_delete=models.CASCADE, related_name="portal_sync"
    )
    created_on_portal = models.BooleanField(default=False)
    status_sent = models.PositiveSmallIntegerField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)  # our last change to send
    synced_at = models.DateTimeField(_("đồng bộ lúc"), null=True, blank=True)
    history_rows = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("đồng bộ Cổng DVC quốc gia")
        verbose_name_plural = _("đồng bộ Cổng DVC quốc gia")

    def __str__(self):
        return f"{self.dossier_id} {self.synced_at}"

    @property
    def in_sync(self) -> bool:
        return self.synced_at is not None and self.synced_at >= self.changed_at


class PopulationLookup(models.Model):
    """One question to the national population database (ChiaSeThongTinCongDan), answered or not."""

    request_code = models.CharField(_("mã yêu cầu"), max_length=64, unique=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    national_id = models.CharField(_("số định danh"), max_length=12, db_index=True)
    asked_name = models.CharField(max_length=150)
    asked_birth = models.CharField(max_length=8)
    reason = models.CharField(_("lý do"), max_length=300)
    dossier = models.ForeignKey(
        "onestop.Dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    found = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tra cứu CSDL quốc gia về dân cư")
        verbose_name_plural = _("tra cứu CSDL quốc gia về dân cư")
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.request_code


class CitizenPreference(models.Model):
    """How a citizen (by national ID) wants to be told about her dossiers: which channels (SMS,
    Zalo OA, email) and which topics she turned off. Legally required notices (supplement
    requested, refusal, apology and new date) are sent whatever she chose; see
    services/notices.py."""

    national_id = models.CharField(_("số định danh"), max_length=12, unique=True)
    sms = models.BooleanField(_("tin nhắn SMS"), default=True)
    zalo = models.BooleanField(_("Zalo OA"), default=False)
    email = models.BooleanField(_("thư điện tử"), default=True)
    muted = models.JSONField(_("loại thông báo không nhận"), default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")

    def __str__(self):
        return f"{self.national_id[-4:]} sms={self.sms} zalo={self.zalo} email={self.email}"


class ProviderMessage(models.Model):
    """One message handed to a provider (brand-name SMS, Zalo OA, email) and what it answered:
    one row per request id (the outbox message's, stable across its attempts), the last answer."""

    class State(models.TextChoices):
        ACCEPTED = "accepted", _("Nhà cung cấp đã nhận")
        FAILED = "failed", _("Không gửi được")

    provider = models.CharField(max_length=16)
    outbox = models.ForeignKey(
        OutboxMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    to = models.CharField(max_length=254)
    request_id = models.CharField(max_length=64, unique=True)
    provider_message_id = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=16, choices=State.choices)
    answer = models.JSONField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tin gửi qua nhà cung cấp")
        verbose_name_plural = _("tin gửi qua nhà cung cấp")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.provider} {self.request_id} {self.state}"
