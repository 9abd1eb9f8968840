"""Entering a Decision 766 figure the platform cannot count, with its evidence (audited)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danvan.audit.services import record
from danvan.core.errors import Invalid
from danvan.reports import periods, quality
from danvan.reports.models import EnteredFigure


def _count(data, name: str, label: str) -> int:
    raw = str(data.get(name, "")).strip()
    if not raw.isdigit():
        raise Invalid(
            "report.bad_number",
            _("%(label)s phải là số nguyên không âm.") % {"label": label},
            fields={name: _("Không hợp lệ.")},
        )
    return int(raw)


def enter(user, unit, data) -> EnteredFigure:
    code = str(data.get("indicator", ""))
    if code not in quality.ENTERED_CODES:
        raise Invalid("report.indicator_not_entered", _("Chỉ số này do hệ thống tự tính, không nhập tay."),
                      fields={"indicator": _("Không hợp lệ.")})  # fmt: skip
    period = periods.from_dates(str(data.get("from", "")), str(data.get("to", "")))
    numerator = _count(data, "numerator", _("Tử số"))
    denominator = _count(data, "denominator", _("Mẫu số"))
    if numerator > denominator:
        raise Invalid("report.numerator_too_big", _("Tử số không được lớn hơn mẫu số."),
                      fields={"numerator": _("Lớn hơn mẫu số.")})  # fmt: skip
    evidence = str(data.get("evidence", "")).strip()
    if len(evidence) < 5:
        raise Invalid("report.evidence_required", _("Cần ghi căn cứ, minh chứng của số liệu."),
                      fields={"evidence": _("Bắt buộc.")})  # fmt: skip
    url = str(data.get("evidence_url", "")).strip()[:200]
    try:
        with transaction.atomic():
            fig, _created = EnteredFigure.objects.update_or_create(
                indicator=code, unit=unit, start=period.start, end=period.end,
                defaults={"numerator": numerator, "denominator": denominator, "evidence": evidence,
                          "evidence_url": url, "entered_by": user},
            )  # fmt: skip
            record("reports.figure_entered", actor=user, unit=unit, obj=fig,
                   data={"indicator": code, "period": period.label(), "numerator": numerator,
                         "denominator": denominator})  # fmt: skip
    except IntegrityError:
        raise Invalid(
            "report.conflict", _("Số liệu vừa được người khác lưu; hãy tải lại trang.")
        ) from None
    return fig


def recent(unit) -> list[EnteredFigure]:
    return list(
        EnteredFigure.objects.filter(unit=unit)
        .select_related("entered_by")
        .order_by("-entered_at")[:50]
    )
