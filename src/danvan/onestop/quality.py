"""Service-quality figures of dossiers (Decision 766/QĐ-TTg, INDICATORS-766.md; SPEC §7), as
conditions on the dossiers received in a Scope, so that a whole report is one aggregate query.

Each figure is a numerator condition and a denominator condition on `base(scope)` (the dossiers
received in the period, in the unit's subtree, annotated with the end time of the on-time rule).
`totals(scope)` counts all of them in one query; `totals_by_child` in one grouped query; each is
also registered as an indicator whose numerator queryset is `base(scope).filter(numerator)`:
the drill-down lists exactly the rows the figure counts.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.indicators import PATH_STEP, Indicator, Scope, register
from danvan.onestop.models import Channel, Digitization, Dossier, DossierComponent
from danvan.onestop.states import OPEN, Status
from danvan.procedures.services import OnlineLevel, Procedure, TimeUnit

SOURCE = _("Quyết định 766/QĐ-TTg")
GROUP = _("Chất lượng phục vụ (Quyết định 766)")
OPERATIONAL = _("Chỉ số vận hành")
ZERO = dt.timedelta(0)
REUSED = (Digitization.REUSED_DOCUMENT, Digitization.REUSED_RESULT)


def setting(name: str):
    """An [open] point of INDICATORS-766.md (settings.REPORTS_766, defaults as written there)."""
    defaults = {
        "DIGITIZED_TARGET": 1.0,  # 4.2: 100% as on the portal (the description says 80%)
        "E_RESULT_ALL_DOSSIERS": False,  # 4.1: divide by dossiers needing a paper result
        "SUPPLEMENT_WORKING_DAYS": False,  # 2.1: the supplement wait in calendar time
        "ONLINE_TIMES_SYNC": True,  # 3.3 multiplied by the 1.4 sync rate [fit]
    }
    return getattr(settings, "REPORTS_766", {}).get(name, defaults[name])


# --- the base: received dossiers with the end time of rule 2.1 ------------------------------


def period_end(scope: Scope) -> dt.datetime:
    """End of the period (local midnight after its last day), or now when that is later."""
    now = timezone.now()
    if scope.end is None:
        return now
    end = dt.datetime.combine(
        scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    return min(end, now)


def base(scope: Scope):
    """Dossiers received in the period, with `_end` (E) and `_net` (E′) of rule 2.1."""
    qs = scope.filter(Dossier.objects.all(), date_field="received_at")
    return qs.annotate(**_end_annotations(scope, ""))


def _end_annotations(scope: Scope, suffix: str) -> dict:
    waiting = Coalesce(F("supplement_waiting"), Value(ZERO), output_field=DurationField())
    end = Case(
        When(
            Q(supplement_count=1, status=Status.SUPPLEMENT_REQUESTED),
            then=F("supplement_requested_at"),
        ),
        default=Coalesce(
            "processed_at", "returned_at", "closed_at", Value(period_end(scope)),
            output_field=DateTimeField(),
        ),
        output_field=DateTimeField(),
    )  # fmt: skip
    net = ExpressionWrapper(F(f"_end{suffix}") - waiting, output_field=DateTimeField())
    return {f"_end{suffix}": end, f"_net{suffix}": net}


def _max_time(value, unit) -> dt.timedelta | None:
    """A procedure's maximum time as calendar time (dossiers without a due date only)."""
    if value is None:
        return None
    if unit == TimeUnit.WORKING_HOURS:
        return dt.timedelta(hours=float(value))
    if unit == TimeUnit.SAME_DAY:
        return dt.timedelta(days=1)
    return dt.timedelta(days=float(value))


def on_time_q(net: str = "_net") -> Q:
    """Rule 2.1: at most one supplement request, and E′ ≤ the due date (or, with none, E′ −
    receipt ≤ the procedure's maximum time)."""
    no_due = Q(pk__in=[])
    pairs = Procedure.objects.values_list("time_value", "time_unit").distinct().order_by()
    for value, unit in pairs:
        limit = _max_time(value, unit)
        if limit is not None:
            no_due |= Q(
                procedure__time_value=value,
                procedure__time_unit=unit,
                **{f"{net}__lte": F("received_at") + Value(limit)},
            )
    return Q(supplement_count__lte=1) & (
        Q(due_at__isnull=False, **{f"{net}__lte": F("due_at")}) | (Q(due_at__isnull=True) & no_due)
    )


def _component(condition: Q) -> Exists:
    return Exists(DossierComponent.objects.filter(condition, dossier=OuterRef("pk")))


def _with_file() -> Exists:
    return _component(~Q(sha256=""))


E_RESULT = ~Q(result_file="")
PAPER = Q(needs_paper_result=True)
ONLINE = Q(channel=Channel.ONLINE)
FULL_ONLINE_PROCEDURE = Q(procedure__online_level=OnlineLevel.FULL)


CODES = (
    "on_time", "late", "late_apologized", "online_result_complete", "online", "full_online",
    "synced", "paid_online", "e_result_issued", "digitized", "with_file", "e_result",
    "e_result_to_store", "reused", "personal_store", "population_data", "satisfied",
    "no_wait_on_the_spot",
)  # fmt: skip
# A dossier whose end time E does not depend on the period's end: it reached a terminal status,
# waits for its only supplement (E = the request), or had more than one request (late anyway).
SETTLED = (
    Q(processed_at__isnull=False)
    | Q(returned_at__isnull=False)
    | Q(closed_at__isnull=False)
    | Q(supplement_count=1, status=Status.SUPPLEMENT_REQUESTED)
    | Q(supplement_count__gt=1)
)

# The rest: open dossiers (closed ones always have closed_at), found through the status index.
UNSETTLED = Q(status__in=[s.value for s in OPEN]) & ~SETTLED


def _conditions(net: str = "_net") -> dict[str, tuple[Q, Q | None]]:
    """{code: (numerator condition, denominator condition or None for every received dossier)}."""
    on_time = on_time_q(net)
    e_result_den = None if setting("E_RESULT_ALL_DOSSIERS") else PAPER
    return {
        "on_time": (on_time, None),
        "late": (~on_time, None),
        "late_apologized": (~on_time & Q(rescheduled=True), ~on_time),
        "online_result_complete": (ONLINE & (~PAPER | (~Q(result_code="") & E_RESULT)), None),
        "online": (ONLINE, None),
        "full_online": (ONLINE & FULL_ONLINE_PROCEDURE, None),
        "synced": (Q(synced=True), None),
        "paid_online": (
            Q(paid_online=True, fee_vnd__gt=0),
            Q(procedure__fee_vnd__gt=0, fee_vnd__gt=0),
        ),
        "e_result_issued": (E_RESULT & (PAPER if e_result_den is not None else Q()), e_result_den),
        "digitized": (Q(_with_file()) & (~PAPER | E_RESULT), None),
        "with_file": (Q(_with_file()), None),
        "e_result": (E_RESULT, None),
        "e_result_to_store": (E_RESULT & Q(result_sent_to_store=True), E_RESULT),
        "reused": (Q(_component(Q(digitization__in=REUSED))), None),
        "personal_store": (Q(result_sent_to_store=True) | Q(_component(Q(from_store=True))), None),
        "population_data": (Q(vneid_authenticated=True) | Q(uses_population_data=True), None),
        "satisfied": (on_time & Q(has_complaint=False, has_dislike=False), None),
        "no_wait_on_the_spot": (Q(is_no_wait=True, returned_at__isnull=False), None),
    }


@dataclass(frozen=True)
class Figure:
    code: str
    name: object
    formula: object
    group: object = GROUP
    order: int = 0


FIGURES = [
    Figure("on_time", _("Hồ sơ giải quyết đúng hạn (chỉ số 2.1)"),
           _("Hồ sơ đúng hạn theo quy tắc 2.1 ÷ hồ sơ tiếp nhận trong kỳ"), order=21),
    Figure("late", _("Hồ sơ quá hạn"),
           _("Hồ sơ không đúng hạn theo quy tắc 2.1 ÷ hồ sơ tiếp nhận trong kỳ"), OPERATIONAL, 5),
    Figure("late_apologized", _("Hồ sơ quá hạn có thư xin lỗi"),
           _("Hồ sơ quá hạn đã có phiếu xin lỗi và hẹn lại (mẫu 04) ÷ hồ sơ quá hạn"),
           OPERATIONAL, 6),
    Figure("online_result_complete", _("Hồ sơ trực tuyến (chỉ số 3.3)"),
           _("Hồ sơ nộp trực tuyến (có mã và tệp kết quả khi thủ tục có kết quả giấy) ÷ hồ sơ "
             "tiếp nhận trong kỳ"), order=33),
    Figure("online", _("Tỷ lệ hồ sơ trực tuyến"),
           _("Hồ sơ nộp trực tuyến ÷ hồ sơ tiếp nhận trong kỳ (Hà Nội yêu cầu cấp xã ≥ 60%)"),
           OPERATIONAL, 2),
    Figure("full_online", _("Tỷ lệ hồ sơ trực tuyến toàn trình"),
           _("Hồ sơ nộp trực tuyến của thủ tục toàn trình ÷ hồ sơ tiếp nhận trong kỳ (Hà Nội "
             "yêu cầu ≥ 20%)"), OPERATIONAL, 3),
    Figure("synced", _("Hồ sơ đồng bộ lên Cổng quốc gia (chỉ số 1.4)"),
           _("Hồ sơ đã đồng bộ ÷ hồ sơ tiếp nhận trong kỳ"), order=14),
    Figure("paid_online", _("Hồ sơ thanh toán trực tuyến (chỉ số 3.6)"),
           _("Hồ sơ đã thanh toán trực tuyến ÷ hồ sơ của thủ tục có phí, lệ phí (trừ hồ sơ "
             "phí bằng 0)"), order=36),
    Figure("e_result_issued", _("Hồ sơ có kết quả điện tử (chỉ số 4.1)"),
           _("Hồ sơ có tệp kết quả điện tử ÷ hồ sơ của thủ tục có kết quả là giấy tờ"), order=41),
    Figure("digitized", _("Hồ sơ được số hóa (chỉ số 4.2)"),
           _("Hồ sơ có ít nhất một thành phần có tệp, và có kết quả điện tử khi thủ tục có kết "
             "quả giấy ÷ hồ sơ tiếp nhận trong kỳ"), order=42),
    Figure("reused", _("Hồ sơ tái sử dụng dữ liệu (chỉ số 4.3)"),
           _("Hồ sơ có ít nhất một thành phần tái sử dụng dữ liệu đã số hóa ÷ hồ sơ tiếp nhận"),
           order=43),
    Figure("personal_store", _("Hồ sơ gắn kho dữ liệu cá nhân (chỉ số 4.4)"),
           _("Hồ sơ có thành phần lấy từ kho dữ liệu cá nhân hoặc có kết quả điện tử chuyển vào "
             "kho ÷ hồ sơ tiếp nhận"), order=44),
    Figure("population_data", _("Hồ sơ sử dụng dữ liệu dân cư (chỉ số 4.5b)"),
           _("Hồ sơ xác thực VNeID hoặc lấy dữ liệu từ CSDL quốc gia về dân cư ÷ hồ sơ tiếp "
             "nhận"), order=45),
    Figure("satisfied", _("Hồ sơ không chậm, không phản ánh (chỉ số 5.4)"),
           _("(Hồ sơ tiếp nhận − hồ sơ trễ hạn hoặc có phản ánh, không hài lòng, mỗi hồ sơ một "
             "lần) ÷ hồ sơ tiếp nhận"), order=54),
    Figure("with_file", _("Tỷ lệ hồ sơ được số hóa"),
           _("Hồ sơ có ít nhất một thành phần có tệp ÷ hồ sơ tiếp nhận trong kỳ"), OPERATIONAL, 7),
    Figure("e_result", _("Tỷ lệ hồ sơ có kết quả điện tử"),
           _("Hồ sơ có tệp kết quả điện tử ÷ hồ sơ tiếp nhận trong kỳ"), OPERATIONAL, 8),
    Figure("e_result_to_store", _("Tỷ lệ kết quả được số hóa, lưu kho dữ liệu"),
           _("Kết quả điện tử đã chuyển vào kho dữ liệu của công dân ÷ hồ sơ có kết quả điện "
             "tử"), OPERATIONAL, 9),
    Figure("no_wait_on_the_spot", _("Hồ sơ trả ngay, không hẹn"),
           _("Hồ sơ của thủ tục không chờ đã trả kết quả ÷ hồ sơ tiếp nhận trong kỳ"),
           OPERATIONAL, 4),
]  # fmt: skip


def _numerator(code):
    return lambda s: base(s).filter(_conditions()[code][0])


def _denominator(code):
    def den(s):
        condition = _conditions()[code][1]
        return base(s) if condition is None else base(s).filter(condition)

    return den


def _indicator(figure: Figure) -> Indicator:
    return Indicator(
        code=f"onestop.sq_{figure.code}",
        name=figure.name,
        formula=figure.formula,
        numerator=_numerator(figure.code),
        denominator=_denominator(figure.code),
        app="onestop",
        group=figure.group,
        unit_label="%",
        source=SOURCE,
        order=figure.order,
    )


def _counts() -> dict:
    out = {}
    for code, (num, den) in _conditions().items():
        out[f"{code}__n"] = Count("pk", filter=num)
        out[f"{code}__d"] = Count("pk", filter=den) if den is not None else Count("pk")
    return out


def _pairs(row: dict) -> dict[str, tuple[int, int]]:
    return {code: (row[f"{code}__n"] or 0, row[f"{code}__d"] or 0) for code in _conditions()}


def totals(scope: Scope) -> dict[str, tuple[int, int]]:
    """{figure code: (numerator, denominator)} for the scope, in one aggregate query."""
    return _pairs(base(scope).aggregate(**_counts()))


def totals_by_child(scope: Scope) -> dict[str, dict[str, tuple[int, int]]]:
    """{child unit path: totals} for the direct children of the scope's unit: one grouped query."""
    key = Substr("unit__path", 1, len(scope.unit.path) + PATH_STEP)
    rows = base(scope).order_by().annotate(_child=key).values("_child").annotate(**_counts())
    return {row["_child"]: _pairs(row) for row in rows}


SPENT = ExpressionWrapper(
    Coalesce("processed_at", "returned_at") - F("received_at"), output_field=DurationField()
)
FINISHED = Q(processed_at__isnull=False) | Q(returned_at__isnull=False)


def multi(
    unit,
    windows: list[tuple],
    *,
    by_child: bool = False,
    only: Q | None = None,
    codes: tuple | None = None,
) -> list[dict]:
    """Several periods at once (this period, the one before, the same period last year), in ONE
    query over the dossiers received in any of them, grouped by the unit's child when asked:
    [{"total": {code: (n, d)}, "children": {path: {code: (n, d)}}, "finished": n,
    "average_days": x}] in the order of `windows`. `codes`: only those figures (the reports'
    drill-down heading needs one; fewer conditions, no component subqueries it does not use)."""
    codes = tuple(codes or CODES)
    scopes = [Scope(unit, start, end) for start, end in windows]
    inside = [s.unit_q("unit") & s.period_q(Dossier, "received_at") for s in scopes]
    any_period = Q(pk__in=[])
    for q in inside:
        any_period |= q
    qs = Dossier.objects.filter(any_period)
    if only is not None:
        qs = qs.filter(only)
    annotations, counts = {}, {}
    for i, (scope, q) in enumerate(zip(scopes, inside, strict=True)):
        annotations |= _end_annotations(scope, f"_{i}")
        for code, (num, den) in _conditions(f"_net_{i}").items():
            if code not in codes:
                continue
            counts[f"p{i}_{code}__n"] = Count("pk", filter=q & num)
            counts[f"p{i}_{code}__d"] = Count("pk", filter=q & den if den is not None else q)
        counts[f"p{i}__finished"] = Count("pk", filter=q & FINISHED)
        counts[f"p{i}__spent"] = Avg(SPENT, filter=q & FINISHED)
    qs = qs.annotate(**annotations)
    if by_child and unit is not None:
        key = Substr("unit__path", 1, len(unit.path) + PATH_STEP)
        rows = list(qs.order_by().annotate(_child=key).values("_child").annotate(**counts))
    else:
        rows = [one_row(qs, counts)]
    return [_window(rows, i, codes) for i in range(len(windows))]


def one_row(qs, aggregates: dict) -> dict:
    """`qs.aggregate(**aggregates) | {"_child": None}` without QuerySet.aggregate(): with many
    large conditional aggregates over annotations, Django's aggregate() re-walks and hashes every
    earlier aggregate's tree for each one (get_aggregation's replacements: quadratic, ~0.3 s of
    Python for a report's 100 figures). A values() query grouped by a constant is one row too,
    compiled once (a constant adds no GROUP BY)."""
    grouped = qs.order_by().annotate(_child=Value(None, output_field=CharField()))
    return grouped.values("_child").annotate(**aggregates)[0]


def unsettled_span(unit) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The earliest and latest receipt of the open (unsettled) dossiers of the unit's subtree."""
    from django.db.models import Max, Min

    qs = Dossier.objects.filter(UNSETTLED, received_at__isnull=False)
    if unit is not None:
        qs = qs.filter(Scope(unit).unit_q("unit"))
    row = one_row(qs, {"first": Min("received_at"), "last": Max("received_at")})
    return row["first"], row["last"]


def events_since(last_id: int | None) -> tuple[int, set]:
    """(the newest event id, {(unit id, received_at)} of the dossiers with events after
    `last_id`); with None, only the newest id."""
    from django.db.models import Max

    from danvan.onestop.models import DossierEvent

    newest = DossierEvent.objects.order_by().aggregate(m=Max("pk"))["m"] or 0
    if last_id is None or newest <= last_id:
        return newest, set()
    rows = (
        DossierEvent.objects.filter(pk__gt=last_id, pk__lte=newest)
        .order_by()
        .values_list("dossier__unit_id", "dossier__received_at")
        .distinct()
    )
    return newest, set(rows)


def settled_exist() -> bool:
    return Dossier.objects.filter(SETTLED, received_at__isnull=False).exists()


def cells(condition: Q) -> list[dict]:
    """The settled dossiers matching `condition`, counted by (unit, local day of receipt): the
    rows of the reports app's aggregate table. One grouped query."""
    from django.db.models.functions import TruncDate

    qs = base(Scope()).filter(condition & SETTLED).filter(received_at__isnull=False)
    counts = {}
    for code, (num, den) in _conditions().items():
        counts[f"n_{code}"] = Count("pk", filter=num)
        counts[f"d_{code}"] = Count("pk", filter=den) if den is not None else Count("pk")
    counts["finished"] = Count("pk", filter=FINISHED)
    counts["spent"] = Sum(SPENT, filter=FINISHED)
    rows = qs.order_by().annotate(day=TruncDate("received_at")).values("unit_id", "day")
    return list(rows.annotate(**counts))


def _window(rows: list[dict], i: int, codes: tuple = CODES) -> dict:
    children = {}
    for row in rows:
        children[row["_child"]] = {
            c: (row[f"p{i}_{c}__n"] or 0, row[f"p{i}_{c}__d"] or 0) for c in codes
        }
    total = {c: (sum(ch[c][0] for ch in children.values()),
                 sum(ch[c][1] for ch in children.values())) for c in codes}  # fmt: skip
    finished = sum(row[f"p{i}__finished"] or 0 for row in rows)
    seconds = sum(
        (row[f"p{i}__spent"].total_seconds() * (row[f"p{i}__finished"] or 0))
        for row in rows
        if row[f"p{i}__spent"] is not None
    )
    average = round(seconds / finished / 86400, 2) if finished else None
    return {"total": total, "children": children, "finished": finished, "average_days": average}


# From this many dossiers received in the scope, the procedure figures probe each procedure
# (PostgreSQL; reports migration 0005's covering index) instead of grouping every dossier.
PROBE_FROM = 50_000
PROCEDURE_FLAGS = {
    "online": ONLINE,
    "fee": Q(fee_vnd__gt=0),
    "paid": Q(paid_online=True),
    "population": Q(vneid_authenticated=True) | Q(uses_population_data=True),
}


def procedure_flags(
    scope: Scope, received: int | None = None, *, probe: bool | None = None
) -> dict[str, tuple[int, int]]:
    """3.1, 3.2, 3.5, 3.5b, 4.5a from one query grouped by procedure (and the catalogue); with
    `received` (the scope's dossiers, already counted) ≥ PROBE_FROM on PostgreSQL, from one query
    over the procedures asking for each flag whether one dossier of the scope has it (each probe
    stops at its first hit in the (procedure, receipt time) index): a city's year is a few
    hundred index look-ups, not a million rows grouped. Both give the same figures."""
    procs = list(_procedures(scope).values("id", "online_level", "fee_vnd", "person_applicant"))
    if probe is None:
        probe = connection.vendor == "postgresql" and (received or 0) >= PROBE_FROM
    if probe:
        used = _probed(scope, procs)
    else:
        used = _grouped(scope)
    return _flags(procs, used)


def _grouped(scope: Scope) -> dict:
    dossiers = scope.filter(Dossier.objects.all(), date_field="received_at")
    return {
        row["procedure"]: row
        for row in dossiers.order_by()
        .values("procedure")
        .annotate(
            online=Count("pk", filter=ONLINE),
            fee=Count("pk", filter=Q(fee_vnd__gt=0)),
            paid=Count("pk", filter=Q(paid_online=True)),
            population=Count("pk", filter=PROCEDURE_FLAGS["population"]),
        )
    }


def _probed(scope: Scope, procs: list[dict]) -> dict:
    """{procedure id: {flag: True/False}}, probing only the flags a procedure's figures use."""
    ids = [p["id"] for p in procs]

    def has(flag: str):
        dossiers = Dossier.objects.filter(PROCEDURE_FLAGS[flag], procedure=OuterRef("pk"))
        return Exists(scope.filter(dossiers, date_field="received_at"))

    def when(condition: Q, flag: str):
        return Case(When(condition, then=has(flag)), default=Value(False))

    online_levels = [OnlineLevel.FULL, OnlineLevel.PARTIAL]
    rows = (
        Procedure.objects.filter(pk__in=ids)
        .values("id")
        .annotate(
            online=when(Q(online_level__in=online_levels), "online"),
            fee=when(Q(fee_vnd__gt=0), "fee"),
            paid=when(Q(fee_vnd__gt=0), "paid"),
            population=when(Q(person_applicant=True), "population"),
        )
    )
    return {row["id"]: row for row in rows}


def _flags(procs: list[dict], used: dict) -> dict[str, tuple[int, int]]:
    online = [p for p in procs if p["online_level"] in (OnlineLevel.FULL, OnlineLevel.PARTIAL)]
    fee = [p for p in procs if (p["fee_vnd"] or 0) > 0]
    people = [p for p in procs if p["person_applicant"]]

    def having(group, key):
        return sum(1 for p in group if used.get(p["id"], {}).get(key))

    return {
        "procedures_online": (len(online), len(procs)),
        "services_used": (having(online, "online"), len(online)),
        "fee_data": (having(fee, "fee"), len(fee)),
        "procedures_paid_online": (having(fee, "paid"), len(fee)),
        "procedures_population": (having(people, "population"), len(people)),
    }


def processing_days(scope: Scope) -> tuple[float | None, int]:
    """2.2: average days from receipt to processed (or returned) of dossiers received in the
    period and finished; and how many."""
    done = scope.filter(Dossier.objects.all(), date_field="received_at").filter(
        Q(processed_at__isnull=False) | Q(returned_at__isnull=False)
    )
    spent = ExpressionWrapper(
        Coalesce("processed_at", "returned_at") - F("received_at"), output_field=DurationField()
    )
    row = done.aggregate(avg=Avg(spent), n=Count("pk"))
    avg = row["avg"]
    return (round(avg.total_seconds() / 86400, 2) if avg is not None else None), row["n"]


def no_wait_median_minutes(scope: Scope) -> float | None:
    """Median minutes from receipt to return of the no-wait dossiers returned (two queries)."""
    qs = base(scope).filter(_conditions()["no_wait_on_the_spot"][0])
    qs = qs.annotate(
        _spent=ExpressionWrapper(F("returned_at") - F("received_at"), output_field=DurationField())
    )
    if connection.vendor == "postgresql":  # one pass (reports migration 0005's index)
        sql, params = qs.values_list("_spent").order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) FROM ({sql}) AS t(s)",  # noqa: S608 - the ORM's SQL; values stay parameters
                params,
            )
            median = cursor.fetchone()[0]
        return None if median is None else round(median.total_seconds() / 60, 1)
    n = qs.count()
    if not n:
        return None
    ordered = qs.order_by("_spent").values_list("_spent", flat=True)
    if n % 2:
        middle = [ordered[n // 2]]
    else:
        middle = list(ordered[n // 2 - 1 : n // 2 + 1])
    return round(sum(m.total_seconds() for m in middle) / len(middle) / 60, 1)


# --- procedure-level figures (3.1, 3.2, 3.5, 3.5b, 4.5a) ------------------------------------


def _procedures(scope: Scope):
    """Procedures under the unit's authority: a commune's are the commune-level ones; a province
    (or a pre-2025 district) includes its communes, so every level."""
    qs = Procedure.objects.filter(is_active=True)
    return qs.filter(level="commune") if getattr(scope.unit, "kind", "") == "commune" else qs


def _used(scope: Scope, condition: Q) -> Exists:
    dossiers = scope.filter(Dossier.objects.filter(condition), date_field="received_at")
    return Exists(dossiers.filter(procedure=OuterRef("pk")))


PROCEDURE_FIGURES = {
    "procedures_online": (
        _("Thủ tục cung cấp dịch vụ công trực tuyến (chỉ số 3.1)"),
        _("Thủ tục trực tuyến một phần hoặc toàn trình ÷ thủ tục thuộc thẩm quyền"),
        lambda s: _procedures(s).filter(online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL]),
        _procedures,
    ),
    "services_used": (
        _("Dịch vụ công trực tuyến có phát sinh hồ sơ (chỉ số 3.2)"),
        _("Dịch vụ công có ít nhất một hồ sơ trực tuyến ÷ dịch vụ công đang cung cấp"),
        lambda s: (
            _procedures(s)
            .filter(online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL])
            .filter(_used(s, ONLINE))
        ),
        lambda s: _procedures(s).filter(online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL]),
    ),
    "fee_data": (
        _("Thủ tục có phí đồng bộ dữ liệu phí (chỉ số 3.5)"),
        _("Thủ tục có phí có ít nhất một hồ sơ mang dữ liệu phí ÷ thủ tục có phí"),
        lambda s: _procedures(s).filter(fee_vnd__gt=0).filter(_used(s, Q(fee_vnd__gt=0))),
        lambda s: _procedures(s).filter(fee_vnd__gt=0),
    ),
    "procedures_paid_online": (
        _("Thủ tục có thanh toán trực tuyến (chỉ số 3.5b)"),
        _("Thủ tục có phí có ít nhất một hồ sơ thanh toán trực tuyến thành công ÷ thủ tục có phí"),
        lambda s: _procedures(s).filter(fee_vnd__gt=0).filter(_used(s, Q(paid_online=True))),
        lambda s: _procedures(s).filter(fee_vnd__gt=0),
    ),
    "procedures_population": (
        _("Thủ tục kết nối dữ liệu dân cư (chỉ số 4.5a)"),
        _("Thủ tục có hồ sơ sử dụng dữ liệu dân cư ÷ thủ tục có đối tượng là cá nhân"),
        lambda s: (
            _procedures(s)
            .filter(person_applicant=True)
            .filter(_used(s, Q(vneid_authenticated=True) | Q(uses_population_data=True)))
        ),
        lambda s: _procedures(s).filter(person_applicant=True),
    ),
}


def register_all() -> None:
    for figure in FIGURES:
        register(_indicator(figure))
    for code, (name, formula, num, den) in PROCEDURE_FIGURES.items():
        register(
            Indicator(
                code=f"onestop.sq_{code}", name=name, formula=formula, numerator=num,
                denominator=den, app="onestop", group=GROUP, unit_label="%", source=SOURCE,
            )
        )  # fmt: skip


def counter_today(unit) -> dict:
    """A counter leader's dashboard: today's queue and the overdue open dossiers of the subtree
    (one aggregate query)."""
    now = timezone.now()
    today = timezone.localdate()
    scope = Scope(unit, today, today)
    start = dt.datetime.combine(today, dt.time.min, tzinfo=timezone.get_current_timezone())
    tomorrow = start + dt.timedelta(days=1)
    open_ = Dossier.objects.open().filter(scope.unit_q("unit"))
    return open_.aggregate(
        open=Count("pk"),
        waiting_reception=Count("pk", filter=Q(status=Status.REGISTERED_ONLINE)),
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        due_today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=tomorrow)),
        received_today=Count("pk", filter=Q(received_at__gte=start, received_at__lt=tomorrow)),
    )


def overdue_open(unit):
    """The open dossiers past their due date (the counter leader's list)."""
    now = timezone.now()
    return Dossier.objects.open().filter(Scope(unit).unit_q("unit"), due_at__lt=now)
