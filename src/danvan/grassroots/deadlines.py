"""Legal time limits of petitions, kept as data with their source and the date they apply from
(/work/shared/data/mobilization-rules.md §4; "d" calendar days, "wd" working days).

Two limits per kind: *acceptance* (phân loại, thụ lý: counted from receipt) and *settlement*
(giải quyết, trả lời: counted from acceptance, i.e. when the petition is routed). Working days come
from the unit's calendar (danvan.units.calendar → danvan.workcal); a limit in calendar days that
ends on a day off moves to the next working day (Civil Code 2015 Art. 148(5)).
"""

import datetime as dt
from dataclasses import dataclass

from danvan.grassroots.models import Kind
from danvan.units.calendar import rules_for
from danvan.workcal import closing_of, due_at, is_working_day, next_working_day

WD, D = "wd", "d"


@dataclass(frozen=True)
class Limit:
    kind: str
    step: str  # "accept" | "settle" | "transfer"
    amount: int
    unit: str  # WD | D
    basis: str
    effective_from: dt.date = dt.date(2000, 1, 1)
    complex_amount: int | None = None  # "vụ việc phức tạp"


LIMITS = [
    # Feedback and recommendations: tell the person how it is handled within 10 wd (Law 42/2013
    # Art. 28(1)); the same limit is used for the answer (no statutory count found: configurable).
    Limit(Kind.FEEDBACK, "accept", 10, WD, "Luật Tiếp công dân 2013, Điều 28 khoản 1"),
    Limit(
        Kind.FEEDBACK,
        "settle",
        10,
        WD,
        "Luật Tiếp công dân 2013, Điều 28 khoản 1 (áp dụng cho trả lời)",
    ),
    Limit(Kind.RECOMMENDATION, "accept", 10, WD, "Luật Tiếp công dân 2013, Điều 28 khoản 1"),
    Limit(
        Kind.RECOMMENDATION,
        "settle",
        10,
        WD,
        "Luật Tiếp công dân 2013, Điều 28 khoản 1 (áp dụng cho trả lời)",
    ),
    # Complaints: acceptance 10 d (Law 02/2011 Art. 27), 7 wd from 01/07/2026 (Decree 124 Art.
    # 16(1) as amended by Decree 155/2026 Art. 10); first settlement 30 d, complex 45 d (Art. 28).
    Limit(Kind.COMPLAINT, "accept", 10, D, "Luật Khiếu nại 2011, Điều 27"),
    Limit(
        Kind.COMPLAINT,
        "accept",
        7,
        WD,
        "Nghị định 124/2020/NĐ-CP Điều 16 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP Điều 10",
        effective_from=dt.date(2026, 7, 1),
    ),
    Limit(Kind.COMPLAINT, "settle", 30, D, "Luật Khiếu nại 2011, Điều 28", complex_amount=45),
    # Denunciations: initial handling 7 wd (Law 25/2018 Art. 24(1)); settlement 30 d from
    # acceptance, complex: one extension of 30 d (Art. 30).
    Limit(Kind.DENUNCIATION, "accept", 7, WD, "Luật Tố cáo 2018, Điều 24 khoản 1"),
    Limit(Kind.DENUNCIATION, "settle", 30, D, "Luật Tố cáo 2018, Điều 30", complex_amount=60),
    # Forwarding to the competent body when not competent: 5 wd (Law 25/2018 Art. 24(2);
    # Decree 20/2008 for recommendations on administrative regulations).
    *(
        Limit(k, "transfer", 5, WD, "Luật Tố cáo 2018, Điều 24 khoản 2; Nghị định 20/2008/NĐ-CP")
        for k in Kind.values
    ),
]


def limit_for(kind: str, step: str, on: dt.date) -> Limit:
    """The limit in force on `on` (the latest effective_from not after it)."""
    found = [x for x in LIMITS if x.kind == kind and x.step == step and x.effective_from <= on]
    if not found:
        raise LookupError(f"no {step} limit for {kind} on {on}")
    return max(found, key=lambda x: x.effective_from)


def compute(unit, kind: str, step: str, start: dt.datetime, *, complex_case: bool = False):
    """(due moment, basis text) of the limit counted from `start` at `unit`."""
    rules = rules_for(unit)
    local = start.astimezone(rules.tzinfo)
    limit = limit_for(kind, step, local.date())
    amount = limit.complex_amount if complex_case and limit.complex_amount else limit.amount
    if limit.unit == WD:
        moment = due_at(start, rules, working_days=amount)
    else:
        day = local.date() + dt.timedelta(days=amount)
        if not is_working_day(day, rules):
            day = next_working_day(day, rules)
        moment = closing_of(day, rules)
    unit_word = "ngày làm việc" if limit.unit == WD else "ngày"
    return moment, f"{amount} {unit_word} — {limit.basis}"
