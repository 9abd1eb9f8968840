"""Fatherland Front oversight (SPEC §6): supervisions and their recommendations, social
criticism, dialogue conferences, people's boards and grassroots-democracy disclosures."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Organization
from danvan.oversight.states import (
    BoardKind,
    BoardPosition,
    CommentResponse,
    CriticismForm,
    DeadlineUnit,
    DisclosureForm,
    DisclosurePeriod,
    Level,
    RecommendationState,
    SubjectKind,
    SupervisionForm,
    SupervisionState,
)
from danvan.units.models import Unit

USER = settings.AUTH_USER_MODEL


class Board(models.Model):
    """A People's Inspection Board (one per commune) or a Community Investment Supervision Board
    (one per project), Law 10/2022 Arts. 36–45."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại ban"), max_length=16, choices=BoardKind.choices)
    name = models.CharField(_("tên ban"), max_length=255)
    project = models.CharField(_("chương trình, dự án"), max_length=500, blank=True)
    term_start = models.DateField(_("nhiệm kỳ từ"))
    term_end = models.DateField(_("nhiệm kỳ đến"), null=True, blank=True)
    villages = models.PositiveSmallIntegerField(
        _("số thôn, tổ dân phố"),
        null=True,
        blank=True,
        help_text=_("để tính số thành viên tối thiểu"),
    )
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ban thanh tra, giám sát")
        verbose_name_plural = _("ban thanh tra, giám sát")
        ordering = ["unit__name", "kind", "name"]

    def __str__(self):
        return self.name


class BoardMember(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", editable=False)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(
        _("chức danh"), max_length=16, choices=BoardPosition.choices, default=BoardPosition.MEMBER
    )
    village = models.CharField(_("thôn, tổ dân phố"), max_length=150, blank=True)
    term_start = models.DateField(_("nhiệm kỳ từ"))
    term_end = models.DateField(_("nhiệm kỳ đến"), null=True, blank=True)
    left_on = models.DateField(_("thôi làm thành viên từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên ban")
        verbose_name_plural = _("thành viên ban")
        ordering = ["board", "position", "full_name"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.unit_id = self.board.unit_id  # the board's unit, for the indicator registry
        super().save(*args, **kwargs)


class Supervision(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    organizer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("chủ trì")
    )
    form = models.CharField(_("hình thức"), max_length=16, choices=SupervisionForm.choices)
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, null=True, blank=True, related_name="supervisions"
    )
    subject_kind = models.CharField(_("loại đối tượng"), max_length=16, choices=SubjectKind.choices)
    subject = models.CharField(_("đối tượng giám sát"), max_length=500)
    title = models.CharField(_("nội dung giám sát"), max_length=500)
    content = models.TextField(_("nội dung chi tiết"), blank=True)
    planned_on = models.DateField(_("ngày dự kiến"))
    notified_on = models.DateField(_("ngày gửi kế hoạch cho đối tượng"), null=True, blank=True)
    started_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    reported_on = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    members = models.TextField(_("thành phần đoàn"), blank=True)
    findings = models.TextField(_("kết quả giám sát"), blank=True)
    report_file = models.FileField(_("báo cáo"), upload_to="oversight/reports/", blank=True)
    state = models.CharField(
        max_length=16, choices=SupervisionState.choices, default=SupervisionState.PLANNED
    )
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cuộc giám sát")
        verbose_name_plural = _("cuộc giám sát")
        ordering = ["-planned_on", "-id"]
        indexes = [models.Index(fields=["unit", "planned_on"])]

    def __str__(self):
        return self.title

    @property
    def held_on(self):
        return self.started_on or self.planned_on


class Recommendation(models.Model):
    supervision = models.ForeignKey(
        Supervision, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    addressee = models.CharField(_("nơi nhận kiến nghị"), max_length=300)
    content = models.TextField(_("nội dung kiến nghị"))
    sent_on = models.DateField(_("ngày gửi"))
    deadline_days = models.PositiveSmallIntegerField(_("thời hạn trả lời"), null=True, blank=True)
    deadline_unit = models.CharField(max_length=2, choices=DeadlineUnit.choices, blank=True)
    deadline_basis = models.CharField(_("căn cứ thời hạn"), max_length=300, blank=True)
    due_on = models.DateField(_("hạn trả lời"))
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answer_document = models.CharField(_("văn bản trả lời"), max_length=300, blank=True)
    escalated_to = models.CharField(_("kiến nghị lên"), max_length=300, blank=True)
    resolved_on = models.DateField(_("ngày giải quyết xong"), null=True, blank=True)
    follow_ups = models.PositiveSmallIntegerField(_("số lần giám sát lại"), default=0)
    overdue_flagged_on = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=16, choices=RecommendationState.choices, default=RecommendationState.SENT
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["unit", "sent_on"]),
            models.Index(fields=["state", "due_on"]),
        ]

    def __str__(self):
        return self.content[:80]

    @property
    def is_waiting(self) -> bool:
        return self.state in (RecommendationState.SENT, RecommendationState.ESCALATED)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_waiting and self.due_on < today

    @property
    def answered_late(self) -> bool:
        return self.answered_on is not None and self.answered_on > self.due_on


class CriticismSession(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    draft_title = models.CharField(_("dự thảo văn bản"), max_length=500)
    draft_file = models.FileField(_("tệp dự thảo"), upload_to="oversight/drafts/", blank=True)
    drafting_body = models.CharField(_("cơ quan soạn thảo"), max_length=300)
    received_on = models.DateField(_("ngày nhận dự thảo"), null=True, blank=True)
    comments_due_on = models.DateField(_("hạn gửi ý kiến"), null=True, blank=True)
    form = models.CharField(_("hình thức"), max_length=16, choices=CriticismForm.choices)
    held_on = models.DateField(_("ngày phản biện"))
    final_document = models.CharField(_("văn bản ban hành"), max_length=300, blank=True)
    changes = models.TextField(_("những điểm đã sửa"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("phản biện xã hội")
        verbose_name_plural = _("phản biện xã hội")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.draft_title


class CriticismComment(models.Model):
    session = models.ForeignKey(CriticismSession, on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", editable=False)
    author = models.CharField(_("người góp ý"), max_length=300)
    content = models.TextField(_("nội dung góp ý"))
    response = models.CharField(
        _("tiếp thu"),
        max_length=16,
        choices=CommentResponse.choices,
        default=CommentResponse.PENDING,
    )
    response_reason = models.TextField(_("giải trình"), blank=True)

    class Meta:
        verbose_name = _("ý kiến phản biện")
        verbose_name_plural = _("ý kiến phản biện")
        ordering = ["session", "id"]

    def __str__(self):
        return self.content[:80]

    def save(self, *args, **kwargs):
        self.unit_id = self.session.unit_id  # the session's unit, for the indicator registry
        super().save(*args, **kwargs)


class Dialogue(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    title = models.CharField(_("chủ đề"), max_length=500)
    chair = models.CharField(_("chủ trì"), max_length=300)
    held_on = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=300)
    notice_published_on = models.DateField(_("ngày thông báo"), null=True, blank=True)
    participants = models.TextField(_("thành phần"), blank=True)
    citizens = models.PositiveIntegerField(_("số người dân tham dự"), null=True, blank=True)
    results = models.TextField(_("kết quả hội nghị"), blank=True)
    results_published_on = models.DateField(_("ngày công khai kết quả"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hội nghị đối thoại")
        verbose_name_plural = _("hội nghị đối thoại")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title


class DialogueQuestion(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.CharField(_("người hỏi"), max_length=200)
    topic = models.CharField(_("vấn đề"), max_length=500)
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.CharField(_("người trả lời"), max_length=200, blank=True)
    petition_ref = models.CharField(_("đơn thư liên quan"), max_length=64, blank=True)

    class Meta:
        ordering = ["dialogue", "id"]

    def __str__(self):
        return self.topic


class DialogueCommitment(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="commitments")
    content = models.TextField(_("nội dung cam kết"))
    owner = models.CharField(_("đơn vị, người thực hiện"), max_length=300)
    due_on = models.DateField(_("hạn"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    progress = models.TextField(_("tiến độ thực hiện"), blank=True)
    progress_on = models.DateField(_("ngày cập nhật tiến độ"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.content[:80]

    def is_overdue(self, today=None) -> bool:
        return self.done_on is None and self.due_on < (today or timezone.localdate())

    def state(self, today=None) -> str:
        """open, overdue (not done, past its due date), done (on time) or done_late."""
        if self.done_on is not None:
            return "done" if self.done_on <= self.due_on else "done_late"
        return "overdue" if self.is_overdue(today) else "open"


class DisclosureItem(models.Model):
    """One line of what a commune must disclose (Law 10/2022 Art. 11), kept as data."""

    number = models.PositiveSmallIntegerField(_("số thứ tự"), unique=True)
    name = models.CharField(_("nội dung công khai"), max_length=500)
    legal_basis = models.CharField(_("căn cứ"), max_length=300)
    period = models.CharField(_("kỳ"), max_length=16, choices=DisclosurePeriod.choices)
    due_month = models.PositiveSmallIntegerField(_("tháng hạn (hằng năm)"), default=1)
    due_day = models.PositiveSmallIntegerField(_("ngày hạn (hằng năm)"), default=31)
    lag_working_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc sau kỳ (hằng quý)"), default=5
    )
    forms = models.CharField(_("hình thức bắt buộc"), max_length=300, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("danh mục công khai")
        verbose_name_plural = _("danh mục công khai")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Disclosure(models.Model):
    """One obligation of a commune: an item for a period, with its due date, done or not."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(DisclosureItem, on_delete=models.PROTECT, related_name="disclosures")
    year = models.PositiveSmallIntegerField(_("năm"))
    period_label = models.CharField(_("kỳ"), max_length=32)
    due_on = models.DateField(_("hạn công khai"))
    disclosed_on = models.DateField(_("ngày công khai"), null=True, blank=True)
    form = models.CharField(
        _("hình thức"), max_length=16, choices=DisclosureForm.choices, blank=True
    )
    document = models.CharField(_("văn bản, tệp công khai"), max_length=300, blank=True)
    file = models.FileField(_("tệp"), upload_to="oversight/disclosures/", blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("công khai")
        verbose_name_plural = _("công khai")
        ordering = ["due_on", "item__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "item", "year", "period_label"], name="disclosure_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.item} · {self.period_label}"

    @property
    def on_time(self) -> bool:
        return self.disclosed_on is not None and self.disclosed_on <= self.due_on

    def status(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.disclosed_on is not None:
            return "done" if self.on_time else "late"
        return "overdue" if self.due_on < today else "pending"
