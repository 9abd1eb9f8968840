"""Browser tests: Playwright driving the Debian chromium against pytest-django's live server."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(live_server, demo_world_tx):
    """The demo world, loaded before the browser starts (Playwright's event loop would block asyncio.run)."""
    return live_server


@pytest.fixture
def browser(world):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="python package playwright is not installed"
    )
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def pdf_file(tmp_path):
    path = tmp_path / "ban-scan.pdf"
    path.write_bytes(PDF)
    return str(path)


FAILURE_SHOTS = os.environ.get("DANVAN_FAILURE_SHOTS", "/tmp/danvan-e2e-failures")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A browser test that fails leaves a screenshot of its page (the path is in the report)."""
    outcome = yield
    report = outcome.get_result()
    page = getattr(item, "funcargs", {}).get("page")
    if report.when != "call" or not report.failed or page is None:
        return
    try:
        os.makedirs(FAILURE_SHOTS, exist_ok=True)
        path = os.path.join(FAILURE_SHOTS, f"{item.name[:120]}.png")
        page.screenshot(path=path, full_page=True)
        report.sections.append(("screenshot on failure", f"{path} ({page.url})"))
    except Exception as exc:  # noqa: BLE001 - a closed page must not hide the test's own failure
        report.sections.append(("screenshot on failure", f"none: {exc}"))
