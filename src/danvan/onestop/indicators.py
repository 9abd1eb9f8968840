"""One-stop indicators (danvan.core.indicators): dossiers received, digitization and reuse
(Decision 766 group 4), citizen ratings; and the digitization feed by receiving unit.

Dossiers count in the period of their receipt (local dates, both ends included), in the unit's
subtree; ratings in the period they were given. The reports app turns rates into scores.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from danvan.core.indicators import Indicator, Scope, register
from danvan.onestop.models import Digitization, Dossier, DossierComponent, Rating

REUSED = (Digitization.REUSED_DOCUMENT, Digitization.REUSED_RESULT)
DIGITIZATION = _("Số hóa, tái sử dụng")
SATISFACTION = _("Mức độ hài lòng")
SOURCE_766 = _("Quyết định 766/QĐ-TTg")


def received(scope: Scope, qs=None):
    return scope.filter(Dossier.objects.all() if qs is None else qs, date_field="received_at")


def with_component(condition: Q):
    """Dossiers with at least one component meeting the condition (no duplicate rows)."""
    return Dossier.objects.filter(
        Exists(DossierComponent.objects.filter(condition, dossier=OuterRef("pk")))
    )


def components(scope: Scope, condition: Q):
    qs = DossierComponent.objects.filter(condition)
    return scope.filter(qs, unit_field="dossier__unit", date_field="dossier__received_at")


def ratings(scope: Scope, qs=None):
    qs = Rating.objects.all() if qs is None else qs
    return scope.filter(qs, unit_field="dossier__unit", date_field="at")


def _rate(
    code: str, name, formula, numerator, *, denominator=received, group=DIGITIZATION, order=0
):
    return Indicator(
        code=f"onestop.{code}",
        name=name,
        formula=formula,
        numerator=numerator,
        denominator=denominator,
        app="onestop",
        group=group,
        unit_label="%",
        source=SOURCE_766,
        order=order,
    )


def _count(code: str, name, formula, numerator, *, unit_label, group=DIGITIZATION, order=0):
    return Indicator(
        code=f"onestop.{code}",
        name=name,
        formula=formula,
        numerator=numerator,
        app="onestop",
        group=group,
        unit_label=unit_label,
        order=order,
    )


INDICATORS = [
    _count(
        "dossiers_received",
        _("Hồ sơ tiếp nhận"),
        _("Số hồ sơ có ngày tiếp nhận trong kỳ, thuộc đơn vị và các đơn vị trực thuộc"),
        received,
        unit_label=_("hồ sơ"),
        order=1,
    ),
    _count(
        "components_digitized",
        _("Thành phần hồ sơ được số hóa"),
        _("Số thành phần được quét, số hóa khi tiếp nhận, của hồ sơ tiếp nhận trong kỳ"),
        lambda s: components(s, Q(digitization=Digitization.DIGITIZED)),
        unit_label=_("thành phần"),
        order=2,
    ),
    _count(
        "components_reused",
        _("Thành phần hồ sơ tái sử dụng"),
        _(
            "Số thành phần lấy từ kho dữ liệu (giấy tờ hoặc kết quả đã có), của hồ sơ tiếp nhận trong kỳ"
        ),
        lambda s: components(s, Q(digitization__in=REUSED)),
        unit_label=_("thành phần"),
        order=3,
    ),
    _rate(
        "dossiers_digitized",
        _("Tỷ lệ hồ sơ có thành phần số hóa"),
        _("Hồ sơ có ít nhất một thành phần có tệp ÷ hồ sơ tiếp nhận trong kỳ"),
        lambda s: received(s, with_component(~Q(sha256=""))),
        order=10,
    ),
    _rate(
        "dossiers_with_reuse",
        _("Tỷ lệ hồ sơ có tái sử dụng dữ liệu (chỉ số 4.3)"),
        _(
            "Hồ sơ có ít nhất một thành phần tái sử dụng dữ liệu đã số hóa ÷ hồ sơ tiếp nhận trong kỳ"
        ),
        lambda s: received(s, with_component(Q(digitization__in=REUSED))),
        order=11,
    ),
    _rate(
        "dossiers_from_store",
        _("Tỷ lệ hồ sơ gắn với kho dữ liệu cá nhân (chỉ số 4.4)"),
        _(
            "Hồ sơ có thành phần lấy từ kho dữ liệu của công dân, hoặc có kết quả điện tử đã "
            "chuyển vào kho ÷ hồ sơ tiếp nhận trong kỳ"
        ),
        lambda s: received(
            s,
            Dossier.objects.filter(
                Q(result_sent_to_store=True)
                | Exists(DossierComponent.objects.filter(from_store=True, dossier=OuterRef("pk")))
            ),
        ),
        order=12,
    ),
    _rate(
        "e_results",
        _("Tỷ lệ hồ sơ có kết quả điện tử"),
        _("Hồ sơ có tệp kết quả điện tử ÷ hồ sơ tiếp nhận trong kỳ"),
        lambda s: received(s, Dossier.objects.exclude(result_file="")),
        order=13,
    ),
    _rate(
        "e_results_to_store",
        _("Tỷ lệ kết quả điện tử được lưu vào kho dữ liệu"),
        _(
            "Kết quả điện tử đã chuyển vào kho dữ liệu ÷ hồ sơ có kết quả điện tử, tiếp nhận trong kỳ"
        ),
        lambda s: received(
            s, Dossier.objects.exclude(result_file="").filter(result_sent_to_store=True)
        ),
        denominator=lambda s: received(s, Dossier.objects.exclude(result_file="")),
        order=14,
    ),
    _count(
        "ratings",
        _("Lượt đánh giá của người dân"),
        _("Số đánh giá gửi trong kỳ về hồ sơ của đơn vị và các đơn vị trực thuộc"),
        ratings,
        unit_label=_("lượt"),
        group=SATISFACTION,
        order=1,
    ),
    _rate(
        "ratings_satisfied",
        _("Tỷ lệ đánh giá hài lòng"),
        _("Đánh giá “Hài lòng” ÷ tổng số đánh giá gửi trong kỳ"),
        lambda s: ratings(s, Rating.objects.filter(score=Rating.Score.SATISFIED)),
        denominator=ratings,
        group=SATISFACTION,
        order=2,
    ),
    _rate(
        "ratings_unsatisfied",
        _("Tỷ lệ đánh giá không hài lòng"),
        _("Đánh giá “Không hài lòng” ÷ tổng số đánh giá gửi trong kỳ"),
        lambda s: ratings(s, Rating.objects.filter(score=Rating.Score.UNSATISFIED)),
        denominator=ratings,
        group=SATISFACTION,
        order=3,
    ),
]


def register_all() -> None:
    for indicator in INDICATORS:
        register(indicator)


# --- The digitization feed by receiving unit (formerly vault.indicators) ----------------------


@dataclass
class UnitCounts:
    unit: str
    unit_name: str
    dossiers: int = 0
    digitized_components: int = 0  # components scanned at intake (digitization "digitized")
    reused_components: int = 0  # components filled from the store (document or previous result)
    dossiers_digitized: int = 0  # dossiers with at least one component file (4.2 numerator, part)
    dossiers_with_reuse: int = 0  # 4.3 numerator
    dossiers_from_store: int = 0  # 4.4: a component from the store, or the e-result to the store
    e_results: int = 0  # dossiers with an electronic result file (4.1 numerator)
    digitized_results: int = 0  # e-results that went to the citizen's store
    per_dossier: list[dict] = field(default_factory=list)


def digitization_counts(
    start: dt.date, end: dt.date, unit=None, *, with_dossiers: bool = True
) -> dict:
    """{"units": [UnitCounts as dict...], "total": {...}} for dossiers received from start to end
    in the unit's subtree (the registry's Scope), per receiving unit."""
    rows = (
        received(Scope(unit, start, end))
        .values("code", "unit__code", "unit__name", "result_file", "result_sent_to_store")
        .annotate(
            digitized=Count("components", filter=Q(components__digitization="digitized")),
            reused=Count("components", filter=Q(components__digitization__in=REUSED)),
            from_store=Count("components", filter=Q(components__from_store=True)),
            files=Count("components", filter=~Q(components__sha256="")),
        )
        .order_by("unit__code", "code")
    )
    by_unit: dict[str, UnitCounts] = {}
    for row in rows:
        counts = by_unit.setdefault(
            row["unit__code"], UnitCounts(row["unit__code"], row["unit__name"])
        )
        _add(counts, row, with_dossiers)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "units": [asdict(c) for c in by_unit.values()],
        "total": _total(by_unit.values(), unit),
    }


def _total(units, unit) -> dict:
    total = UnitCounts(unit.code if unit else "", unit.name if unit else "Tất cả")
    for counts in units:
        for key, value in asdict(counts).items():
            if isinstance(value, int):
                setattr(total, key, getattr(total, key) + value)
    total_dict = asdict(total)
    total_dict.pop("per_dossier")
    return total_dict


def _add(counts: UnitCounts, row: dict, with_dossiers: bool) -> None:
    e_result = bool(row["result_file"])
    counts.dossiers += 1
    counts.digitized_components += row["digitized"]
    counts.reused_components += row["reused"]
    counts.dossiers_digitized += row["files"] > 0
    counts.dossiers_with_reuse += row["reused"] > 0
    counts.dossiers_from_store += row["from_store"] > 0 or row["result_sent_to_store"]
    counts.e_results += e_result
    counts.digitized_results += e_result and row["result_sent_to_store"]
    if with_dossiers:
        counts.per_dossier.append(
            {"code": row["code"], "digitized": row["digitized"], "reused": row["reused"]}
        )


def reuse_by_dossier(start: dt.date, end: dt.date, unit=None) -> dict[str, int]:
    """Reused components per dossier code (only dossiers with at least one)."""
    result: dict[str, int] = defaultdict(int)
    for unit_row in digitization_counts(start, end, unit)["units"]:
        for d in unit_row["per_dossier"]:
            if d["reused"]:
                result[d["code"]] += d["reused"]
    return dict(result)
