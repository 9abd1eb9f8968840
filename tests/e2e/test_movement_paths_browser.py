"""The paths of issue 10 in a real browser, as the ward's and the city's mobilization officers
and the contest's judges walk them: a practice registered at residential-group level, launched
and recognized by the ward, refused at city level for the ward, recognized by the city and
replicated by another ward (tree and counts by level); a contest round scored by the three
judges and closed by the organizer; a self-managed group in a village created on the way; a
key-project segment with its progress."""

import re

import pytest

from danvan.audit.models import AuditEntry
from danvan.movement import contest as contests
from danvan.movement.models import (
    ContestRound,
    Level,
    Practice,
    Project,
    Segment,
    SelfManagedGroup,
    Snapshot,
)
from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e

NAME = "Tổ dân phố tự quản phòng cháy, chữa cháy"


def _click_step(page, label: str, state: str) -> None:
    page.click(f"form button:text-is('{label}')")
    page.wait_for_selector(f".messages >> text=Trạng thái: {state}")


def _sign_out(page) -> None:
    page.context.clear_cookies()


def test_practice_from_residential_group_to_city_and_replicated_by_another_ward(world, page):
    login(page, "mobilizer.hoankiem")
    page.goto("/dan-van-kheo/dang-ky/")
    page.fill("#id_name", NAME)
    page.select_option("#id_unit", label="Tổ dân phố số 5")
    page.select_option("#id_level", Level.VILLAGE)
    page.select_option("#id_field", "defence_security")
    page.select_option("#id_holder_kind", "unit")
    page.fill("#id_holder_name", "Tổ dân phố số 5, phường Hoàn Kiếm")
    page.click("button:has-text('Đăng ký')")
    page.wait_for_selector(f"h1:has-text('{NAME}')")
    practice = Practice.objects.get(name=NAME)
    assert practice.level == Level.VILLAGE and practice.unit.name == "Tổ dân phố số 5"

    _click_step(page, "Triển khai", "Đang triển khai")
    _click_step(page, "Đưa vào đánh giá", "Đang đánh giá")
    page.fill("input[name='decision_no']", "12/QĐ-UBND")
    _click_step(page, "Công nhận cấp xã, phường", "Đã công nhận")
    assert "12/QĐ-UBND" in page.inner_text("main")
    # The ward's officer is no authority at city level: no such button; a forged request (a
    # step form whose action is rewritten) is refused, said in Vietnamese, and audited.
    assert page.locator("form button:text-is('Công nhận cấp thành phố')").count() == 0
    page.eval_on_selector(
        "form:has(button:text-is('Rà soát: duy trì')) input[name='action']",
        "el => { el.value = 'recognize_city'; el.form.submit(); }",
    )
    page.wait_for_selector(".messages >> text=Chỉ cán bộ dân vận cấp thành phố")
    assert AuditEntry.objects.filter(
        action="movement.practice.recognition_refused", object_id=str(practice.pk)
    ).exists()
    practice.refresh_from_db()
    assert practice.recognized_level == Level.COMMUNE
    page.screenshot(path="/tmp/movement-ward-recognized.png", full_page=True)

    _sign_out(page)
    login(page, "mobilizer.hanoi")
    page.goto(f"/dan-van-kheo/mo-hinh/{practice.pk}/")
    page.fill("input[name='decision_no']", "345/QĐ-UBND")
    _click_step(page, "Công nhận cấp thành phố", "Đã công nhận")
    practice.refresh_from_db()
    assert practice.recognized_level == Level.CITY
    assert sorted(practice.recognitions.values_list("level", flat=True)) == ["city", "commune"]

    # Another ward replicates it, from the practice page's link (the origin is filled in).
    page.click("a:has-text('Đăng ký mô hình nhân rộng từ mô hình này')")
    assert page.input_value("#id_replicates") == practice.code
    page.fill("#id_name", "Khu phố tự quản phòng cháy, chữa cháy")
    page.select_option("#id_unit", label="Phường Cửa Nam")
    page.select_option("#id_level", Level.COMMUNE)
    page.select_option("#id_field", "defence_security")
    page.select_option("#id_origin", "replicated")
    page.select_option("#id_holder_kind", "unit")
    page.fill("#id_holder_name", "Phường Cửa Nam")
    page.click("button:has-text('Đăng ký')")
    page.wait_for_selector("h1:has-text('Khu phố tự quản phòng cháy')")
    copy = Practice.objects.get(name="Khu phố tự quản phòng cháy, chữa cháy")
    assert copy.replicates_id == practice.pk

    page.goto(f"/dan-van-kheo/mo-hinh/{practice.pk}/nhan-rong/")
    tree = page.inner_text("ul.timeline")
    assert NAME in tree and "↳ Khu phố tự quản phòng cháy, chữa cháy" in tree
    counts = page.inner_text("main")
    assert re.search(r"2 mô hình .* tại 2 đơn vị", counts)
    assert re.search(r"Thôn, tổ dân phố: 1\b", counts), counts
    assert re.search(r"Xã, phường: 1\b", counts), counts
    page.screenshot(path="/tmp/movement-spread-tree.png", full_page=True)

    # The list filtered to practices nobody has replicated no longer shows it.
    page.goto("/dan-van-kheo/?replicated=no&q=phong chay chua chay")
    listed = page.inner_text("table.grid tbody")
    assert NAME not in listed and "Khu phố tự quản phòng cháy" in listed


def test_round_scored_by_three_judges_then_closed_and_ranked(world, page):
    round_ = ContestRound.objects.get(name="Vòng xã, phường")
    teams = list(round_.teams.order_by("lot"))
    assert len(teams) == 4
    parts = {p.code: p for p in round_.contest.parts.all()}
    # The two other judges score on their own sheets (service, as their screens would).
    for judge, bonus in (("judge2.hanoi", 0), ("judge3.hanoi", 1)):
        user = round_.judges.get(user__username=judge).user
        for i, team in enumerate(teams):
            points = {code: min(p.max_points, 5 + i + bonus) for code, p in parts.items()}
            contests.enter_scores(round_, team, points, by=user)

    login(page, "judge.hanoi")
    page.goto(f"/dan-van-kheo/cham-thi/{round_.pk}/")
    # Before closing a judge sees no other judge's points: the inputs are empty.
    first = teams[0]
    assert page.input_value(f"input[form='team-{first.pk}'][name='points_skit']") == ""
    page.goto(f"/dan-van-kheo/hoi-thi/vong/{round_.pk}/")
    assert "chỉ hiện sau khi vòng thi khóa kết quả" in page.inner_text("main")
    assert page.locator("table.grid").count() == 0
    page.goto(f"/dan-van-kheo/cham-thi/{round_.pk}/")
    for i, team in enumerate(teams):
        sheet = page.locator(f"input[form='team-{team.pk}']")
        if not sheet.count():  # a team of the judge's own unit
            continue
        for code in parts:
            page.fill(f"input[form='team-{team.pk}'][name='points_{code}']", f"{6 + i},5")
        page.click(f"button[form='team-{team.pk}']")
        page.wait_for_selector(f".messages >> text=Đã lưu điểm đội {team.name}")
    page.screenshot(path="/tmp/movement-judge-sheet.png", full_page=True)

    _sign_out(page)
    login(page, "mobilizer.hanoi")
    page.goto(f"/dan-van-kheo/hoi-thi/vong/{round_.pk}/")
    page.click("button:has-text('Khóa kết quả vòng thi')")
    page.wait_for_selector(".messages >> text=Đã khóa kết quả vòng thi")
    round_.refresh_from_db()
    assert round_.is_closed
    ranks = [
        r.strip() for r in page.locator("table.grid tbody tr td:first-child").all_inner_texts()
    ]
    assert ranks == ["1", "2", "3", "4"]
    best = page.locator("table.grid tbody tr").first.inner_text()
    assert teams[-1].name in best  # the highest points went to the last team of the lot
    assert page.locator("a:has-text('Giấy chứng nhận (PDF)')").count() == 4
    page.screenshot(path="/tmp/movement-round-closed.png", full_page=True)


def test_city_officer_adds_a_self_managed_group_in_a_new_village(world, page):
    login(page, "mobilizer.hanoi")
    page.goto("/dan-van-kheo/to-tu-quan/them/")
    page.select_option("#id_commune", label="Xã Ba Vì")
    page.fill("#id_village", "Thôn Xuân Thọ")
    page.fill("#id_name", "Xóm liên gia tự quản số 1, thôn Xuân Thọ")
    page.fill("#id_head_name", "Đinh Văn Lâm")
    page.fill("#id_head_phone", "0912 345 678")
    page.fill("#id_households", "18")
    page.check("input[name='tasks'][value='security']")
    page.check("input[name='tasks'][value='mediation']")
    page.fill("#id_established_on", "15/03/2025")
    page.check("#id_mountain")
    page.click("button:has-text('Lưu')")
    page.wait_for_url(re.compile(r"/dan-van-kheo/to-tu-quan/$"))
    group = SelfManagedGroup.objects.get(name="Xóm liên gia tự quản số 1, thôn Xuân Thọ")
    assert group.unit.name == "Thôn Xuân Thọ" and group.unit.parent.name == "Xã Ba Vì"
    assert group.households == 18 and group.mountain
    row = page.locator("table.grid tbody tr", has_text="thôn Xuân Thọ").first.inner_text()
    assert "An ninh, trật tự" in row and "security" not in row
    in_commune = SelfManagedGroup.objects.filter(unit__parent=group.unit.parent)
    cells = page.locator("table.grid").first.locator("tr", has_text="Xã Ba Vì").locator("td")
    assert cells.all_inner_texts()[1:4] == [
        str(in_commune.count()),
        str(sum(g.households for g in in_commune)),
        str(in_commune.filter(mountain=True).count()),
    ]
    assert in_commune.count() == 7  # the demo's six and this one
    page.screenshot(path="/tmp/movement-groups.png", full_page=True)


def test_city_officer_adds_a_segment_and_records_its_progress(world, page):
    project = Project.objects.get(name__startswith="Đường Vành đai 4")
    login(page, "mobilizer.hanoi")
    page.goto(f"/dan-van-kheo/cong-trinh/{project.pk}/")
    page.click("a:has-text('Thêm đoạn qua xã, phường')")
    page.select_option("#id_unit", label="Xã Sóc Sơn (Thành phố Hà Nội)")
    page.fill("#id_old_district", "Huyện Sóc Sơn")
    page.fill("#id_households", "420")
    page.fill("#id_households_agreed", "0")
    page.fill("#id_households_handed_over", "0")
    page.fill("#id_area_m2", "310000")
    page.fill("#id_area_handed_m2", "0")
    page.fill("#id_open_disputes", "0")
    page.fill("#id_as_of", "30/06/2026")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector(".messages >> text=Đã thêm đoạn")
    segment = Segment.objects.get(project=project, unit__name="Xã Sóc Sơn")
    row = page.locator("table.grid tbody tr", has_text="Xã Sóc Sơn")
    row.locator("a:has-text('Cập nhật tiến độ')").click()
    page.fill("#id_on", "30/09/2026")
    page.fill("#id_households_agreed", "400")
    page.fill("#id_households_handed_over", "360")
    page.fill("#id_area_handed_m2", "279000")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector(".messages >> text=Đã cập nhật tiến độ")
    segment.refresh_from_db()
    assert (segment.households_handed_over, segment.area_handed_m2) == (360, 279000)
    snapshots = Snapshot.objects.filter(segment=segment).order_by("on")
    assert [str(s.on) for s in snapshots] == ["2026-06-30", "2026-09-30"]  # added, then updated
    row = page.locator("table.grid tbody tr", has_text="Xã Sóc Sơn").inner_text()
    assert "279.000 / 310.000 m² (90,0%)" in row
    page.screenshot(path="/tmp/movement-project.png", full_page=True)
    # A progress that hands over more than was affected is refused with a Vietnamese message.
    page.goto(f"/dan-van-kheo/cong-trinh/doan/{segment.pk}/tien-do/")
    page.fill("#id_households_handed_over", "999")
    page.click("button:has-text('Lưu')")
    assert page.locator(".error").count() >= 1
    segment.refresh_from_db()
    assert segment.households_handed_over == 360


def test_city_officer_makes_a_photo_public_and_a_citizen_sees_it_on_the_showcase(world, page):
    from danvan.movement.models import Evidence

    practice = Practice.objects.get(code="DVK-DEMO-001")
    private = Evidence.objects.get(practice=practice, is_photo=True, is_public=False)
    login(page, "mobilizer.hanoi")
    page.goto(f"/dan-van-kheo/mo-hinh/{practice.pk}/")
    form = page.locator(f"form[action$='/minh-chung/{private.pk}/cong-khai/']")
    form.locator("input[name=public]").check()
    form.locator("button").click()
    page.wait_for_selector(".messages >> text=Ảnh sẽ hiện trên trang giới thiệu")
    private.refresh_from_db()
    assert private.is_public
    assert AuditEntry.objects.filter(action="movement.practice.photo_published",
                                     object_id=str(practice.pk)).exists()  # fmt: skip

    _sign_out(page)  # a citizen, not logged in, on a phone
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/dan-van-kheo/cong-khai/")
    thumb = page.locator(f"img[alt='{practice.name}']").first
    thumb.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
    )
    width = thumb.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().right]")
    assert width[0] == 640 and width[1] <= 360  # the 640 px copy, inside the phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    thumb.click()
    page.wait_for_selector(f"h1:has-text('{practice.name}')")
    photos = page.locator(".gallery img")
    assert photos.count() == 3  # the two demo photos and the one just made public
    for i in range(3):
        photos.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=photos.nth(i).element_handle())  # fmt: skip
