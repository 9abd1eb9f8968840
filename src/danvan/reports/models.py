"""Figures the platform cannot count (Decision 766 indicators kept by other systems), entered by
a reporter with their evidence for a unit and a period."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from danvan.onestop.quality import CODES as QUALITY_CODES
from danvan.units.models import Unit


class EnteredFigure(models.Model):
    indicator = models.CharField("chỉ số", max_length=16)  # "1.1", "5.2" … (reports.quality)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    numerator = models.PositiveIntegerField("tử số")
    denominator = models.PositiveIntegerField("mẫu số")
    evidence = models.TextField("căn cứ, minh chứng")
    evidence_url = models.URLField("đường dẫn minh chứng", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "số liệu nhập"
        verbose_name_plural = "số liệu nhập"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "start", "end"], name="entered_figure_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__lte=models.F("denominator")),
                name="entered_figure_numerator_le_denominator",
            ),
        ]
        indexes = [models.Index(fields=["unit", "indicator", "start"])]

    def __str__(self):
        return f"{self.indicator} {self.unit} {self.start}–{self.end}"


class DossierCounts(models.Model):
    """Every service-quality condition of onestop.quality counted over settled dossiers:
    n_<code> numerator, d_<code> denominator (the columns of DossierDay and DossierMonth)."""

    finished = models.PositiveIntegerField(default=0)
    spent_seconds = models.BigIntegerField(default=0)
    for _code in QUALITY_CODES:
        locals()[f"n_{_code}"] = models.PositiveIntegerField(default=0)
        locals()[f"d_{_code}"] = models.PositiveIntegerField(default=0)
    del _code

    class Meta:
        abstract = True


COUNT_COLUMNS = ["finished", "spent_seconds"] + [
    f"{side}_{code}" for code in QUALITY_CODES for side in ("n", "d")
]


class DossierDay(DossierCounts):
    """Settled dossiers received on `day` at `unit` (not its subtree)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="dossier_day_unique")]
        indexes = [models.Index(fields=["day", "unit"])]

    def __str__(self):
        return f"{self.unit_id} {self.day}"


class DossierMonth(DossierCounts):
    """The monthly roll-up of DossierDay: the sums of a unit's day rows of the month starting on
    `month` (always a 1st). Rewritten from those day rows in the same transaction that rewrites
    them (reports.facts.fold and rebuild), so it is always exactly their sum."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="dossier_month_unique")
        ]
        indexes = [models.Index(fields=["month", "unit"])]

    def __str__(self):
        return f"{self.unit_id} {self.month:%Y-%m}"


class DirtyDay(models.Model):
    """A (unit, day) whose DossierDay must be recounted before the next report."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="dirty_day_unique")]

    def __str__(self):
        return f"{self.unit_id} {self.day}"


class FoldMark(models.Model):
    """How far the aggregate has folded the dossiers' events (one row)."""

    last_event_id = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.last_event_id)


class GeneratedBatch(models.Model):
    """One run of the data generator (`danvan bench seed`, the demo's report data): the dossier
    ids it wrote, so the benches and the demo know what is generated without a marker in the
    records themselves (generated dossiers carry codes in the real format)."""

    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.first_id}-{self.last_id} ({self.count})"
