"""A citizen files on the portal and follows it with the tracking code; an official answers it;
the citizen rates the answer (issue 12, "Must show")."""

import re
import time

import pytest

from tests.e2e.helpers import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_file_follow_answer_rate(page, browser, live_server):
    page.goto("/gui-kien-nghi/?don-vi=00070")
    page.select_option("#id_category", "environment")
    page.fill("#id_title", "Rác tồn đọng đầu ngõ 20 Hàng Bông")
    page.fill(
        "#id_description", "Rác thải tồn đọng ở đầu ngõ 20 Hàng Bông ba ngày nay, bốc mùi hôi."
    )
    page.fill("#id_name", "Trần Thị Mai")
    page.fill("#id_phone", "0987654321")
    time.sleep(3.2)  # the anti-spam check: a person takes a few seconds to fill the form
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/gui-kien-nghi/da-gui/"))
    code = page.inner_text("#tracking-code").strip()
    assert re.fullmatch(r"PA-[A-Z0-9]{4}-[A-Z0-9]{4}", code)

    page.click("a.primary:has-text('Theo dõi đơn')")
    assert page.inner_text("#track-state") == "Đã tiếp nhận"
    assert "Trần Thị Mai" not in page.content() and "0987654321" not in page.content()

    official = browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    login(official, "petitions.hoankiem")
    official.goto(f"/don-thu/don/{code}/")
    official.click("#act-route button.primary")
    official.wait_for_selector("text=Đã cập nhật đơn")
    official.click("summary:has-text('Trả lời công dân')")
    official.fill("#ans", "UBND phường đã chỉ đạo thu gom rác tại đầu ngõ 20 Hàng Bông.")
    official.click("#act-answer button.primary")
    official.wait_for_selector("#petition-answer")
    assert official.inner_text("#petition-state") == "Đã trả lời"

    page.goto(f"/gui-kien-nghi/theo-doi/?ma={code}")
    assert "đã chỉ đạo thu gom rác" in page.inner_text("#track-answer")
    page.check("input[name=satisfaction][value='5']")
    page.click("#rate-form button.primary")
    page.wait_for_selector("#track-rating")
    assert page.inner_text("#track-state") == "Đã kết thúc"
    assert page.inner_text("#track-rating") == "5/5"
