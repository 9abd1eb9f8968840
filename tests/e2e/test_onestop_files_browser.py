"""Must show: the clerk opens an attached PDF of an online filing; the counter form sent twice
creates one dossier."""

import pytest

from danvan.onestop.models import Dossier
from tests.e2e.helpers import attach_files, login

pytestmark = pytest.mark.e2e
NO_WAIT = "2.000815"


def test_clerk_opens_an_attached_pdf_of_an_online_filing(page):
    login(page, "clerk.hoankiem")
    page.goto("/mot-cua/quay/")
    pending = page.locator("#pending-title").locator("xpath=..")
    pending.locator("a[href*='/mot-cua/ho-so/']").first.click()
    page.click("a.file-open >> nth=0")
    page.wait_for_selector("#file-frame")
    src = page.get_attribute("#file-frame", "src")
    response = page.request.get(src)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    page.screenshot(path="/tmp/clerk-opens-file.png", full_page=True)


def test_counter_form_sent_twice_creates_one_dossier(page, pdf_file):
    login(page, "clerk.hoankiem")
    page.goto("/mot-cua/quay/")
    page.fill("#f-name", "Phạm Thị Mai")
    page.fill("#f-national_id", "001190099887")
    page.fill("#f-phone", "0912000111")
    page.select_option("#f-procedure", NO_WAIT)
    attach_files(page, pdf_file)
    before = Dossier.objects.count()
    # Two submits of the same form as fast as a double keyboard shortcut sends them.
    page.evaluate(
        "() => { const f = document.getElementById('intake'); f.requestSubmit(); f.requestSubmit(); }"
    )
    page.wait_for_url("**/mot-cua/ho-so/**")
    page.wait_for_timeout(500)
    assert Dossier.objects.count() == before + 1
