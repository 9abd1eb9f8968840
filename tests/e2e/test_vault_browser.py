"""Must show (issue 5) in a browser: the counter offers a digitized document and attaches it with one
click; the signed-in citizen sees their store and access log, and reuses their documents online."""

import re

from danvan.onestop.models import Digitization, Dossier
from danvan.vault.models import Reuse
from tests.e2e.helpers import attach_files, login

CITIZEN = "001190012345"  # Nguyễn Thị Hằng, the demo citizen (congdan.hang)
MARRIAGE_STATUS = "1.004873"


def test_counter_offers_the_digitized_id_card_and_attaches_it_in_one_click(world, page, pdf_file):
    login(page, "clerk.hoankiem")
    page.goto("/mot-cua/quay/")
    page.select_option("#f-procedure", MARRIAGE_STATUS)
    page.fill("#f-national_id", CITIZEN)
    page.fill("#f-name", "Nguyễn Thị Hằng")
    page.fill("#f-phone", "0912345678")
    page.wait_for_load_state("networkidle")  # the offers reload on the ID's keyup and change
    offer = page.locator("#vault-offers label.reuse").first
    offer.wait_for()
    assert "Căn cước công dân" in offer.inner_text()
    assert "0011•••••345" in page.inner_text("#vault-offers")
    offer.click()
    assert offer.locator("input").is_checked()
    attach_files(page, pdf_file)
    page.screenshot(path="/tmp/vault-counter.png", full_page=True)
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('Tiếp nhận hồ sơ')")
    page.wait_for_load_state()
    errors = page.locator("#form-errors")
    assert errors.count() == 0, errors.inner_text()
    page.wait_for_selector("h1:has-text('Hồ sơ 000.')", timeout=45000)
    dossier = Dossier.objects.filter(national_id=CITIZEN).latest("id")
    reuse = Reuse.objects.get(dossier=dossier)
    assert reuse.document.doc_type.code == "id_card"
    assert reuse.component.digitization == Digitization.REUSED_DOCUMENT


def test_citizen_sees_store_and_log_then_files_online_reusing_documents(world, page, pdf_file):
    login(page, "congdan.hang")
    page.wait_for_url(re.compile(r"/kho-cua-toi/"))
    assert "Căn cước công dân" in page.inner_text("main")
    assert "Hết hiệu lực" in page.inner_text(
        "main"
    )  # the expired certificate is listed, never offered
    assert "Trần Văn Minh" in page.inner_text("main")  # the specialist who opened her store
    page.screenshot(path="/tmp/vault-mine.png", full_page=True)
    page.goto("/nop-truc-tuyen/")
    page.select_option("#f-unit", "00070")
    page.select_option("#f-procedure", MARRIAGE_STATUS)
    page.fill("#f-national_id", CITIZEN)
    page.fill("#f-name", "Nguyễn Thị Hằng")
    page.fill("#f-phone", "0912345678")
    page.wait_for_load_state("networkidle")  # the offers reload on the ID's keyup and change
    offer = page.locator("#vault-offers label.reuse").first
    offer.wait_for()
    assert page.locator("#vault-offers label.reuse").count() == 1  # only the valid ID card
    offer.click()
    attach_files(page, pdf_file)
    page.click("button:has-text('Nộp hồ sơ')")
    page.wait_for_selector("#filed-code")
    dossier = Dossier.objects.get(code=page.inner_text("#filed-code"))
    assert Reuse.objects.get(dossier=dossier).by.username == "congdan.hang"
