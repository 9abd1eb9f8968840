"""Deadlines and thresholds of the oversight registers, as data with their legal basis
(../shared/data/mobilization-rules.md). "d" = calendar days, "wd" = working days
(danvan.workcal through the unit's calendar)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from danvan.units.calendar import rules_for
from danvan.workcal import add_working_days


@dataclass(frozen=True)
class Rule:
    code: str
    days: int
    unit: str  # "d" or "wd"
    basis: str
    effective_from: dt.date | None = None


RULES = {
    r.code: r
    for r in [
        # UBND answers a People's Inspection Board recommendation within 15 d.
        Rule(
            "board_reply",
            15,
            "d",
            gettext_noop("Luật Thực hiện dân chủ ở cơ sở 2022, Điều 40(1)(c)"),
        ),
        # UBND answers a Community Investment Supervision Board recommendation within 15 d.
        Rule(
            "investment_board_reply",
            15,
            "d",
            gettext_noop("Luật Thực hiện dân chủ ở cơ sở 2022, Điều 45(2)(c)"),
        ),
        # A People's Inspection Board's plan reaches MTTQ, the chair and the target ≥ 5 wd before.
        Rule("board_plan_notice", 5, "wd", gettext_noop("Nghị định 59/2023/NĐ-CP, Điều 14(1)(b)")),
        # The supervision plan reaches the supervised body ≥ 15 d before the session.
        Rule(
            "supervision_plan_notice",
            15,
            "d",
            gettext_noop("Nghị quyết liên tịch 403/2017, Điều 7"),
        ),
        # Dialogue: notice in the media ≥ 7 d before; results published ≤ 10 d after.
        Rule(
            "dialogue_notice",
            7,
            "d",
            gettext_noop("Luật Tổ chức chính quyền địa phương 2025, Điều 43"),
        ),
        Rule(
            "dialogue_results",
            10,
            "d",
            gettext_noop("Luật Tổ chức chính quyền địa phương 2025, Điều 43"),
        ),
        # Drafting body sends the draft ≥ 15 d before submitting it.
        Rule(
            "criticism_draft", 15, "d", gettext_noop("Luật Mặt trận Tổ quốc Việt Nam 2015, Điều 36")
        ),
        # A disclosure ≤ 5 wd after the decision or document, when no sector law sets one.
        Rule(
            "disclosure", 5, "wd", gettext_noop("Luật Thực hiện dân chủ ở cơ sở 2022, Điều 12(3)")
        ),
    ]
}

# Law 75/2015 Art. 29 and NQLT 403/2017 set no day count for a body's answer to a Front
# supervision recommendation: the Front committee sets it on each recommendation (no default).
# Stored on each recommendation in Vietnamese; pages translate it when shown (gettext_noop).
FRONT_REPLY_BASIS = gettext_noop(
    "Luật Mặt trận Tổ quốc Việt Nam 2015, Điều 29 (thời hạn do Ủy ban MTTQ ấn định)"
)

BOARD_MIN_MEMBERS = 5  # Law 10/2022 Art. 36(1); Decree 59/2023 Art. 13
BOARD_MAX_DEPUTIES = 2
INVESTMENT_BOARD_MIN_MEMBERS = 5  # Decree 59/2023 Art. 17


def add(start: dt.date, days: int, unit: str, where) -> dt.date:
    """`start` + `days` calendar or working days (the unit's working calendar)."""
    if unit == "wd":
        return add_working_days(start, days, rules_for(where))
    return start + dt.timedelta(days=days)


def due(code: str, start: dt.date, where) -> dt.date:
    rule = RULES[code]
    return add(start, rule.days, rule.unit, where)


def inspection_board_size(villages: int | None) -> int:
    """Members required: one per thôn/TDP, at least 5; at most 5 when there are fewer than 5."""
    return max(BOARD_MIN_MEMBERS, villages or 0)
