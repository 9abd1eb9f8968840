"""Digitization and reuse counts for the reports issue (Decision 766 indicators 4.2-4.4).

Counted over dossiers RECEIVED in the period (local dates, both ends included) in the unit's subtree,
grouped by the receiving unit. The reports app turns these counts into rates and scores.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

REUSED = ("reused_document", "reused_result")


@dataclass
class UnitCounts:
    unit: str
    unit_name: str
    dossiers: int = 0
    digitized_components: int = 0  # components scanned at intake (digitization "digitized")
    reused_components: int = 0  # components filled from the store (document or previous result)
    dossiers_digitized: int = 0  # dossiers with at least one component file (4.2 numerator, part)
    dossiers_with_reuse: int = 0  # 4.3 numerator
    dossiers_from_store: int = (
        0  # 4.4: a component from the store, or the e-result sent to the store
    )
    e_results: int = 0  # dossiers with an electronic result file (4.1 numerator)
    digitized_results: int = 0  # e-results that went to the citizen's store
    per_dossier: list[dict] = field(default_factory=list)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def digitization_counts(
    start: dt.date, end: dt.date, unit=None, *, with_dossiers: bool = True
) -> dict:
    """{"units": [UnitCounts as dict...], "total": {...}} for dossiers received from start to end."""
    from danvan.onestop.models import Dossier

    lo, hi = _bounds(start, end)
    qs = Dossier.objects.filter(received_at__gte=lo, received_at__lt=hi)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    rows = (
        qs.values("code", "unit__code", "unit__name", "result_file", "result_sent_to_store")
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
    total = UnitCounts(unit.code if unit else "", unit.name if unit else "Tất cả")
    for counts in by_unit.values():
        for key, value in asdict(counts).items():
            if isinstance(value, int):
                setattr(total, key, getattr(total, key) + value)
    total_dict = asdict(total)
    total_dict.pop("per_dossier")
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "units": [asdict(c) for c in by_unit.values()],
        "total": total_dict,
    }


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
