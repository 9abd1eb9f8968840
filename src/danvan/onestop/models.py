"""Dossiers (hồ sơ), their components, the process control slip, payments and ratings."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.onestop.states import CLOSED, OPEN, Status, SubStatus
from danvan.procedures.services import CopyKind
from danvan.units.models import Unit
from danvan.workflow.registry import for_model

_OPEN = sorted(s.value for s in OPEN)
_CLOSED = sorted(s.value for s in CLOSED)


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Bưu chính")
    API = "api", _("Kết nối API")


class Outcome(models.TextChoices):
    NONE = "", "—"
    GRANTED = "granted", _("Giải quyết")
    REFUSED = "refused", _("Từ chối giải quyết")


class DossierQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[s.value for s in OPEN])


class Dossier(models.Model):
    code = models.CharField("mã hồ sơ", max_length=40, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="dossiers")
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="dossiers"
    )
    channel = models.CharField("hình thức nộp", max_length=16, choices=Channel.choices)
    status = models.PositiveSmallIntegerField("trạng thái", choices=Status.choices, db_index=True)
    sub_status = models.CharField(max_length=40, choices=SubStatus.choices, blank=True)
    resume_status = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    version = models.PositiveIntegerField(default=1)

    applicant_name = models.CharField("người nộp", max_length=150)
    national_id = models.CharField("số định danh", max_length=12, db_index=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=8, blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField(blank=True)
    owner_name = models.CharField("chủ hồ sơ", max_length=150, blank=True)
    # Filed on behalf of an organization: its tax code (10 digits, or 10-3 for a branch); its
    # store is offered at intake and receives the result (vault).
    tax_code = models.CharField("mã số thuế của tổ chức", max_length=14, blank=True, db_index=True)
    summary = models.TextField("nội dung yêu cầu", blank=True)
    sets_count = models.PositiveSmallIntegerField("số bộ hồ sơ", default=1)
    result_delivery = models.CharField("nơi nhận kết quả", max_length=200, blank=True)

    submitted_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Folded name, code, ID and phone digits for the clerk's search (onestop/search.py); a trigram
    # index serves it on PostgreSQL (migration 0008).
    search_text = models.TextField(blank=True, default="", editable=False)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    clock_started_at = models.DateTimeField(null=True, blank=True)
    # Used by the overdue report and the counter queue; keep the index.
    due_at = models.DateTimeField("hẹn trả", null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(null=True, blank=True)
    rescheduled = models.BooleanField(default=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_dossiers",
    )
    step_name = models.CharField(max_length=200, blank=True)
    step_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    idle_flagged_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(default=0)
    supplement_requested_at = models.DateTimeField(null=True, blank=True)
    supplement_waiting = models.DurationField(null=True, blank=True)

    # Decision 766 flags (INDICATORS-766.md, "Flags a dossier needs").
    is_no_wait = models.BooleanField(default=False)
    needs_paper_result = models.BooleanField(default=True)
    result_code = models.CharField(max_length=60, blank=True)
    result_file = models.FileField(upload_to="results/%Y/%m/", blank=True)
    result_signed = models.BooleanField(default=False)
    result_sent_to_store = models.BooleanField(default=False)
    synced = models.BooleanField(default=False)
    vneid_authenticated = models.BooleanField(default=False)
    uses_population_data = models.BooleanField(default=False)
    fee_vnd = models.PositiveBigIntegerField(default=0)
    paid_online = models.BooleanField(default=False)
    has_complaint = models.BooleanField(default=False)
    has_dislike = models.BooleanField(default=False)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        indexes = [
            models.Index(fields=["unit", "status", "due_at"]),
            models.Index(fields=["unit", "received_at"]),
            # Keyset lists (onestop.lists.DOSSIER_LIST, issue 16): each serves one segment of the
            # default order (open by due date, then closed newest first) under one filter.
            # API GET /api/v1/dossiers, a city-wide scope (no unit filter), open segment:
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status__in=_OPEN),
                name="dossier_open_due",
            ),
            # the same for one ward (?unit=, or an official of one commune), open segment:
            models.Index(
                fields=["unit", "due_at", "id"],
                condition=models.Q(status__in=_OPEN),
                name="dossier_unit_open_due",
            ),
            # ?mine=1 and the handler's own queue (Hồ sơ của tôi), open segment:
            models.Index(
                fields=["handler", "due_at", "id"],
                condition=models.Q(status__in=_OPEN),
                name="dossier_mine_open_due",
            ),
            # ?from=&to= on the open segment (lists.RECEIVED_LIST, newest first: few open rows
            # in an old month, found without reading the month's closed ones):
            models.Index(
                fields=["-received_at", "-id"],
                condition=models.Q(status__in=_OPEN),
                name="dossier_open_recv",
            ),
            # the closed segment, city-wide and with ?from=&to= (newest first):
            models.Index(
                fields=["-received_at", "-id"],
                condition=models.Q(status__in=_CLOSED),
                name="dossier_closed_recv",
            ),
            # the closed segment of one ward:
            models.Index(
                fields=["unit", "-received_at", "-id"],
                condition=models.Q(status__in=_CLOSED),
                name="dossier_unit_closed_recv",
            ),
            # ?status= (a rare state is found by its own index, not by walking the segment's):
            models.Index(fields=["status", "-received_at", "-id"], name="dossier_status_recv"),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        from danvan.onestop.search import SEARCHED_FIELDS, search_text

        fields = kwargs.get("update_fields")
        if fields is None or SEARCHED_FIELDS & set(fields):
            self.search_text = search_text(
                name=self.applicant_name,
                code=self.code,
                national_id=self.national_id,
                phone=self.phone,
            )
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def phone_last4(self) -> str:
        return self.phone[-4:] if self.phone else ""


class Digitization(models.TextChoices):
    NONE = "none", _("Chưa số hóa")
    DIGITIZED = "digitized", _("Đã số hóa")
    REUSED_DOCUMENT = "reused_document", _("Tái sử dụng giấy tờ đã số hóa")
    REUSED_RESULT = "reused_result", _("Tái sử dụng kết quả đã cấp")


class DossierComponent(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    # The dossier keeps its own copy of name and kind; a catalogue re-import may replace components.
    component = models.ForeignKey(
        "procedures.ProcedureComponent", on_delete=models.SET_NULL, null=True, blank=True
    )
    name = models.TextField()
    copy_kind = models.CharField(max_length=20, choices=CopyKind.choices, default=CopyKind.ORIGINAL)
    quantity = models.PositiveSmallIntegerField(default=1)
    required = models.BooleanField(default=True)
    shown_only = models.BooleanField(default=False)
    provided = models.BooleanField(default=False)
    file = models.FileField(upload_to="components/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    digitization = models.CharField(
        max_length=20, choices=Digitization.choices, default=Digitization.NONE
    )
    from_store = models.BooleanField(default=False)
    vault_document_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "id"]

    def __str__(self):
        return self.name[:60]

    @property
    def has_file(self) -> bool:
        return bool(self.sha256)


class DossierEvent(models.Model):
    """One row of the process control slip (mẫu 06) and of the status timeline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_status = models.PositiveSmallIntegerField(null=True, blank=True)
    to_status = models.PositiveSmallIntegerField(choices=Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.CharField("cơ quan/bộ phận", max_length=200, blank=True)
    step_due_at = models.DateTimeField(null=True, blank=True)
    timeliness = models.CharField(max_length=16, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]

    def __str__(self):
        return f"{self.dossier_id} {self.action}"

    @property
    def label(self) -> str:
        """What happened, in words (the action's label in the dossier table)."""
        return for_model(Dossier).label(self.action)


class DailySequence(models.Model):
    """Per receiving agency and day, the last sequence number used in dossier codes."""

    agency_code = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "day"], name="daily_sequence_unique")
        ]

    def __str__(self):
        return f"{self.agency_code} {self.day} {self.last}"


class Payment(models.Model):
    class Method(models.TextChoices):
        CASH = "cash", _("Tiền mặt")
        CARD = "card", _("Thẻ")
        TRANSFER = "transfer", _("Chuyển khoản")
        ONLINE = "online", _("Thanh toán trực tuyến")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payments")
    amount_vnd = models.PositiveBigIntegerField()
    method = models.CharField(max_length=16, choices=Method.choices)
    reference = models.CharField(max_length=100, blank=True)
    receipt_no = models.CharField(max_length=40, unique=True)
    paid_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refunded_at = models.DateTimeField(null=True, blank=True)
    refund_reason = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return self.receipt_no


class Rating(models.Model):
    class Score(models.TextChoices):
        SATISFIED = "satisfied", _("Hài lòng")
        ACCEPTABLE = "acceptable", _("Chấp nhận được")
        UNSATISFIED = "unsatisfied", _("Không hài lòng")

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    score = models.CharField(max_length=16, choices=Score.choices)
    comment = models.TextField(blank=True)
    channel = models.CharField(max_length=16)
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.dossier_id} {self.score}"


class PaymentIntent(models.Model):
    """One attempt to pay a dossier's fee online through a payment gateway (onestop.payments)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        FAILED = "failed", _("Thanh toán không thành công")
        CANCELLED = "cancelled", _("Đã hủy")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payment_intents")
    provider = models.CharField(max_length=32)
    reference = models.CharField(max_length=64, unique=True)
    amount_vnd = models.PositiveBigIntegerField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    version = models.PositiveIntegerField(default=0)  # onestop.payments.PAYMENT_FLOW
    provider_transaction = models.CharField(max_length=100, blank=True)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="intent"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.reference


class ResultDraft(models.Model):
    """The content of a dossier's result, drafted by the specialist from the procedure's template
    (onestop.result_templates) and rendered into the PDF the leader previews and signs."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="result_draft")
    template = models.CharField(max_length=40)
    values = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "dự thảo kết quả"
        verbose_name_plural = "dự thảo kết quả"

    def __str__(self):
        return f"{self.dossier_id} {self.template}"


class DocumentRegister(models.Model):
    """The unit's register of issued documents (sổ đăng ký văn bản đi, Decree 30/2020 Art 15):
    one yearly sequence per unit, from 01 on 1 January."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Sổ đăng ký văn bản đi")
        RECEIPT = "receipt", _("Biên lai thu phí, lệ phí")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.DOCUMENT)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year"], name="document_register_unique"
            )
        ]

    def __str__(self):
        return f"{self.unit_id} {self.year} {self.last}"
