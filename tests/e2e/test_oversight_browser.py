"""Must show (issue 11) in a browser: a Front officer plans a supervision, records its findings
and a recommendation, and sees it on the overdue list once its due date has passed (the
supervision is entered after the fact: held 25 days ago, the answer was due 5 days ago)."""

import datetime as dt

import pytest
from django.utils import timezone

from danvan.oversight.models import Recommendation, Supervision
from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e
TITLE = "Giám sát việc trả kết quả đúng hẹn tại Bộ phận Một cửa"


def _day(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def test_front_officer_plans_reports_recommends_and_sees_the_overdue_answer(world, page):
    login(page, "front.hoankiem")
    page.goto("/giam-sat/")
    page.click("text=Lập kế hoạch giám sát")
    page.fill("#id_title", TITLE)
    page.select_option("#id_organizer", label="Ủy ban MTTQ Việt Nam Phường Hoàn Kiếm")
    page.select_option("#id_form", "team")
    page.select_option("#id_subject_kind", "body")
    page.fill("#id_subject", "Ủy ban nhân dân phường Hoàn Kiếm")
    page.fill("#id_planned_on", _day(30))
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("#state:has-text('Kế hoạch')")
    page.screenshot(path="/tmp/oversight-planned.png", full_page=True)

    page.fill("#action-conduct input[name=started_on]", _day(25))
    page.fill("#action-conduct input[name=ended_on]", _day(25))
    page.click("#action-conduct button")
    page.wait_for_selector("#state:has-text('Đã tiến hành')")
    page.fill(
        "#action-report textarea[name=findings]",
        "12 hồ sơ trả kết quả trễ hẹn, chưa có phiếu xin lỗi.",
    )
    page.fill("#action-report input[name=reported_on]", _day(22))
    page.click("#action-report button")
    page.wait_for_selector("#state:has-text('Đã có báo cáo')")

    page.fill("#id_addressee", "Ủy ban nhân dân phường Hoàn Kiếm")
    page.fill("#id_content", "Gửi phiếu xin lỗi và hẹn lại cho 12 hồ sơ trễ hẹn.")
    page.fill("#id_sent_on", _day(20))
    page.fill("#id_due_on", _day(5))
    page.click("#add-recommendation button")
    page.wait_for_selector("#state:has-text('Đã gửi kiến nghị')")
    assert "quá hạn" in page.inner_text("#recommendations")
    page.screenshot(path="/tmp/oversight-supervision.png", full_page=True)

    sup = Supervision.objects.get(title=TITLE)
    rec = Recommendation.objects.get(supervision=sup)
    assert (sup.state, rec.state, rec.due_on) == (
        "recommended",
        "sent",
        timezone.localdate() - dt.timedelta(days=5),
    )

    page.goto("/giam-sat/")
    overdue = page.inner_text("#overdue")
    assert "Gửi phiếu xin lỗi và hẹn lại cho 12 hồ sơ" in overdue and "quá 5 ngày" in overdue
    page.screenshot(path="/tmp/oversight-home.png", full_page=True)
    page.goto("/giam-sat/kien-nghi/")
    first = page.locator("#recommendations tbody tr").first.inner_text()
    assert "quá" in first  # overdue first


def test_front_officer_sets_up_a_board_adds_a_member_and_records_a_question(world, page):
    """The board and dialogue forms (issue 11, item 1): from the list to the new board, its
    first member, then a citizen's question at a dialogue; each page shows the next step."""
    from danvan.oversight.models import Board, Dialogue

    login(page, "front.hoankiem")
    page.goto("/giam-sat/ban/")
    page.click("#board-new-investment")
    page.click("button:has-text('Lưu')")  # empty: the Vietnamese messages
    assert "Không được để trống." in page.inner_text("form.card")
    page.fill("#id_name", "Ban Giám sát đầu tư của cộng đồng công trình nhà văn hóa TDP số 8")
    page.fill("#id_project", "Cải tạo nhà văn hóa tổ dân phố số 8")
    page.fill("#id_term_end", (timezone.localdate() + dt.timedelta(days=365)).isoformat())
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("#member-add")
    page.screenshot(path="/tmp/oversight-board-new.png", full_page=True)
    page.click("#member-add")
    page.fill("#id_full_name", "Nguyễn Thị Lan")
    page.select_option("#id_position", "head")
    page.fill("#id_village", "TDP số 8")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("#members:has-text('Nguyễn Thị Lan')")
    page.screenshot(path="/tmp/oversight-board-member.png", full_page=True)
    board = Board.objects.get(name__endswith="nhà văn hóa TDP số 8")
    assert board.members.get().position == "head"

    d = Dialogue.objects.filter(unit__code="00070").first()
    page.goto(f"/giam-sat/doi-thoai/{d.pk}/")
    page.click("#question-add")
    page.fill("#id_asked_by", "Ông Trần Văn Hùng, TDP số 8")
    page.fill("#id_topic", "Lịch sửa chữa nhà văn hóa tổ dân phố")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("#questions:has-text('Ông Trần Văn Hùng')")
    page.screenshot(path="/tmp/oversight-dialogue-question.png", full_page=True)
    page.goto("/giam-sat/giam-sat/")
    page.click("text=Giám sát việc giải quyết thủ tục hành chính tại Bộ phận Một cửa phường")
    page.wait_for_selector("#signed-pdf")
    page.screenshot(path="/tmp/oversight-signed.png", full_page=True)
    page.goto("/giam-sat/nhap/")
    page.click("#recent-imports a")
    page.wait_for_selector("#import-errors")
    page.screenshot(path="/tmp/oversight-import-job.png", full_page=True)


def test_the_city_front_officer_reads_the_overdue_list_and_escalates_one(world, page):
    """front.hanoi (issue 11, Must show): the city sees every overdue answer of the city, its
    wards and communes on the home page, oldest due date first; the full list puts them first
    too; one recommendation escalated with a new due date leaves the overdue list."""
    today = timezone.localdate()
    overdue = list(
        Recommendation.objects.filter(state__in=("sent", "escalated"), due_on__lt=today)
        .order_by("due_on")
        .values_list("pk", "addressee", "unit__code")
    )
    assert len({code for _pk, _a, code in overdue}) >= 3  # the city, a ward and a commune

    login(page, "front.hanoi")
    page.goto("/giam-sat/")
    rows = page.locator("#overdue tbody tr")
    assert rows.count() == len(overdue)
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())] == [
        a for _pk, a, _code in overdue
    ]
    assert "quá" in rows.first.inner_text() and "ngày" in rows.first.inner_text()
    page.screenshot(path="/tmp/oversight-city-overdue.png", full_page=True)

    page.click("#overdue-all")
    page.wait_for_url("**/giam-sat/kien-nghi/?state=overdue")
    listed = page.locator("#recommendations tbody tr")
    assert listed.count() == len(overdue)

    first_pk = overdue[0][0]
    page.goto(f"/giam-sat/kien-nghi/{first_pk}/")
    assert "quá hạn" in page.inner_text("#state")
    page.fill("#action-escalate input[name=escalated_to]", "Ủy ban nhân dân thành phố Hà Nội")
    page.fill("#action-escalate input[name=due_on]", (today + dt.timedelta(days=15)).isoformat())
    page.fill("#action-escalate textarea[name=reason]", "Quá hạn đã lâu, đã nhắc bằng văn bản")
    page.click("#action-escalate button")
    page.wait_for_selector("#state:has-text('Đã kiến nghị lên cấp trên')")
    page.goto("/giam-sat/")
    assert page.locator("#overdue tbody tr").count() == len(overdue) - 1
    assert Recommendation.objects.get(pk=first_pk).state == "escalated"

    page.click("form.langswitch button")  # English: the same list, translated
    page.wait_for_selector("html[lang=en]")
    assert "Recommendations overdue for an answer" in page.inner_text("#overdue")
    assert page.locator("#overdue tbody tr").count() == len(overdue) - 1
    page.screenshot(path="/tmp/oversight-city-overdue-en.png", full_page=True)
