"""Officials, organizations and role grants on unit subtrees."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.units.models import Unit


class Role(models.TextChoices):
    COUNTER_CLERK = "counter_clerk", _("Cán bộ tiếp nhận (một cửa)")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    SIGNER = "signer", _("Lãnh đạo ký duyệt")
    OFFICE_CLERK = "office_clerk", _("Văn thư (đóng dấu)")
    MOBILIZER = "mobilizer", _("Cán bộ dân vận")
    FRONT_OFFICER = "front_officer", _("Cán bộ Mặt trận")
    REPORTER = "reporter", _("Xem báo cáo")
    JUDGE = "judge", _("Thành viên ban giám khảo")
    PETITION_OFFICER = "petition_officer", _("Cán bộ tiếp nhận, xử lý đơn thư")
    ADMIN = "admin", _("Quản trị")


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    # Citizens with a vault account are linked to their 12-digit personal identification number.
    national_id = models.CharField("số định danh", max_length=12, blank=True, db_index=True)
    # The language the person last chose in the header (settings.LANGUAGES): the emails and SMS
    # the platform sends her (reminders, warnings) are written in it. Empty until she chooses
    # (read as Vietnamese); signing in on a browser already in another language saves that one.
    language = models.CharField("ngôn ngữ", max_length=8, blank=True, default="")

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class OrganizationKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân"
    MOBILIZATION_COMMITTEE = "mobilization_committee", "Ban Dân vận"
    FATHERLAND_FRONT = "fatherland_front", "Ủy ban Mặt trận Tổ quốc"
    WOMENS_UNION = "womens_union", "Hội Liên hiệp Phụ nữ"
    YOUTH_UNION = "youth_union", "Đoàn Thanh niên"
    FARMERS = "farmers", "Hội Nông dân"
    VETERANS = "veterans", "Hội Cựu chiến binh"
    TRADE_UNION = "trade_union", "Công đoàn"
    POLICE = "police", "Công an"
    SERVICE_CENTRE = "service_centre", "Trung tâm phục vụ hành chính công"
    SCHOOL = "school", "Trường học"
    COMPANY = "company", "Doanh nghiệp"
    OTHER = "other", "Khác"


class Organization(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="organizations")
    kind = models.CharField("loại", max_length=32, choices=OrganizationKind.choices)
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=64, blank=True)

    class Meta:
        verbose_name = "cơ quan, tổ chức"
        verbose_name_plural = "cơ quan, tổ chức"
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "name"], name="org_unique_per_unit")
        ]

    def __str__(self):
        return self.name


class RoleGrantQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=at)
        )


class RoleGrant(models.Model):
    """A role held on a unit and everything below it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="grants")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True)
    granted_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="grant_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def resolve(self, raw: str):
        """Return the live token for a raw bearer value, or None."""
        if not raw or len(raw) > 200:
            return None
        token = self.select_related("user").filter(key_hash=_hash_token(raw)).first()
        if token is None or not token.is_live:
            return None
        return token


class ApiToken(models.Model):
    PREFIX = "dvs_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    key_hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self):
        return f"{self.user} · {self.key_hint}…"

    @classmethod
    def issue(cls, user, *, name: str = "", expires_at=None) -> tuple["ApiToken", str]:
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            key_hash=_hash_token(raw),
            key_hint=raw[:10],
            expires_at=expires_at,
        )
        return token, raw

    @property
    def is_live(self) -> bool:
        if self.revoked_at is not None or not self.user.is_active:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class LoginFailure(models.Model):
    """Failed logins, counted per username and per address for throttling."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.username} @ {self.address}"
