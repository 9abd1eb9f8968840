"""The citizen's e-data store (SPEC §4): document types, stored documents, reuses, access log."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentType(models.Model):
    """Catalogue of document types (importable, see vault/data/document-types.csv)."""

    code = models.CharField("mã loại", max_length=40, unique=True)
    name = models.CharField("tên loại giấy tờ", max_length=200)
    # Documents without their own expiry get one from the issue date (marriage status: 6 months).
    validity_months = models.PositiveSmallIntegerField("hiệu lực (tháng)", null=True, blank=True)
    # Kept this many years after expiry (or issue, when there is no expiry); None = kept permanently.
    retention_years = models.PositiveSmallIntegerField("lưu trữ (năm)", null=True, blank=True)
    # Procedure codes whose result is a document of this type (a returned result lands as this type).
    result_of = models.JSONField("là kết quả của thủ tục", default=list, blank=True)
    legal_basis = models.TextField("căn cứ", blank=True)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "loại giấy tờ"
        verbose_name_plural = "loại giấy tờ"
        ordering = ["name"]

    def __str__(self):
        return self.name


class OwnerKind(models.TextChoices):
    CITIZEN = "citizen", _("Cá nhân (số định danh)")
    ORGANIZATION = "organization", _("Tổ chức (mã số thuế)")


class Source(models.TextChoices):
    DIGITIZED = "digitized", _("Số hóa tại Bộ phận Một cửa")
    RESULT = "result", _("Kết quả giải quyết thủ tục")
    UPLOADED = "uploaded", _("Công dân tải lên")


class VaultDocumentQuerySet(models.QuerySet):
    def valid(self, today: dt.date | None = None):
        """Neither revoked nor expired: the only documents ever offered for reuse."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today)
        )


class VaultDocument(models.Model):
    owner_kind = models.CharField(
        max_length=16, choices=OwnerKind.choices, default=OwnerKind.CITIZEN
    )
    # 12-digit national ID of a citizen, or the tax code of an organization.
    owner_id = models.CharField("số định danh/mã số thuế", max_length=14)
    doc_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField("tên giấy tờ", max_length=300)
    issuer = models.CharField("cơ quan cấp", max_length=200, blank=True)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày cấp", null=True, blank=True)
    expires_on = models.DateField("có giá trị đến", null=True, blank=True)
    file = models.FileField(upload_to="vault/%Y/%m/")
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    source = models.CharField("nguồn", max_length=16, choices=Source.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_dossier = models.ForeignKey(
        "onestop.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vault_documents",
    )
    signed = models.BooleanField("đã ký số", default=False)
    signed_document = models.ForeignKey(
        "signing.SignedDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    retain_until = models.DateField("lưu trữ đến", null=True, blank=True, db_index=True)

    objects = VaultDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "giấy tờ trong kho dữ liệu"
        verbose_name_plural = "giấy tờ trong kho dữ liệu"
        ordering = ["-added_at", "-id"]
        # Used by the reuse offers at the counter: one citizen, one type.
        indexes = [models.Index(fields=["owner_id", "doc_type"])]

    def __str__(self):
        return f"{self.title} ({self.number or self.pk})"

    def is_valid(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= today)

    @property
    def state_label(self) -> str:
        if self.revoked_at:
            return "Đã thu hồi"
        if self.expires_on and self.expires_on < timezone.localdate():
            return "Hết hiệu lực"
        return "Còn hiệu lực"


class Reuse(models.Model):
    """A stored document standing in for a dossier component (Decision 766 indicator 4.3)."""

    dossier = models.ForeignKey("onestop.Dossier", on_delete=models.CASCADE, related_name="reuses")
    component = models.ForeignKey(
        "onestop.DossierComponent", on_delete=models.CASCADE, related_name="reuses"
    )
    document = models.ForeignKey(VaultDocument, on_delete=models.PROTECT, related_name="reuses")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "tái sử dụng dữ liệu"
        verbose_name_plural = "tái sử dụng dữ liệu"
        constraints = [
            models.UniqueConstraint(fields=["component"], name="reuse_one_per_component")
        ]

    def __str__(self):
        return f"{self.dossier_id}/{self.component_id} ← {self.document_id}"


class Purpose(models.TextChoices):
    OFFER = "offer", _("Xem giấy tờ có thể tái sử dụng khi tiếp nhận hồ sơ")
    STORE = "store", _("Mở kho dữ liệu")
    DOCUMENT = "document", _("Mở giấy tờ")
    REUSE = "reuse", _("Dùng giấy tờ cho hồ sơ")
    DIGITIZE = "digitize", _("Số hóa giấy tờ vào kho")
    EXPORT = "export", _("Tải toàn bộ dữ liệu")
    POPULATION = "population", "Tra cứu CSDL quốc gia về dân cư"  # connections.population


class AccessLog(models.Model):
    """Every opening of a citizen's store, allowed or refused; the citizen reads it (SPEC §4)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    owner_id = models.CharField(max_length=14, db_index=True)
    document = models.ForeignKey(
        VaultDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="accesses"
    )
    dossier = models.ForeignKey(
        "onestop.Dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    allowed = models.BooleanField(default=True)
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "nhật ký truy cập kho dữ liệu"
        verbose_name_plural = "nhật ký truy cập kho dữ liệu"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.actor_label} {self.purpose} {self.at:%Y-%m-%d}"


class ActivationCode(models.Model):
    """ "Verified at the counter": after checking the ID card, the clerk issues a one-time code with
    which the citizen creates (or recovers) the account linked to their national ID."""

    national_id = models.CharField(max_length=12, db_index=True)
    full_name = models.CharField(max_length=150)
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "mã kích hoạt tài khoản công dân"
        verbose_name_plural = "mã kích hoạt tài khoản công dân"

    def __str__(self):
        return f"{self.national_id[:4]}… {self.issued_at:%Y-%m-%d}"
