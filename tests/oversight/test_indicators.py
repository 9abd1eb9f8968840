"""Every CONTRACTS.md indicator of the oversight app, counted by hand on records made here in a
ward with no demo data, for a period; the ward's figures add up at the city."""

import datetime as dt

import pytest

from danvan.core.indicators import breakdown, evaluate, get
from danvan.oversight.models import (
    Board,
    BoardMember,
    CriticismComment,
    CriticismSession,
    Dialogue,
    Disclosure,
    DisclosureItem,
    Recommendation,
    Supervision,
)
from danvan.units.models import Unit
from tests.oversight.conftest import front_of

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 7, 1), dt.date(2025, 12, 31)
CONTRACT = [
    "oversight.supervisions", "oversight.recommendations", "oversight.recommendations_answered",
    "oversight.recommendation_response_rate", "oversight.criticism_sessions",
    "oversight.criticism_comments", "oversight.criticism_comments_taken_up", "oversight.dialogues",
    "oversight.dialogues_city", "oversight.dialogues_district", "oversight.dialogues_commune",
    "oversight.boards", "oversight.board_members", "oversight.disclosures_due",
    "oversight.disclosures_done", "oversight.disclosure_rate",
]  # fmt: skip


def _sup(unit, org, planned, *, started=None, form="team", state="reported", level="commune"):
    return Supervision.objects.create(
        unit=unit, level=level, organizer=org, form=form, subject_kind="body", subject="UBND",
        title=f"Giám sát {planned}", planned_on=planned, started_on=started, state=state,
    )  # fmt: skip


def _rec(sup, sent, due, answered=None, state="sent", escalated_to=""):
    return Recommendation.objects.create(
        supervision=sup, unit=sup.unit, addressee="UBND", content="Kiến nghị", sent_on=sent, due_on=due,
        answered_on=answered, state=state, escalated_to=escalated_to,
    )  # fmt: skip


@pytest.fixture
def records(commune):
    front = front_of(commune)
    women = front_of(commune, "womens_union")
    d = dt.date
    s1 = _sup(commune, front, d(2025, 8, 1), started=d(2025, 8, 5))
    s2 = _sup(
        commune, women, d(2025, 6, 20), started=d(2025, 7, 2), form="documents"
    )  # held in period
    _sup(commune, front, d(2025, 9, 1), form="board", state="planned")
    _sup(commune, front, d(2025, 10, 1), state="cancelled")  # not counted
    _sup(commune, front, d(2026, 1, 5))  # after the period
    _rec(s1, d(2025, 8, 20), d(2025, 9, 20), answered=d(2025, 9, 10), state="resolved")  # on time
    _rec(s1, d(2025, 8, 20), d(2025, 9, 20), answered=d(2025, 10, 1), state="answered")  # late
    _rec(s1, d(2025, 8, 20), d(2025, 9, 20), state="escalated", escalated_to="UBND TP")
    _rec(s2, d(2025, 7, 20), d(2025, 8, 20))
    _rec(s2, d(2025, 6, 25), d(2025, 7, 20), answered=d(2025, 7, 10))  # sent before the period
    c = CriticismSession.objects.create(unit=commune, level="commune", draft_title="Dự thảo quy chế",
                                        drafting_body="VP UBND", form="conference", held_on=d(2025, 11, 3))  # fmt: skip
    for response in ("taken_up", "taken_up", "partly", "not_taken", "not_taken"):
        CriticismComment.objects.create(
            session=c, author="Người góp ý", content="Ý kiến", response=response
        )
    CriticismSession.objects.create(unit=commune, level="commune", draft_title="Dự thảo cũ",
                                    drafting_body="VP UBND", form="written", held_on=d(2025, 3, 3))  # fmt: skip
    for held in (d(2025, 7, 15), d(2025, 12, 31), d(2026, 1, 1)):
        Dialogue.objects.create(unit=commune, level="commune", title=f"Đối thoại {held}", chair="Chủ tịch",
                                held_on=held, place="Hội trường")  # fmt: skip
    city = Unit.objects.get(code="01", kind="province")
    Dialogue.objects.create(unit=city, level="city", title="Đối thoại thành phố thử", chair="Chủ tịch TP",
                            held_on=d(2025, 9, 9), place="Hội trường")  # fmt: skip
    b1 = Board.objects.create(
        unit=commune, kind="inspection", name="Ban TTND", term_start=d(2024, 1, 1)
    )
    Board.objects.create(unit=commune, kind="investment", name="Ban GSĐTCĐ cũ", term_start=d(2023, 1, 1),
                         term_end=d(2025, 6, 30))  # fmt: skip
    for i in range(4):
        BoardMember.objects.create(board=b1, full_name=f"Thành viên {i}", term_start=d(2024, 1, 1))
    BoardMember.objects.create(
        board=b1, full_name="Đã thôi", term_start=d(2024, 1, 1), left_on=d(2025, 5, 1)
    )
    items = list(DisclosureItem.objects.order_by("number")[:4])
    Disclosure.objects.create(
        unit=commune,
        item=items[0],
        year=2025,
        period_label="Quý 3/2025",
        due_on=d(2025, 10, 7),
        disclosed_on=d(2025, 10, 6),
    )  # done on time
    Disclosure.objects.create(
        unit=commune,
        item=items[1],
        year=2025,
        period_label="Quý 3/2025",
        due_on=d(2025, 10, 7),
        disclosed_on=d(2025, 10, 20),
    )  # late
    Disclosure.objects.create(
        unit=commune, item=items[2], year=2025, period_label="Năm 2025", due_on=d(2025, 12, 31)
    )  # not done
    Disclosure.objects.create(
        unit=commune,
        item=items[3],
        year=2025,
        period_label="Năm 2025",
        due_on=d(2025, 1, 31),
        disclosed_on=d(2025, 1, 2),
    )  # other period
    return commune


EXPECTED = {
    "oversight.supervisions": 3,  # s1, s2 (held 2/7), the planned board one; not cancelled / 2026
    "oversight.supervisions_commune": 3,
    "oversight.supervisions_city": 0,
    "oversight.supervisions_form_team": 1,
    "oversight.supervisions_form_documents": 1,
    "oversight.supervisions_form_board": 1,
    "oversight.recommendations": 4,  # sent 20/8 ×3, 20/7; not the one of 25/6
    "oversight.recommendations_answered": 2,
    "oversight.recommendations_answered_on_time": 1,
    "oversight.recommendations_answered_late": 1,
    "oversight.recommendations_resolved": 1,
    "oversight.recommendations_escalated": 1,
    "oversight.recommendation_response_rate": 0.5,
    "oversight.criticism_sessions": 1,
    "oversight.criticism_comments": 5,
    "oversight.criticism_comments_taken_up": 2,
    "oversight.dialogues": 2,
    "oversight.dialogues_commune": 2,
    "oversight.dialogues_city": 0,
    "oversight.boards": 1,  # the investment board's term ended before the period
    "oversight.board_members": 4,
    "oversight.disclosures_due": 3,
    "oversight.disclosures_done": 1,  # late counts as not done
    "oversight.disclosure_rate": pytest.approx(1 / 3),
}


def test_every_contract_code_is_registered():
    for code in CONTRACT:
        assert get(code).app == "oversight"


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_hand_counted(records, code):
    assert evaluate(code, unit=records, start=START, end=END).value == EXPECTED[code]


def test_the_city_adds_the_ward_and_its_own_dialogue(records):
    city = Unit.objects.get(code="01", kind="province")
    ward = evaluate("oversight.dialogues", unit=records, start=START, end=END).value
    mine = evaluate("oversight.dialogues_city", unit=city, start=START, end=END).value
    assert mine >= 1
    found = breakdown("oversight.criticism_comments", unit=city, start=START, end=END)
    rows = {u.code: r.value for u, r in found}
    assert rows[records.code] == 5
    assert ward == 2


def test_a_rate_with_nothing_to_count_is_empty_not_zero(commune):
    result = evaluate("oversight.recommendation_response_rate", unit=commune, start=START, end=END)
    assert result.value is None and result.denominator == 0
