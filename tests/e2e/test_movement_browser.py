"""Must show (issue 10) in a browser: a mobilization officer registers a practice and sees it in
the list; a judge enters scores."""

import pytest

from danvan.movement.models import ContestRound, Practice, Score
from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e


def test_officer_registers_a_practice_and_sees_it_in_the_list(world, page):
    login(page, "mobilizer.hoankiem")
    page.goto("/dan-van-kheo/dang-ky/")
    page.fill("#id_name", "Tuyến phố văn minh không lấn chiếm vỉa hè")
    page.select_option("#id_unit", label="Phường Hoàn Kiếm")
    page.select_option("#id_level", "commune")
    page.select_option("#id_field", "new_rural")
    page.select_option("#id_holder_kind", "organization")
    page.fill("#id_holder_name", "Ủy ban MTTQ Việt Nam phường Hoàn Kiếm")
    page.screenshot(path="/tmp/movement-register.png", full_page=True)
    page.click("button:has-text('Đăng ký')")
    page.wait_for_selector("h1:has-text('Tuyến phố văn minh')")
    assert "Đã đăng ký mô hình" in page.inner_text(".messages")
    page.click("button:has-text('Triển khai')")
    page.wait_for_selector("text=Trạng thái: Đang triển khai")
    page.goto("/dan-van-kheo/?q=tuyen pho van minh")
    row = page.locator("table.grid tbody tr").first
    assert "Tuyến phố văn minh không lấn chiếm vỉa hè" in row.inner_text()
    assert "Đang triển khai" in row.inner_text()
    page.screenshot(path="/tmp/movement-list.png", full_page=True)
    assert Practice.objects.filter(name__startswith="Tuyến phố văn minh").count() == 1


def test_judge_enters_scores(world, page):
    login(page, "judge.hanoi")
    page.goto("/dan-van-kheo/cham-thi/")
    page.click("a:has-text('Vòng xã, phường')")
    round_ = ContestRound.objects.get(name="Vòng xã, phường")
    team = round_.teams.exclude(unit__code="00070").order_by("lot").first()
    for part, value in (("greeting", "9"), ("quiz", "26,5"), ("situation", "25"), ("skit", "27")):
        page.fill(f"input[form='team-{team.pk}'][name='points_{part}']", value)
    page.click(f"button[form='team-{team.pk}']")
    page.wait_for_selector(f"text=Đã lưu điểm đội {team.name}")
    page.screenshot(path="/tmp/movement-judge.png", full_page=True)
    scores = Score.objects.filter(team=team, judge__username="judge.hanoi")
    assert sorted(str(s.points) for s in scores) == ["25.00", "26.50", "27.00", "9.00"]
