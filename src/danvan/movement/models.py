"""Mass-mobilization work (SPEC §5): "Dân vận khéo" practices and their spread, the contest,
self-managed groups, prestigious persons, mountain-commune models and figures, key projects.

Legal and practical basis: ../shared/data/mobilization-rules.md §5–§7 (Plan 70-KH/BDVTW 2009,
Directive 12-CT/TU, Plan 48-KH/BDVTU 2024 for the contest)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.accounts.models import Organization
from danvan.units.models import Unit


class Level(models.TextChoices):
    """Registering / recognizing level. Pre-2025 the chain was cơ sở → quận/huyện → thành phố
    (mobilization-rules.md §5); the district level is kept for history."""

    VILLAGE = "village", _("Thôn, tổ dân phố")
    COMMUNE = "commune", _("Xã, phường")
    DISTRICT = "district", _("Quận, huyện (trước 1/7/2025)")
    CITY = "city", _("Thành phố")
    AGENCY = "agency", _("Cơ quan, lực lượng vũ trang, doanh nghiệp")


# Order of levels for "recognition at a higher level keeps the lower one".
LEVEL_RANK = {Level.VILLAGE: 0, Level.AGENCY: 0, Level.COMMUNE: 1, Level.DISTRICT: 2, Level.CITY: 3}
# The unit kind whose mobilization officers are "that level's authority".
LEVEL_UNIT_KIND = {Level.COMMUNE: "commune", Level.DISTRICT: "district", Level.CITY: "province"}


class Field(models.TextChoices):
    """Typical fields (mobilization-rules.md §5; an official Hà Nội list is unconfirmed)."""

    ECONOMY = "economy", _("Kinh tế")
    CULTURE_SOCIETY = "culture_society", _("Văn hóa – xã hội")
    DEFENCE_SECURITY = "defence_security", _("Quốc phòng – an ninh")
    POLITICAL_SYSTEM = "political_system", _("Xây dựng hệ thống chính trị")
    NEW_RURAL = "new_rural", _("Nông thôn mới, đô thị văn minh")
    DIGITAL = "digital", _("Chuyển đổi số")
    ENVIRONMENT = "environment", _("Môi trường")
    SITE_CLEARANCE = "site_clearance", _("Giải phóng mặt bằng")


class HolderKind(models.TextChoices):
    UNIT = "unit", _("Tập thể: đơn vị hành chính")
    ORGANIZATION = "organization", _("Tập thể: cơ quan, tổ chức")
    INDIVIDUAL = "individual", _("Cá nhân")


class Origin(models.TextChoices):
    """How the practice enters this period's register (the reviews count new / maintained /
    replicated practices)."""

    # Context: the same words are also the (plural) names of the indicators counting them.
    NEW = "new", pgettext_lazy("practice origin", "Mô hình mới")
    MAINTAINED = "maintained", pgettext_lazy("practice origin", "Mô hình duy trì")
    REPLICATED = "replicated", pgettext_lazy("practice origin", "Mô hình nhân rộng")


class PracticeState(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký")
    LAUNCHED = "launched", _("Đang triển khai")
    EVALUATING = "evaluating", _("Đang đánh giá")
    RECOGNIZED = "recognized", _("Đã công nhận")
    MAINTAINED = "maintained", _("Duy trì")
    REPLICATED = "replicated", _("Nhân rộng")
    CONSOLIDATED = "consolidated", _("Củng cố")
    DROPPED = "dropped", _("Dừng")


class Practice(models.Model):
    code = models.CharField(_("mã"), max_length=24, unique=True)
    name = models.CharField(_("tên mô hình"), max_length=500)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="practices", verbose_name=_("đơn vị đăng ký")
    )
    level = models.CharField(_("cấp đăng ký"), max_length=16, choices=Level.choices)
    field = models.CharField(_("lĩnh vực"), max_length=24, choices=Field.choices)
    holder_kind = models.CharField(_("chủ thể"), max_length=16, choices=HolderKind.choices)
    holder_name = models.CharField(_("tên chủ thể"), max_length=300)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="practices"
    )
    origin = models.CharField(
        _("loại đăng ký"), max_length=16, choices=Origin.choices, default=Origin.NEW
    )
    registered_on = models.DateField(_("ngày đăng ký"), db_index=True)
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    situation = models.TextField(_("thực trạng, lý do"), blank=True)
    objectives = models.TextField(_("mục tiêu, tiêu chí"), blank=True)
    method = models.TextField(_("nội dung, cách làm"), blank=True)
    area_target = models.TextField(_("địa bàn, đối tượng"), blank=True)
    forces = models.TextField(_("lực lượng chủ trì, phối hợp"), blank=True)
    funds_vnd = models.BigIntegerField(_("kinh phí (đồng)"), null=True, blank=True)
    workdays = models.PositiveIntegerField(_("ngày công"), null=True, blank=True)
    contributions = models.TextField(_("đóng góp"), blank=True)
    started_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    evaluation_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    outputs = models.TextField(_("kết quả"), blank=True)
    beneficiaries = models.PositiveIntegerField(_("số người hưởng lợi"), null=True, blank=True)
    maintainable = models.BooleanField(_("có thể duy trì"), default=True)
    replicable = models.BooleanField(_("có thể nhân rộng"), default=False)
    replicates = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replicas",
        verbose_name=_("nhân rộng từ mô hình"),
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=PracticeState.choices, db_index=True
    )
    recognized_level = models.CharField(
        _("cấp công nhận cao nhất"), max_length=16, choices=Level.choices, blank=True
    )
    version = models.PositiveIntegerField(default=0)
    projects = models.ManyToManyField("Project", blank=True, related_name="practices")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search = models.TextField(blank=True, editable=False)  # folded name + holder, for search

    class Meta:
        verbose_name = _("mô hình “Dân vận khéo”")
        indexes = [
            models.Index(fields=["year", "state"], name="practice_year_state"),
            models.Index(fields=["-registered_on", "-id"], name="practice_list_order"),
        ]

    def __str__(self):
        return self.name


class Recognition(models.Model):
    """Công nhận at one level; a higher recognition keeps the lower ones."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="recognitions")
    level = models.CharField(_("cấp công nhận"), max_length=16, choices=Level.choices)
    authority = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("ngày công nhận"), db_index=True)
    decision_no = models.CharField(_("số quyết định"), max_length=64, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "level"], name="recognition_once_per_level")
        ]

    def __str__(self):
        return f"{self.practice} · {self.get_level_display()}"


class CommendationKind(models.TextChoices):
    CERTIFICATE_OF_MERIT = "bang_khen", _("Bằng khen")
    CERTIFICATE = "giay_khen", _("Giấy khen")
    OTHER = "other", _("Hình thức khác")


class Commendation(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="commendations")
    kind = models.CharField(_("hình thức"), max_length=16, choices=CommendationKind.choices)
    given_by = models.CharField(_("cấp, cơ quan khen"), max_length=300)
    given_on = models.DateField(_("ngày khen"), db_index=True)
    decision_no = models.CharField(_("số quyết định"), max_length=64, blank=True)

    def __str__(self):
        return f"{self.get_kind_display()} · {self.given_by}"


class Evidence(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("tên tài liệu"), max_length=300)
    file = models.FileField(upload_to="movement/evidence/%Y/")
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    is_photo = models.BooleanField(default=False)
    # Shown on the public showcase (photos only; an official chooses: photos may show people).
    is_public = models.BooleanField(_("công khai trên trang giới thiệu"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    # --- Contest (hội thi) ------------------------------------------------------------------------

    def __str__(self):
        return self.title


class Contest(models.Model):
    name = models.CharField(_("tên hội thi"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    plan_ref = models.CharField(_("kế hoạch"), max_length=120, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="contests")
    held_on = models.DateField(_("ngày tổ chức"), db_index=True)
    # Tie rule: part codes compared in this order (higher wins), then the drawn lot.
    tie_rule = models.JSONField(_("quy tắc xếp hạng khi bằng điểm"), default=list)
    published = models.BooleanField(_("công bố kết quả"), default=False)

    def __str__(self):
        return self.name

    @property
    def tie_rule_names(self) -> list[str]:
        """The tie rule as the contest's part names (the list page prefetches the parts)."""
        names = {p.code: p.name for p in self.parts.all()}
        return [names.get(code, code) for code in self.tie_rule]


class ContestPart(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="parts")
    code = models.SlugField(max_length=32)
    name = models.CharField(_("phần thi"), max_length=120)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("hệ số"), max_digits=4, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "code"], name="part_code_once")]

    def __str__(self):
        return self.name


class ContestRound(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("vòng thi"), max_length=200)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    order = models.PositiveSmallIntegerField(default=0)
    held_on = models.DateField(_("ngày thi"), db_index=True)
    advance_count = models.PositiveSmallIntegerField(_("số đội vào vòng sau"), default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Team(models.Model):
    round = models.ForeignKey(ContestRound, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("tên đội"), max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="contest_teams")
    lot = models.PositiveSmallIntegerField(_("số bốc thăm"), default=0)
    advanced_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Locked when the round is closed.
    total = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    tie_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["lot", "pk"]

    def __str__(self):
        return self.name


class RoundJudge(models.Model):
    round = models.ForeignKey(ContestRound, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The unit the judge works for: they never score a team of that unit (or below it).
    home_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="judge_once")]

    def __str__(self):
        return f"{self.user} · {self.round}"


class Score(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="scores")
    part = models.ForeignKey(ContestPart, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(max_digits=6, decimal_places=2)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "part", "judge"], name="score_once")]

    # --- Self-managed groups, prestigious persons, mountain communes --------------------------------

    def __str__(self):
        return f"{self.team} · {self.part} · {self.points}"


class GroupTask(models.TextChoices):
    SECURITY = "security", _("An ninh, trật tự")
    FIRE = "fire", _("Phòng cháy, chữa cháy")
    MEDIATION = "mediation", _("Hòa giải")
    HYGIENE = "hygiene", _("Vệ sinh môi trường")
    MUTUAL_HELP = "mutual_help", _("Tương trợ, giúp nhau")
    FAMILY = "family", _("Gia đình, tuyên truyền chính sách")


class SelfManagedGroup(models.Model):
    """ "Ngõ, xóm liên gia tự quản" (mobilization-rules.md §7)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="selfmanaged_groups")
    name = models.CharField(_("tên tổ"), max_length=200)
    head_name = models.CharField(_("tổ trưởng"), max_length=150)
    head_phone = models.CharField(_("điện thoại tổ trưởng"), max_length=20, blank=True)
    households = models.PositiveIntegerField(_("số hộ"))
    tasks = models.JSONField(_("nội dung tự quản"), default=list)
    established_on = models.DateField(_("ngày thành lập"), db_index=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    mountain = models.BooleanField(_("xã miền núi, dân tộc thiểu số"), default=False)

    def __str__(self):
        return self.name

    @property
    def task_labels(self) -> list[str]:
        """What the group handles, in words (tasks keeps the GroupTask codes)."""
        labels = dict(GroupTask.choices)
        return [str(labels.get(code, code)) for code in self.tasks]


class PersonRole(models.TextChoices):
    ELDER = "elder", _("Già làng")
    VILLAGE_HEAD = "village_head", _("Trưởng thôn, bản")
    RELIGIOUS = "religious", _("Chức sắc tôn giáo")
    RESPECTED = "respected", _("Người có uy tín trong cộng đồng")


class PrestigiousPerson(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="prestigious_persons")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    ethnic_group = models.CharField(_("dân tộc"), max_length=60)
    role = models.CharField(_("vai trò"), max_length=16, choices=PersonRole.choices)
    year_approved = models.PositiveSmallIntegerField(_("năm được phê duyệt"), db_index=True)
    approved_by = models.CharField(_("cấp phê duyệt"), max_length=200)
    removed_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return self.full_name


class SupportKind(models.TextChoices):
    VISIT = "visit", _("Thăm hỏi")
    TRAINING = "training", _("Tập huấn, bồi dưỡng")
    GIFT = "gift", _("Tặng quà")


class PersonSupport(models.Model):
    person = models.ForeignKey(PrestigiousPerson, on_delete=models.CASCADE, related_name="support")
    kind = models.CharField(_("hình thức hỗ trợ"), max_length=16, choices=SupportKind.choices)
    given_on = models.DateField(_("ngày"), db_index=True)
    note = models.CharField(_("nội dung"), max_length=300, blank=True)

    def __str__(self):
        return f"{self.get_kind_display()} · {self.given_on}"


class EconomicModel(models.Model):
    """An economic development model of a mountain commune (herbal medicine, honey...)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="economic_models")
    name = models.CharField(_("tên mô hình"), max_length=300)
    product = models.CharField(_("sản phẩm"), max_length=200)
    households = models.PositiveIntegerField(_("số hộ tham gia"))
    output = models.CharField(_("sản lượng"), max_length=200, blank=True)
    income_vnd = models.BigIntegerField(_("thu nhập bình quân (đồng/hộ/năm)"), null=True)
    year = models.PositiveSmallIntegerField(_("năm"))

    def __str__(self):
        return self.name


class CommuneFigure(models.Model):
    """A commune's declared figures for a period, with the document they come from."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movement_figures")
    period_start = models.DateField()
    period_end = models.DateField(db_index=True)
    income_per_person_vnd = models.BigIntegerField(_("thu nhập bình quân (đồng/người/năm)"))
    poor_household_rate = models.DecimalField(
        _("tỷ lệ hộ nghèo (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    mountain = models.BooleanField(default=True)
    source = models.CharField(_("nguồn số liệu (văn bản)"), max_length=300)

    # --- Key projects: site-clearance mobilization ---------------------------------------------------

    def __str__(self):
        return f"{self.unit} · {self.period_end}"


class Project(models.Model):
    name = models.CharField(_("tên dự án"), max_length=300)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="key_projects")
    started_on = models.DateField(_("ngày khởi công"), null=True, blank=True)

    def __str__(self):
        return self.name


class Segment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="segments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="clearance_segments")
    old_district = models.CharField(_("quận, huyện cũ (2024)"), max_length=120, blank=True)
    households = models.PositiveIntegerField(_("số hộ bị ảnh hưởng"))
    households_agreed = models.PositiveIntegerField(_("số hộ đồng thuận"), default=0)
    households_handed_over = models.PositiveIntegerField(_("số hộ đã bàn giao"), default=0)
    area_m2 = models.DecimalField(_("diện tích (m²)"), max_digits=12, decimal_places=1)
    area_handed_m2 = models.DecimalField(
        _("diện tích đã bàn giao (m²)"), max_digits=12, decimal_places=1, default=0
    )
    open_disputes = models.PositiveIntegerField(_("vướng mắc chưa giải quyết"), default=0)
    # Link point to the grassroots app's petitions (issue 12), as text codes.
    petition_codes = models.JSONField(default=list, blank=True)
    as_of = models.DateField(_("số liệu đến ngày"), db_index=True)

    def __str__(self):
        return f"{self.project} · {self.unit}"

    @property
    def area_percent(self) -> float:
        return float(self.area_handed_m2 / self.area_m2 * 100) if self.area_m2 else 0.0


class Snapshot(models.Model):
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="snapshots")
    on = models.DateField()
    households_agreed = models.PositiveIntegerField()
    households_handed_over = models.PositiveIntegerField()
    area_handed_m2 = models.DecimalField(max_digits=12, decimal_places=1)

    class Meta:
        ordering = ["on"]

    def __str__(self):
        return f"{self.segment} · {self.on}"


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("Họp dân")
    VISIT = "visit", _("Đến từng hộ")
    DIALOGUE = "dialogue", _("Đối thoại")


class Activity(models.Model):
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("hình thức"), max_length=16, choices=ActivityKind.choices)
    held_on = models.DateField(_("ngày"))
    participants = models.CharField(_("thành phần tham gia"), max_length=300)
    households_reached = models.PositiveIntegerField(_("số hộ"), default=0)

    def __str__(self):
        return f"{self.get_kind_display()} · {self.held_on}"
