"""Issue 9 item 7: the whole marital-status certificate flow in a real browser. The citizen signs in
and files online, the clerk receives, the specialist drafts the certificate and proposes it, the
leader previews then signs it, the office clerk seals it, the clerk returns it electronically, and
the citizen downloads the signed certificate from her store."""

import re
import subprocess

from danvan.onestop.models import Dossier
from danvan.onestop.states import Status
from tests.e2e.helpers import attach_files, login

MARITAL = "1.004873"
PIN = "123456"


def _open(browser, live_server, username):
    page = browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    page.set_default_timeout(30000)
    login(page, username)
    return page


def _act(page, action: str, pin: bool = False, **selects) -> None:
    """Run one action of the dossier page by its key: its form, opened if folded, submitted."""
    form = page.locator(f"form:has(input[name=action][value={action}])").first
    details = page.locator(f"details.action:has(input[name=action][value={action}])")
    if details.count():
        details.first.evaluate("d => { d.open = true; }")
    if pin:
        assert form.count(), f"no {action} on this page"
        if form.locator("input[name=pin]").count():
            form.locator("input[name=pin]").fill(PIN)
    for name, value in selects.items():
        form.locator(f"select[name={name}]").select_option(value)
    with page.expect_navigation(timeout=120000):  # signing runs in the request
        # Enter in the PIN field, as a signer does (the preview's PDF frame sits above the button)
        if pin and form.locator("input[name=pin]").count():
            form.locator("input[name=pin]").press("Enter")
        else:
            form.locator("button[type=submit]").click()
    errors = page.locator("main .error, .msg.error")
    assert errors.count() == 0, errors.all_inner_texts()


def test_marital_status_certificate_from_online_filing_to_signed_download(
    world, browser, live_server, pdf_file, tmp_path, settings
):
    # Jobs run inside the request: the in-memory test SQLite is shared between threads with table
    # locks and no busy wait (see tests/e2e/test_signing_browser.py).
    settings.JOBS_RUNNER = "immediate"
    citizen = browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    citizen.set_default_timeout(30000)
    citizen.goto("/nop-truc-tuyen/")
    citizen.click("#citizen-sign-in")
    citizen.fill("#c-username", "congdan.hang")
    citizen.fill("#c-password", "demo12345")
    citizen.click("button:has-text('Đăng nhập')")
    citizen.wait_for_url(re.compile(r"/nop-truc-tuyen/$"))
    assert citizen.input_value("#f-unit") == "00070"  # her own ward, from her store
    assert citizen.input_value("#f-name") == "Nguyễn Thị Hằng"
    citizen.select_option("#f-procedure", MARITAL)
    citizen.fill("#f-date_of_birth", "1990-03-15")
    citizen.select_option("#f-sex", "Nữ")
    if not citizen.input_value("#f-phone"):
        citizen.fill("#f-phone", "0912345678")
    attach_files(citizen, pdf_file)
    citizen.click("button:has-text('Nộp hồ sơ')")
    code = citizen.inner_text("#filed-code")
    assert "Dự kiến hẹn trả" in citizen.inner_text("#filed-note")
    url = f"/mot-cua/ho-so/{code}/"

    clerk = _open(browser, live_server, "clerk.hoankiem")
    clerk.goto(url)
    _act(clerk, "receive")
    assert Dossier.objects.get(code=code).status == Status.RECEIVED

    specialist = _open(browser, live_server, "specialist.hoankiem")
    specialist.goto(url)
    _act(specialist, "assign")
    specialist.click("#draft-result")
    assert specialist.input_value("#f-full_name") == "Nguyễn Thị Hằng"
    assert specialist.input_value("#f-date_of_birth") == "1990-03-15"
    specialist.click("#draft-form button:has-text('Lưu dự thảo')")
    specialist.wait_for_load_state()
    assert specialist.locator("#draft-form .error").count() == 0
    specialist.goto(url)
    _act(specialist, "propose")

    leader = _open(browser, live_server, "leader.hoankiem")
    leader.goto(url)
    preview = leader.locator("#sign-preview")
    assert preview.count() == 1  # the document is shown before the PIN is asked
    assert preview.get_attribute("src").endswith("/ket-qua/xem-truoc/")
    _act(leader, "approve", pin=True)

    seal = _open(browser, live_server, "seal.hoankiem")
    seal.goto(url)
    _act(seal, "seal", pin=True)

    clerk.goto(url)
    if clerk.locator("input[name=action][value=collect_fee]").count():  # a fee-bearing unit
        _act(clerk, "collect_fee", payment_method="cash")
    _act(clerk, "return_result", delivery="electronic")
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == Status.RETURNED and dossier.result_signed

    citizen.goto("/kho-cua-toi/")
    row = citizen.locator("tr", has_text="tình trạng hôn nhân").filter(has_text="Đã ký số").first
    with citizen.expect_download() as download:
        row.locator("a:has-text('Tải về')").click()
    path = tmp_path / "ket-qua.pdf"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"/ByteRange" in data  # signed
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True).stdout.decode()
    assert "Nguyễn Thị Hằng" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    citizen.screenshot(path="/tmp/marital-flow-store.png", full_page=True)
    # And under "Hồ sơ của tôi": returned, with the signed certificate to open.
    citizen.click("nav a:has-text('Hồ sơ của tôi')")
    card = citizen.locator(f"section.my-dossier[data-code='{code}']")
    assert "Đã trả kết quả" in card.inner_text()
    href = card.locator("a:has-text('Xem kết quả')").get_attribute("href")
    opened = citizen.request.get(href)
    assert opened.status == 200 and opened.body() == data
