"""Figures the platform cannot count (Decision 766 indicators kept by other systems), entered by
a reporter with their evidence for a unit and a period."""

from django.conf import settings
from django.db import models
from django.utils import timezone

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
