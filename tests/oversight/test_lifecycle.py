"""A recommendation followed to the end: deadlines in days and working days (danvan.workcal
through the unit's calendar), answered on time / late, unresolved → supervised again,
escalated, overdue flagged once by the reminder job, resolved; the supervision's own table."""

import datetime as dt

import pytest

from danvan.core.errors import Conflict, DomainError, Invalid
from danvan.core.indicators import evaluate
from danvan.oversight import jobs, services
from danvan.oversight.models import Recommendation
from danvan.oversight.services import RecommendationInput
from danvan.units.models import CalendarOverride
from danvan.workflow import history, transition
from tests.oversight.conftest import days_ago, recommend, reported_supervision

pytestmark = pytest.mark.django_db


def _answer(rec, by, on):
    return transition(rec, "answer", by=by, expected_version=rec.version,
                      answer="Đã khắc phục, niêm yết lại đủ 30 ngày.", answered_on=on)  # fmt: skip


def test_a_due_date_in_working_days_skips_the_weekend_and_a_local_day_off(commune, officer):
    sup = reported_supervision(commune, officer, ago=60)
    friday = dt.date(2026, 11, 6)  # no national holiday in November 2026
    assert friday.weekday() == 4
    sup.reported_on = friday - dt.timedelta(days=1)
    sup.save(update_fields=["reported_on"])

    def due(days, unit, content):
        data = RecommendationInput(addressee="UBND phường", content=content, sent_on=friday,
                                   deadline_days=days, deadline_unit=unit)  # fmt: skip
        return services.add_recommendation(sup, data, by=officer)

    # Mon 9, Tue 10, Wed 11, Thu 12, Fri 13 (counted by hand)
    assert due(5, "wd", "Năm ngày làm việc kể từ ngày gửi.").due_on == dt.date(2026, 11, 13)
    assert due(15, "d", "Mười lăm ngày kể từ ngày gửi.").due_on == dt.date(2026, 11, 21)
    # no forget(): the change replaces the calendar's version token (danvan.units.calendar)
    CalendarOverride.objects.create(unit=commune, day=dt.date(2026, 11, 11), kind="day_off")
    assert due(5, "wd", "Năm ngày làm việc, có một ngày nghỉ.").due_on == dt.date(2026, 11, 16)


def test_a_front_recommendation_has_no_default_deadline_but_a_board_one_has_15_days(
    commune, officer
):
    sup = reported_supervision(commune, officer)
    with pytest.raises(Invalid) as err:
        services.add_recommendation(sup, RecommendationInput(
            addressee="UBND phường", content="Không có hạn trả lời nào.", sent_on=days_ago(30)), by=officer)  # fmt: skip
    assert err.value.code == "recommendation.due_required"
    from danvan.oversight.models import Board

    board = Board.objects.create(
        unit=commune, kind="inspection", name="Ban TTND thử", term_start=dt.date(2024, 1, 1)
    )
    sup.form, sup.board = "board", board
    sup.save()
    rec = services.add_recommendation(sup, RecommendationInput(
        addressee="UBND phường", content="Qua Ban Thanh tra nhân dân.", sent_on=days_ago(30)), by=officer)  # fmt: skip
    assert rec.due_on == days_ago(15)
    assert "Điều 40" in rec.deadline_basis


def test_three_recommendations_one_late_one_escalated_followed_to_the_end(commune, officer):
    sup = reported_supervision(commune, officer, ago=40)
    on_time = recommend(sup, officer, sent_ago=35, due_ago=20, content="Niêm yết lại thủ tục.")
    late = recommend(sup, officer, sent_ago=35, due_ago=20, content="Xin lỗi người dân.")
    ignored = recommend(sup, officer, sent_ago=35, due_ago=20, content="Bố trí thêm cán bộ.")
    sup.refresh_from_db()
    assert sup.state == "recommended"  # the first recommendation moved the supervision

    on_time = _answer(on_time, officer, days_ago(21))
    late = _answer(late, officer, days_ago(5))
    assert not on_time.answered_late and late.answered_late
    assert services.overdue(Recommendation.objects.filter(supervision=sup)).get() == ignored

    # The reminder job flags the overdue answer once; a second run finds nothing new.
    assert jobs.send_reminders() >= 1
    ignored.refresh_from_db()
    assert ignored.overdue_flagged_on is not None
    assert not jobs.due_for_reminder().filter(pk=ignored.pk).exists()
    with pytest.raises(Conflict):
        transition(
            ignored, "flag_overdue", by=None, system="oversight.reminders", expected_version=None
        )

    with pytest.raises(Conflict) as err:
        transition(sup, "close", by=officer, expected_version=sup.version)
    assert err.value.code == "supervision.recommendations_open"

    ignored = transition(ignored, "escalate", by=officer, expected_version=ignored.version,
                         reason="Quá hạn, đã đôn đốc hai lần", escalated_to="Ủy ban MTTQ thành phố",
                         due_on=days_ago(-15))  # fmt: skip
    assert ignored.state == "escalated" and ignored.overdue_flagged_on is None
    assert ignored.due_on == days_ago(-15)

    # Answered but not settled: supervised again with a new deadline, then settled.
    late = transition(late, "unresolve", by=officer, expected_version=late.version,
                      reason="Chưa niêm yết lại trên thực tế")  # fmt: skip
    late = transition(
        late, "resupervise", by=officer, expected_version=late.version, due_on=days_ago(-10)
    )
    assert (late.state, late.follow_ups, late.answered_on) == ("sent", 1, None)
    late = _answer(late, officer, days_ago(0))
    late = transition(late, "resolve", by=officer, expected_version=late.version)
    on_time = transition(on_time, "resolve", by=officer, expected_version=on_time.version)
    assert late.state == on_time.state == "resolved"
    with pytest.raises(Conflict):
        transition(
            late, "unresolve", by=officer, expected_version=late.version, reason="Mở lại xem"
        )

    labels = [s.label for s in history(late)]
    assert labels[:2] == ["Gửi kiến nghị", "Ghi nhận trả lời"]
    assert "Giám sát lại" in labels and labels[-1] == "Đã giải quyết xong"

    year = (days_ago(60), days_ago(0))
    count = lambda code: evaluate(code, unit=commune, start=year[0], end=year[1]).value  # noqa: E731
    assert count("oversight.recommendations") == 3
    assert (
        count("oversight.recommendations_answered") == 2
    )  # late one re-answered today: still answered
    assert count("oversight.recommendations_escalated") == 1
    assert count("oversight.recommendations_resolved") == 2
    assert count("oversight.recommendation_response_rate") == pytest.approx(2 / 3)


def test_answers_need_text_and_a_date_between_sending_and_today(commune, officer):
    sup = reported_supervision(commune, officer)
    rec = recommend(sup, officer, sent_ago=30, due_ago=10)
    for data, code in (
        ({"answer": ""}, "recommendation.answer_required"),
        ({"answer": "Đã trả lời.", "answered_on": days_ago(31)}, "recommendation.bad_answer_date"),
        ({"answer": "Đã trả lời.", "answered_on": days_ago(-1)}, "recommendation.bad_answer_date"),
    ):
        with pytest.raises(DomainError) as err:
            transition(rec, "answer", by=officer, expected_version=rec.version, **data)
        assert err.value.code == code
    rec.refresh_from_db()
    assert (rec.state, rec.version) == ("sent", 0)  # refused: nothing moved


def test_the_supervision_needs_findings_before_its_report(commune, officer):
    from danvan.oversight.services import SupervisionInput
    from tests.oversight.conftest import front_of

    sup = services.plan_supervision(SupervisionInput(
        organizer=front_of(commune), form="documents", subject_kind="policy", subject="Chính sách BHYT",
        title="Giám sát cấp thẻ bảo hiểm y tế", planned_on=days_ago(3)), unit=commune, by=officer)  # fmt: skip
    sup = transition(sup, "conduct", by=officer, expected_version=sup.version)
    with pytest.raises(Invalid) as err:
        transition(sup, "report", by=officer, expected_version=sup.version, findings="ngắn")
    assert err.value.code == "supervision.findings_required"
    with pytest.raises(Invalid) as err:
        services.add_recommendation(sup, RecommendationInput(
            addressee="UBND", content="Kiến nghị trước khi báo cáo.", sent_on=days_ago(0), due_on=days_ago(-9)), by=officer)  # fmt: skip
    assert err.value.code == "recommendation.supervision_not_reported"
