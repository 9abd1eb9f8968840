"""In a browser: the administrator follows the citizen notifications in the outbox (/ket-noi/:
filter by kind, one message and its delivery); the signed-in citizen chooses her channels and
topics (/kho-cua-toi/thong-bao/), a legally required topic cannot be turned off."""

import re

from danvan.connections.models import CitizenPreference
from danvan.connections.services import outbox
from tests.e2e.helpers import login

CITIZEN = "001190012345"  # Nguyễn Thị Hằng (congdan.hang)


def test_administrator_follows_notifications_in_the_outbox(world, page):
    outbox.drain()  # the demo's notifications (no gateway: email and the local SMS backend)
    login(page, "admin")
    page.goto("/ket-noi/")
    page.select_option("select[name=loai]", "notify")
    page.wait_for_url(re.compile(r"loai=notify"))
    rows = page.locator("#outbox-list tbody tr")
    assert rows.count() > 0
    assert "Thông báo (" in rows.first.inner_text() and "Đã gửi" in rows.first.inner_text()
    page.screenshot(path="/tmp/connections-outbox.png", full_page=True)
    rows.first.locator("a").first.click()
    page.wait_for_selector("#message-facts")
    assert page.inner_text("#message-state") == "Đã gửi"
    assert page.locator("#message-deliveries tbody tr").count() == 1
    page.screenshot(path="/tmp/connections-message.png", full_page=True)


def test_citizen_chooses_how_she_is_told(world, page):
    login(page, "congdan.hang")
    page.goto("/kho-cua-toi/")
    page.click("a:has-text('Nhận thông báo')")
    page.wait_for_selector("#preferences-form")
    assert page.is_checked("#ch-zalo")  # the demo's choice: Zalo and email
    required = page.locator("input[value='onestop.supplement']")
    assert required.is_checked() and required.is_disabled()
    page.uncheck("#ch-zalo")
    page.uncheck("input[value='onestop.payment']")
    page.click("button:has-text('Lưu lựa chọn')")
    page.wait_for_selector("text=Đã lưu lựa chọn nhận thông báo.")
    page.screenshot(path="/tmp/connections-preferences.png", full_page=True)
    pref = CitizenPreference.objects.get(national_id=CITIZEN)
    assert (pref.sms, pref.zalo, pref.email) == (True, False, True)
    assert "onestop.payment" in pref.muted and "onestop.supplement" not in pref.muted
    assert not page.is_checked("#ch-zalo")
