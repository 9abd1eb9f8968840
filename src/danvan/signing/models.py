"""Signing credentials, PINs, delegations (Decree 30/2020 authority forms) and signed results."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CredentialKind(models.TextChoices):
    OFFICIAL = "official", "Chữ ký cá nhân (người có thẩm quyền)"
    SEAL = "seal", "Chữ ký cơ quan, tổ chức (con dấu)"


class SigningCredential(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signing_credentials"
    )
    kind = models.CharField("loại", max_length=16, choices=CredentialKind.choices)
    organization = models.CharField("cơ quan", max_length=255)
    certificate_pem = models.TextField("chứng thư số (PEM)")
    chain_pem = models.TextField("chuỗi chứng thư (PEM)", blank=True)
    encrypted_key = models.BinaryField("khóa bí mật (đã mã hóa)")
    fingerprint = models.CharField("dấu vân tay SHA-256", max_length=64, db_index=True)
    not_before = models.DateTimeField("hiệu lực từ")
    not_after = models.DateTimeField("hiệu lực đến")
    is_test = models.BooleanField("chứng thư thử nghiệm", default=False)
    active = models.BooleanField("đang dùng", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "chứng thư ký số"
        verbose_name_plural = "chứng thư ký số"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.fingerprint[:12]}"


class SigningPin(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signing_pin"
    )
    pin_hash = models.CharField(max_length=256)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "mã PIN ký số"
        verbose_name_plural = "mã PIN ký số"

    def __str__(self) -> str:
        return f"PIN · {self.user}"


class AuthorityForm(models.TextChoices):
    COMPETENT = "", "Người có thẩm quyền ký"
    KT = "KT.", "Ký thay (KT.)"
    TM = "TM.", "Thay mặt (TM.)"
    TUQ = "TUQ.", "Thừa ủy quyền (TUQ.)"
    TL = "TL.", "Thừa lệnh (TL.)"


class Delegation(models.Model):
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations"
    )
    for_whom = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegated",
    )
    form = models.CharField("hình thức", max_length=8, choices=AuthorityForm.choices, blank=True)
    title_lines = models.JSONField("dòng chức danh", default=list)
    procedures = models.JSONField(
        "mã thủ tục/loại văn bản (trống = tất cả)", default=list, blank=True
    )
    valid_from = models.DateTimeField("hiệu lực từ")
    valid_to = models.DateTimeField("hiệu lực đến", null=True, blank=True)

    class Meta:
        verbose_name = "ủy quyền ký"
        verbose_name_plural = "ủy quyền ký"

    def __str__(self) -> str:
        return f"{self.delegate} · {' / '.join(self.title_lines)}"

    def covers(self, procedure_code: str, at) -> bool:
        if at < self.valid_from or (self.valid_to and at >= self.valid_to):
            return False
        return not self.procedures or procedure_code in self.procedures


def signed_upload_to(instance, filename: str) -> str:
    return f"signed/{filename}"


class SignedDocument(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to=signed_upload_to)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seal_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField()
    sealed_at = models.DateTimeField(null=True, blank=True)
    profile = models.CharField(max_length=8, default="B-T")
    title_lines = models.JSONField(default=list)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    verification_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "văn bản đã ký số"
        verbose_name_plural = "văn bản đã ký số"
        ordering = ["-signed_at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.public_id}"


class BatchState(models.TextChoices):
    PENDING = "pending", _("Chờ ký")
    RUNNING = "running", _("Đang ký")
    FINISHED = "finished", _("Đã xong")


class BatchKindChoice(models.TextChoices):
    SIGN = "sign", _("Ký số (lãnh đạo)")
    SEAL = "seal", _("Đóng dấu số (văn thư)")


class ItemState(models.TextChoices):
    PENDING = "pending", _("Chờ ký")
    SIGNED = "signed", _("Đã ký")
    FAILED = "failed", _("Không ký được")


class SigningBatch(models.Model):
    """Many documents signed after one PIN confirmation (SPEC §3 batch signing).

    Created only after the signer's PIN was checked, with its background ``job`` (danvan.jobs),
    which signs the items one by one, each in its own transaction. The job's lease decides who
    runs it; ``worker`` and ``heartbeat_at`` record the attempt that claimed the batch.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signing_batches"
    )
    object_type = models.CharField(max_length=64)
    # "sign": the leader's signature (e.g. the dossier's "approve"); "seal": the office clerk's
    # organization seal on results already signed (the dossier's "seal"). ``signer`` is who acts.
    kind = models.CharField(
        "loại lô", max_length=8, choices=BatchKindChoice.choices, default=BatchKindChoice.SIGN
    )
    profile = models.CharField(max_length=8)
    state = models.CharField(max_length=16, choices=BatchState.choices, default=BatchState.PENDING)
    version = models.PositiveIntegerField(default=0)  # signing.flows.BATCH_FLOW
    authorized_at = models.DateTimeField("xác nhận PIN lúc")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    job = models.OneToOneField(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "lô ký số"
        verbose_name_plural = "lô ký số"
        ordering = ["-created_at"]
        # The worker polls unfinished batches.
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.public_id}"


class SigningBatchItem(models.Model):
    batch = models.ForeignKey(SigningBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    object_id = models.CharField(max_length=64)
    label = models.CharField("văn bản", max_length=100)
    state = models.CharField(max_length=16, choices=ItemState.choices, default=ItemState.PENDING)
    version = models.PositiveIntegerField(default=0)  # signing.flows.ITEM_FLOW
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    document = models.ForeignKey(
        SignedDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "văn bản trong lô ký"
        verbose_name_plural = "văn bản trong lô ký"
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "position"], name="signing_batch_item_position"
            )
        ]
        indexes = [models.Index(fields=["object_id", "state"])]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.position} {self.label}"
