"""The records behind a figure: the registry's `records()` (the numerator's own queryset, not a
second query written here), filterable by text, shown with the model's non-personal fields and
exported to .xlsx."""

import io
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from openpyxl import Workbook

from danvan.core import indicators as registry
from danvan.reports.periods import Period

PERSONAL = {
    "national_id", "phone", "address", "email", "applicant_name", "owner_name", "date_of_birth",
    "sex", "tax_code", "full_name", "code_hash", "summary", "comment", "result_delivery",
    "password", "reason", "data", "version", "path", "depth",
}  # fmt: skip
TEXT_KEYS = ("code", "name", "title")
MAX_COLUMNS = 8
EXPORT_LIMIT = 100_000


class CountedPaginator(Paginator):
    """The figure's numerator is the list's length (the same records): no second COUNT(*)."""

    def __init__(self, *args, known_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._known = known_count

    @cached_property
    def count(self) -> int:
        return self._known if self._known is not None else super().count


@dataclass
class Listing:
    code: str
    indicator: object
    queryset: object
    columns: list  # [(label, field name)]

    def row(self, obj) -> list[str]:
        return [_text(obj, name) for _label, name in self.columns]

    def values(self, obj) -> list:
        return [_value(obj, name) for _label, name in self.columns]


LABELS = {
    "unit": gettext_lazy("Đơn vị"), "procedure": gettext_lazy("Thủ tục"),
    "received_at": gettext_lazy("Ngày tiếp nhận"),
    "processed_at": gettext_lazy("Ngày giải quyết xong"),
    "returned_at": gettext_lazy("Ngày trả kết quả"), "at": gettext_lazy("Thời điểm"),
    "issued_at": gettext_lazy("Ngày cấp"), "added_at": gettext_lazy("Ngày đưa vào kho"),
    "used_at": gettext_lazy("Ngày sử dụng"),
}  # fmt: skip
# Column headings taken from other apps' plain (untranslated) verbose names: translated here, at
# display time, so the list's headings follow the reader's language (see `_label`).
COLUMN_LABELS = (
    gettext_noop("Mã hồ sơ"), gettext_noop("Hình thức nộp"), gettext_noop("Trạng thái"),
    gettext_noop("Số bộ hồ sơ"), gettext_noop("Hẹn trả"), gettext_noop("Mã thủ tục"),
    gettext_noop("Tên thủ tục"), gettext_noop("Cấp thực hiện"), gettext_noop("Lĩnh vực"),
    gettext_noop("Thời hạn giải quyết"), gettext_noop("Đơn vị thời hạn"),
    gettext_noop("Thủ tục không chờ"), gettext_noop("Áp dụng mốc 15 giờ"),
    gettext_noop("Tên giấy tờ"), gettext_noop("Số, ký hiệu"), gettext_noop("Cơ quan cấp"),
    gettext_noop("Có giá trị đến"), gettext_noop("Nguồn"), gettext_noop("Số định danh/mã số thuế"),
)  # fmt: skip


def _labelled(f) -> bool:
    """Only fields with a Vietnamese label of their own (an unlabelled field is bookkeeping)."""
    return f.name in LABELS or str(f.verbose_name) != f.name.replace("_", " ")


def _fields(model) -> list:
    chosen = []
    for f in model._meta.concrete_fields:
        if f.name in PERSONAL or f.primary_key or isinstance(f, models.FileField):
            continue
        if not _labelled(f):
            continue
        if isinstance(f, models.ForeignKey) and f.name not in ("unit", "procedure"):
            continue
        if isinstance(f, models.TextField | models.JSONField) and f.name not in TEXT_KEYS:
            continue
        chosen.append(f)
    return chosen[:MAX_COLUMNS]


def listing(code: str, unit, period: Period, *, q: str = "") -> Listing:
    indicator = registry.get(code)
    qs = registry.records(indicator, unit=unit, start=period.start, end=period.end)
    model = qs.model
    fields = _fields(model)
    text = q.strip()[:100]
    if text:
        cond = Q()
        names = {f.name for f in model._meta.concrete_fields}
        for name in TEXT_KEYS:
            if name in names:
                cond |= Q(**{f"{name}__icontains": text})
        qs = qs.filter(cond) if cond else qs
    related = [f.name for f in fields if isinstance(f, models.ForeignKey)]
    qs = qs.select_related(*related).order_by("-pk")
    columns = [(_label(f), f.name) for f in fields]
    return Listing(code, indicator, qs, columns)


def _label(f) -> str:
    if f.name in LABELS:
        return str(LABELS[f.name])
    return _(str(f.verbose_name).capitalize())


def _value(obj, name: str):
    value = getattr(obj, name)
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _text(obj, name: str) -> str:
    value = _value(obj, name)
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y %H:%M" if hasattr(value, "hour") else "%d/%m/%Y")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    return str(value)


def to_xlsx(item: Listing, unit, period: Period) -> tuple[str, bytes]:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Danh sách")
    ws.append([f"{item.indicator.name} — {unit.name} — {period.label()}"])
    ws.append([label for label, _name in item.columns])
    for obj in item.queryset[:EXPORT_LIMIT].iterator(chunk_size=2000):
        ws.append(item.values(obj))
    out = io.BytesIO()
    wb.save(out)
    name = f"chi-tiet-{item.code}-{unit.code}-{period.start}-{period.end}.xlsx"
    return name, out.getvalue()
