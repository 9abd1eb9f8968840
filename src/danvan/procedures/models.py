"""The catalogue of administrative procedures (TTHC) and their required components."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    SAME_DAY = "same_day", _("trong ngày")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    INFO = "info", _("Cung cấp thông tin")
    UNKNOWN = "unknown", _("Chưa xác định")


class Level(models.TextChoices):
    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")


class SupplementRule(models.TextChoices):
    # Decree 61/2018 Art 19(4): the statutory time restarts once the dossier is complete.
    RESTART = "restart", "Tính lại thời hạn từ đầu khi hồ sơ đầy đủ"
    EXTEND = "extend", "Cộng thêm thời gian chờ bổ sung"


class Procedure(models.Model):
    code = models.CharField("mã thủ tục", max_length=40, unique=True)
    name = models.TextField("tên thủ tục")
    field = models.CharField("lĩnh vực", max_length=200)
    level = models.CharField(
        "cấp thực hiện", max_length=16, choices=Level.choices, default=Level.COMMUNE
    )
    # None = not confirmed; shown as such, never invented.
    time_value = models.DecimalField(
        "thời hạn giải quyết", max_digits=6, decimal_places=1, null=True, blank=True
    )
    time_unit = models.CharField(
        "đơn vị thời hạn", max_length=16, choices=TimeUnit.choices, blank=True
    )
    cutoff_15h = models.BooleanField("áp dụng mốc 15 giờ", default=False)
    is_no_wait = models.BooleanField("thủ tục không chờ", default=False)
    no_wait_target_minutes = models.PositiveIntegerField("mục tiêu trả ngay (phút)", default=60)
    has_no_appointment = models.BooleanField("không hẹn ngày trả", default=False)
    fee_vnd = models.PositiveBigIntegerField("phí, lệ phí (đồng)", null=True, blank=True)
    fee_note = models.TextField("ghi chú phí", blank=True)
    result_name = models.TextField("kết quả", blank=True)
    needs_paper_result = models.BooleanField("kết quả là giấy tờ", default=True)
    online_level = models.CharField(
        "mức trực tuyến", max_length=16, choices=OnlineLevel.choices, default=OnlineLevel.UNKNOWN
    )
    person_applicant = models.BooleanField("đối tượng là cá nhân", default=True)
    uses_population_data = models.BooleanField("kết nối CSDL dân cư", default=False)
    supplement_rule = models.CharField(
        "khi bổ sung hồ sơ",
        max_length=16,
        choices=SupplementRule.choices,
        default=SupplementRule.RESTART,
    )
    legal_basis = models.TextField("căn cứ pháp lý", blank=True)
    source_url = models.TextField("nguồn", blank=True)
    is_active = models.BooleanField("đang áp dụng", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["field", "code"]

    def __str__(self):
        return f"{self.code} {self.name[:80]}"

    @property
    def time_is_confirmed(self) -> bool:
        return self.time_value is not None and bool(self.time_unit)

    def statutory_time_text(self) -> str:
        if not self.time_is_confirmed:
            return str(_("Chưa xác nhận"))
        if self.time_unit == TimeUnit.SAME_DAY:
            return str(_("Trong ngày làm việc"))
        value = int(self.time_value) if self.time_value == int(self.time_value) else self.time_value
        return f"{value} {self.get_time_unit_display()}"


class CopyKind(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    CERTIFIED_COPY = "certified_copy", _("Bản sao có chứng thực")
    COPY = "copy", _("Bản sao")


class ProcedureComponent(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.TextField("tên giấy tờ")
    copy_kind = models.CharField(
        "loại bản", max_length=20, choices=CopyKind.choices, default=CopyKind.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField("số lượng", default=1)
    shown_only = models.BooleanField("chỉ xuất trình", default=False)
    required = models.BooleanField("bắt buộc", default=True)
    # Vault document type codes that can stand in for this component (reuse, SPEC §4).
    vault_types = models.JSONField(
        "loại giấy tờ trong kho có thể thay thế", default=list, blank=True
    )

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["procedure", "position"]

    def __str__(self):
        return self.name[:80]


class ProcedureStep(models.Model):
    """One step of the processing chain with its time budget and the role that does it."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField("bước", max_length=200)
    role = models.CharField("vai trò thực hiện", max_length=32)
    budget_hours = models.DecimalField("thời gian (giờ làm việc)", max_digits=6, decimal_places=1)
    # Why a budget is provisional, e.g. the statutory time is not confirmed.
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "bước xử lý"
        verbose_name_plural = "bước xử lý"
        ordering = ["procedure", "position"]

    def __str__(self):
        return self.name
