"""Issue 9 item 5, in a real browser: a citizen signs in, files online in a bounded number of steps,
then finds the dossier under "Hồ sơ của tôi" (from the menu), with its state and expected date."""

import os
import re

from danvan.onestop.models import Dossier
from danvan.onestop.states import Status

SHOTS = os.environ.get("DANVAN_SHOTS", "")
MARITAL = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân
MAX_STEPS = 12  # what the citizen does: clicks, fields typed or picked, files attached


class Steps:
    """Counts what the citizen does, so the test fails when filing grows more steps."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, method: str, *args, **kwargs):
        self.count += 1
        return getattr(self.page, method)(*args, **kwargs)


def test_citizen_files_online_then_finds_it_under_my_dossiers(world, browser, pdf_file):
    context = browser.new_context(base_url=world.url, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30000)
    do = Steps(page)
    page.goto("/nop-truc-tuyen/")
    do("click", "#citizen-sign-in")
    do("fill", "#c-username", "congdan.hang")
    do("fill", "#c-password", "demo12345")
    do("click", "button:has-text('Đăng nhập')")
    page.wait_for_url(re.compile(r"/nop-truc-tuyen/$"))
    # Her ward, name, ID and phone come from her account and store: nothing to type for them.
    assert page.input_value("#f-unit") == "00070"
    assert page.input_value("#f-national_id") == "001190012345"
    do("select_option", "#f-procedure", MARITAL)
    do("fill", "#f-date_of_birth", "1990-03-15")
    do("select_option", "#f-sex", "Nữ")
    if not page.input_value("#f-phone"):
        do("fill", "#f-phone", "0912 345 678")
    page.wait_for_selector("#components fieldset")
    files = page.locator("#components input[type=file]")
    for i in range(files.count()):
        do("set_input_files", f"#components input[type=file] >> nth={i}", pdf_file)
    do("click", "button:has-text('Nộp hồ sơ')")
    code = page.inner_text("#filed-code")
    assert do.count <= MAX_STEPS, do.count

    do("click", "#nav-my-dossiers, nav a:has-text('Hồ sơ của tôi')")
    page.wait_for_url(re.compile(r"/ho-so-cua-toi/$"))
    card = page.locator(f"section.my-dossier[data-code='{code}']")
    assert card.count() == 1
    assert "Đăng ký trực tuyến, chờ tiếp nhận" in card.inner_text()
    assert "tình trạng hôn nhân" in card.inner_text()
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}", card.locator("[data-due]").inner_text())
    # The newest first: the dossier she just filed heads the list.
    assert page.locator("section.my-dossier").first.get_attribute("data-code") == code
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == Status.REGISTERED_ONLINE and dossier.phone == "0912345678"
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "portal-my-dossiers.png"), full_page=True)
    context.close()
