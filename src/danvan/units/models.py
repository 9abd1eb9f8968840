"""Administrative units: province > commune > village, plus the pre-2025 districts and communes.

A unit is its code *within a validity period*: codes were reused by the 2025 reform
(`00070` was Phường Hàng Trống until 30 June 2025 and is Phường Hoàn Kiếm since 1 July 2025).
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REFORM_DATE = dt.date(2025, 7, 1)
LAST_LEGACY_DAY = dt.date(2025, 6, 30)


def path_ids(path: str) -> list[int]:
    """The primary keys of a materialized path, root first: "00000001/00000045/" -> [1, 45]."""
    return [int(part) for part in path.strip("/").split("/") if part]


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/thành phố")
    DISTRICT = "district", _("Quận/huyện (đến 30/6/2025)")
    COMMUNE = "commune", _("Xã/phường/đặc khu")
    VILLAGE = "village", _("Thôn/tổ dân phố")


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date | None = None):
        day = day or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def current(self):
        return self.valid_on(None)

    def descendants_of(self, unit: "Unit", include_self: bool = True):
        # One indexed prefix query on the materialized path, never a recursive walk.
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


class Unit(models.Model):
    code = models.CharField("mã", max_length=20, db_index=True)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("cấp", max_length=16, choices=UnitKind.choices)
    division_type = models.CharField("loại", max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Materialized path of primary keys, e.g. "00000001/00000045/"; descendants share the prefix.
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text="Đơn vị mới thay thế đơn vị cũ sau sắp xếp (1/7/2025).",
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True)
    # Used by the reports' per-1,000-inhabitants figures; each figure keeps its year and source
    # (a statistics office's yearbook, a census) because no installed package ships population.
    population = models.PositiveIntegerField("dân số", null=True, blank=True)
    population_year = models.PositiveSmallIntegerField("năm số liệu dân số", null=True, blank=True)
    population_source = models.CharField("nguồn số liệu dân số", max_length=300, blank=True)
    # Identification code of the receiving agency, Decision 20/2020/QĐ-TTg (e.g. 000.00.15.H29).
    agency_code = models.CharField("mã định danh cơ quan", max_length=32, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from", "valid_to"], name="unit_code_period_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["parent", "code"]),
            models.Index(fields=["kind", "valid_to"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = self.compute_path()
        if path != self.path:
            self.path = path
            self.depth = path.count("/") - 1
            super().save(update_fields=["path", "depth"])

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.pk:08d}/"

    @property
    def is_historical(self) -> bool:
        return self.valid_to is not None and self.valid_to < REFORM_DATE

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def chain_ids(self) -> list[int]:
        """The ids of the unit's ancestors and the unit itself, root first (no query)."""
        return path_ids(self.path)

    def ancestors(self) -> list["Unit"]:
        """Parent chain from the root down to the parent, in one query."""
        ids = self.chain_ids()[:-1]
        by_id = Unit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def contains(self, other: "Unit") -> bool:
        return other.path.startswith(self.path)


class WorkingCalendar(models.Model):
    """A unit's office hours; a unit without one inherits its nearest ancestor's (SPEC §2.3)."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="working_calendar")
    # [["08:00", "12:00"], ["13:00", "17:00"]]
    periods = models.JSONField("giờ làm việc", default=list)
    paper_cutoff = models.TimeField("mốc giờ nhận hồ sơ giấy", default=dt.time(15, 0))

    class Meta:
        verbose_name = "lịch làm việc"
        verbose_name_plural = "lịch làm việc"

    def __str__(self):
        return f"Lịch làm việc {self.unit}"


class CalendarVersion(models.Model):
    """One row: a token replaced in the same transaction as every change of a working calendar
    or a calendar override (danvan.units.calendar). Every app process keys its cached rules by
    the token it reads, so a committed change is used by all of them at once."""

    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = "phiên bản lịch làm việc"

    def __str__(self):
        return self.token


class CalendarOverride(models.Model):
    """A local closure, or a compensatory working Saturday, for a unit and its subtree."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Ngày nghỉ thêm"
        WORKING_DAY = "working_day", "Ngày làm việc bù"

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="calendar_overrides")
    day = models.DateField("ngày")
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    reason = models.CharField("lý do", max_length=255, blank=True)

    class Meta:
        verbose_name = "ngày điều chỉnh"
        verbose_name_plural = "ngày điều chỉnh"
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="calendar_override_unique")
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"
