"""Citizen petitions (phản ánh, kiến nghị, khiếu nại, tố cáo), the matters they are grouped into,
hot spots (điểm nóng) and the rules that raise them (SPEC §6, issue 12)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.units.models import Unit


class Kind(models.TextChoices):
    FEEDBACK = "feedback", _("Phản ánh")
    RECOMMENDATION = "recommendation", _("Kiến nghị")
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")


class Category(models.TextChoices):
    LAND = "land", _("Đất đai, giải phóng mặt bằng")
    ENVIRONMENT = "environment", _("Môi trường")
    ORDER = "order", _("An ninh, trật tự")
    CONDUCT = "conduct", _("Tác phong cán bộ, kỷ luật hành chính")
    SOCIAL = "social", _("Chính sách xã hội")
    INFRASTRUCTURE = "infrastructure", _("Hạ tầng, giao thông, đô thị")
    OTHER = "other", _("Khác")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Cổng thông tin (công dân tự gửi)")
    COUNTER = "counter", _("Trực tiếp tại bộ phận tiếp nhận")
    RECEPTION = "reception", _("Ngày tiếp công dân")
    HOTLINE = "hotline", _("Đường dây nóng")
    LETTER = "letter", _("Thư, đơn gửi qua bưu chính")
    FORWARDED = "forwarded", _("Cơ quan khác chuyển đến")
    API = "api", _("Hệ thống khác (API)")
    OPEN311 = "open311", _("Ứng dụng Open311")
    IMPORT = "import", _("Nhập từ tệp")


class PetitionState(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ROUTED = "routed", _("Đã chuyển cơ quan giải quyết")
    HANDLING = "handling", _("Đang giải quyết")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã kết thúc")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan có thẩm quyền")
    ESCALATED = "escalated", _("Đã chuyển lên cấp trên")
    REFUSED = "refused", _("Không thụ lý")


PETITION_CLOSED = {
    PetitionState.CLOSED,
    PetitionState.TRANSFERRED,
    PetitionState.ESCALATED,
    PetitionState.REFUSED,
}


class Satisfaction(models.IntegerChoices):
    VERY_UNSATISFIED = 1, _("Rất không hài lòng")
    UNSATISFIED = 2, _("Không hài lòng")
    NEUTRAL = 3, _("Bình thường")
    SATISFIED = 4, _("Hài lòng")
    VERY_SATISFIED = 5, _("Rất hài lòng")


class Matter(models.Model):
    """A matter (vụ việc): petitions about the same problem, grouped by officials."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("vụ việc"), max_length=300)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    village = models.CharField(_("thôn, tổ dân phố"), max_length=150, blank=True)
    project_segment = models.CharField(_("đoạn dự án trọng điểm"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Petition(models.Model):
    tracking_code = models.CharField(_("mã theo dõi"), max_length=20, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại đơn"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("lĩnh vực"), max_length=20, choices=Category.choices)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    description = models.TextField(_("nội dung"))
    village = models.CharField(_("thôn, tổ dân phố"), max_length=150, blank=True)
    address = models.CharField(_("địa điểm xảy ra"), max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    project_segment = models.CharField(_("đoạn dự án trọng điểm"), max_length=60, blank=True)
    # The petitioner (personal data: masked unless danvan.core.privacy allows).
    petitioner_name = models.CharField(_("người gửi"), max_length=150, blank=True)
    petitioner_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    petitioner_email = models.CharField(_("thư điện tử"), max_length=254, blank=True)
    petitioner_address = models.CharField(_("địa chỉ người gửi"), max_length=300, blank=True)
    petitioner_national_id = models.CharField(_("số định danh"), max_length=12, blank=True)
    people_count = models.PositiveIntegerField(_("số người"), default=1)
    representatives = models.PositiveIntegerField(_("số người đại diện"), default=0)
    forwarded_from = models.CharField(_("cơ quan chuyển đến"), max_length=200, blank=True)
    source_ref = models.CharField(_("số hiệu ở hệ thống gửi"), max_length=100, blank=True)
    # The public form's one-time token (hashed): a double submit finds the petition it made.
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    # An imported row's natural key (grassroots.importers.natural_key, a SHA-256): the same
    # letter in a file imported twice, or in two overlapping files, is stored once.
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    attachment = models.FileField(upload_to="grassroots/%Y/%m/", blank=True)
    # Handling
    state = models.CharField(max_length=20, choices=PetitionState.choices)
    version = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(_("ngày tiếp nhận"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acceptance_due_at = models.DateTimeField(_("hạn phân loại, thụ lý"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn giải quyết"), null=True, blank=True)
    deadline_basis = models.CharField(_("căn cứ thời hạn"), max_length=300, blank=True)
    handling_body = models.CharField(_("cơ quan giải quyết"), max_length=200, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    complex_case = models.BooleanField(_("vụ việc phức tạp"), default=False)
    escalation_level = models.CharField(_("cấp đã gửi đến"), max_length=20, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answer_ref = models.CharField(_("số văn bản trả lời"), max_length=60, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_on_time = models.BooleanField(null=True)
    satisfaction = models.PositiveSmallIntegerField(
        choices=Satisfaction.choices, null=True, blank=True
    )
    satisfaction_comment = models.CharField(max_length=1000, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    transferred_to = models.CharField(_("chuyển đến cơ quan"), max_length=200, blank=True)
    matter = models.ForeignKey(
        Matter, null=True, blank=True, on_delete=models.SET_NULL, related_name="petitions"
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["unit", "received_at"]),
            models.Index(fields=["state", "due_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~models.Q(submission_key=""),
                name="grassroots_petition_one_per_form",
            ),
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~models.Q(import_key=""),
                name="grassroots_petition_one_per_import_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state not in PETITION_CLOSED

    @property
    def protects_identity(self) -> bool:
        """Law on Denunciations 2018 Art. 47: the denouncer's identity is kept secret."""
        return self.kind == Kind.DENUNCIATION


class HotspotState(models.TextChoices):
    OPEN = "open", _("Mới phát sinh")
    MONITORING = "monitoring", _("Đang theo dõi, xử lý")
    SETTLED = "settled", _("Đã ổn định")


class Hotspot(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="hotspots")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=20, choices=HotspotState.choices)
    version = models.PositiveIntegerField(default=0)
    reasons = models.JSONField(_("lý do"), default=list)
    score = models.PositiveIntegerField(default=0)
    lead_body = models.CharField(_("cơ quan chủ trì"), max_length=200, blank=True)
    responsible = models.CharField(_("người chịu trách nhiệm"), max_length=150, blank=True)
    plan = models.TextField(_("phương án xử lý"), blank=True)
    opened_at = models.DateTimeField()
    settled_at = models.DateTimeField(null=True, blank=True)
    settlement = models.TextField(_("kết quả giải quyết"), blank=True)

    class Meta:
        ordering = ["-score", "-opened_at"]

    def __str__(self) -> str:
        return str(self.matter)


class RuleKind(models.TextChoices):
    RECEPTION_GROUP = "reception_group", _("Đoàn đông người tại buổi tiếp công dân")
    MANY_PETITIONS = "many_petitions", _("Nhiều đơn về cùng vụ việc trong thời gian ngắn")
    ESCALATION = "escalation", _("Vượt cấp, gửi lên cấp trên hoặc Trung ương")
    OVERDUE = "overdue", _("Quá hạn giải quyết")
    SITE_CLEARANCE = "site_clearance", _("Liên quan giải phóng mặt bằng")
    REPEAT = "repeat", _("Khiếu nại lặp lại sau khi đã trả lời")


class HotspotRule(models.Model):
    """A threshold that makes a matter a hot spot: data, edited by the city."""

    code = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=RuleKind.choices)
    label = models.CharField(_("tên quy tắc"), max_length=200)
    threshold = models.PositiveIntegerField(_("ngưỡng"))
    window_days = models.PositiveIntegerField(_("trong số ngày"), default=0)
    weight = models.PositiveIntegerField(_("trọng số"), default=1)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "threshold"]

    def __str__(self) -> str:
        return self.label


class Open311Key(models.Model):
    """An `api_key` of a trusted submitter (an app or a partner) of the Open311 endpoint."""

    name = models.CharField(max_length=200)
    key_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
