"""Issue 9 item 5: the online filing form on a 360 px phone, the unit found by typing its name."""

import os

from playwright.sync_api import expect

SHOTS = os.environ.get("DANVAN_SHOTS", "")


def test_filing_form_fits_a_phone_and_finds_the_ward_by_name(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/nop-truc-tuyen/")
    page.fill("#f-unit-search", "hoan kiem")
    expect(page.locator("#f-unit option[value='00070']")).to_have_count(1)
    page.select_option("#f-unit", "00070")
    assert "Hà Nội" in page.locator("#f-unit option[value='00070']").inner_text()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "portal-file-360.png"), full_page=True)
    context.close()
    assert width <= 360
