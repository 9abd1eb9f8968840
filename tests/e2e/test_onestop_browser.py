"""Must show: a no-wait intake at the counter looked up on the public page; a citizen files online fast."""

import time

import pytest
from playwright.sync_api import expect

from danvan.accounts.models import User
from danvan.procedures.models import Procedure
from tests.e2e.helpers import attach_files, login

NO_WAIT = "2.000815"
COMMON = "1.004873"
QR = "001190012345|012345678|Nguyễn Thị Hồng Nhung|15031990|Nữ|Số 12 Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|20042021"


def test_counter_no_wait_then_public_lookup(page, pdf_file):
    login(page, "clerk.hoankiem")
    page.goto("/mot-cua/quay/")
    page.fill("#f-qr", QR)
    assert page.input_value("#f-name") == "Nguyễn Thị Hồng Nhung"
    assert page.input_value("#f-date_of_birth") == "1990-03-15"
    page.select_option("#f-procedure", NO_WAIT)
    attach_files(page, pdf_file)
    page.fill("#f-phone", "0912345678")
    page.screenshot(path="/tmp/counter-filled.png", full_page=True)
    page.click("button:has-text('Tiếp nhận hồ sơ')")
    page.fill("#spot-pin", "123456")  # the clerk confirms the unit's seal with their own PIN
    page.click("button:has-text('Giải quyết và trả ngay')")
    page.wait_for_selector("#minutes")
    code = page.locator("h1").inner_text().split()[2]
    page.goto("/mot-cua/quay/")
    page.screenshot(path="/tmp/counter-queue.png", full_page=True)
    page.goto(f"/tra-cuu/?ma={code}")
    page.fill("#l-so", "5678")
    page.click("button:has-text('Tra cứu')")
    assert page.inner_text("#lookup-status") == "Đã trả kết quả"
    assert "Nguyễn Thị Hồng Nhung" not in page.content()


@pytest.fixture
def returning_citizen(world) -> int:
    """A previous dossier of the same citizen, so the online form can be prefilled; the components count."""
    from tests.onestop_ui.helpers import make_dossier

    make_dossier(
        "00070",
        COMMON,
        by=User.objects.get(username="clerk.hoankiem"),  # received at the counter: by its clerk
        national_id="001077000222",
        name="Đỗ Minh Khôi",
        phone="0903111222",
        address="8 Lý Thái Tổ, Hoàn Kiếm",
    )
    return Procedure.objects.get(code=COMMON).components.count()


def test_citizen_files_online_in_minutes(returning_citizen, page, pdf_file):
    # The returning citizen signs in: the form is prefilled from her own dossiers only.
    User.objects.create_user("khoi.online", password="demo12345", national_id="001077000222")
    login(page, "khoi.online")
    started, typed = time.monotonic(), 0
    page.goto("/nop-truc-tuyen/")
    page.select_option("#f-unit", "00070")
    page.select_option("#f-procedure", COMMON)
    typed += 2
    page.fill("#f-national_id", "001077000222")
    page.fill("#f-phone", "0903111222")
    page.locator("#f-phone").dispatch_event("change")
    typed += 2
    # (not wait_for_function: its string predicate needs eval, which the page's CSP forbids)
    expect(page.locator("#f-name")).to_have_value("Đỗ Minh Khôi")
    typed += attach_files(page, pdf_file)
    page.click("button:has-text('Nộp hồ sơ')")
    code = page.inner_text("#filed-code")
    elapsed = time.monotonic() - started
    print(
        f"\nonline filing {code}: {elapsed:.1f} s, {typed} fields typed/chosen "
        f"({returning_citizen} components)"
    )
    assert code
    assert elapsed < 300
    page.click("a:has-text('Tra cứu tình trạng hồ sơ')")
    page.click("button:has-text('Tra cứu')")
    assert "Đăng ký trực tuyến" in page.inner_text("#lookup-status")


def test_known_applicant_never_writes_into_the_field_being_typed(world, page):
    """The look-up of a returning applicant fills empty fields only; the one the clerk has the
    cursor in stays theirs (else their keystrokes land after the stored number: CI saw
    '09123456780912345678' refused as an invalid phone)."""
    login(page, "clerk.hoankiem")
    page.goto("/mot-cua/quay/")
    page.select_option("#f-procedure", COMMON)
    page.fill("#f-national_id", "001190012345")
    page.focus("#f-phone")  # the change event sends the look-up; the clerk is in the phone box
    page.wait_for_selector("#known[data-name]")
    assert page.input_value("#f-name") == "Nguyễn Thị Hằng"
    assert page.input_value("#f-phone") == ""
    page.keyboard.type("0987654321")
    assert page.input_value("#f-phone") == "0987654321"
