"""Accessibility: axe-core (npm package, tests/a11y/package.json; `make a11y-deps`) run in the
Debian chromium on the main pages of every role; no serious or critical violation. Keyboard-only
use of the counter form."""

import json
from pathlib import Path

import pytest

from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[1] / "a11y" / "node_modules" / "axe-core" / "axe.min.js"

PAGES = {
    None: [
        "/",
        "/tai-khoan/dang-nhap/",
        "/tra-cuu/",
        "/kiem-tra-chu-ky/",
        "/nop-truc-tuyen/",
        "/gui-kien-nghi/",
    ],
    # (/mot-cua/ itself is no page: the check used to run on its 404)
    "clerk.hoankiem": ["/", "/mot-cua/quay/", "/mot-cua/tim/"],
    "specialist.hoankiem": ["/", "/mot-cua/tim/?qua_han=1"],
    "leader.hoankiem": ["/chu-ky-so/"],
    "seal.hoankiem": ["/chu-ky-so/"],
    "admin": ["/"],
    # the registers' roles (movement, oversight, grassroots, reports)
    "mobilizer.hoankiem": ["/dan-van-kheo/", "/dan-van-kheo/dang-ky/"],
    "judge.hanoi": ["/dan-van-kheo/cham-thi/"],
    "front.hoankiem": ["/giam-sat/", "/giam-sat/giam-sat/", "/giam-sat/kien-nghi/"],
    "petitions.hoankiem": ["/don-thu/", "/don-thu/tiep-nhan/", "/don-thu/diem-nong/"],
    "reporter.hanoi": ["/bao-cao/", "/bao-cao/dan-van/"],
}


@pytest.fixture
def axe_page(browser, live_server):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: make a11y-deps")
    # The app's CSP forbids injected scripts; only this test context bypasses it to load axe.
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        bypass_csp=True,
        viewport={"width": 1366, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => JSON.stringify((await axe.run(document, {resultTypes: ['violations']})).violations)"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in json.loads(result)
    ]


def test_main_pages_of_every_role_have_no_serious_violation(world, axe_page):
    serious, checked, everything = [], 0, {}
    for username, paths in PAGES.items():
        if username:
            axe_page.context.clear_cookies()
            login(axe_page, username)
        else:
            axe_page.context.clear_cookies()
        for path in paths:
            response = axe_page.goto(path)
            # the page itself, not a refusal or the login form in its place
            shown = (username, path, response.status, axe_page.url)
            assert response.status < 400, shown
            assert not username or "/dang-nhap/" not in axe_page.url, shown
            found = _axe(axe_page)
            checked += 1
            everything[f"{username or 'anonymous'} {path}"] = [
                (v["id"], v["impact"]) for v in found
            ]
            serious += [
                (username, path, v) for v in found if v["impact"] in ("serious", "critical")
            ]
    print(f"\naxe: {checked} pages; all violations: {json.dumps(everything, ensure_ascii=False)}")
    assert checked >= 25
    assert not serious, serious


def test_counter_form_by_keyboard_alone(world, page):
    login(page, "clerk.hoankiem")
    page.goto("/mot-cua/quay/")
    assert page.evaluate("document.activeElement.id") == "f-qr"  # autofocus on the QR field
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id || document.activeElement.name"))
    assert "f-procedure" in seen and "f-name" in seen and "f-national_id" in seen
    # a visible focus indicator on the focused field
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()"
    )
    assert outline
