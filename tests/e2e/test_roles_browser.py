"""A browser path for the roles no other browser test logs in as (issue #14 item 8): the city
reporter reads the mobilization report and follows a figure to its records; the Women's Union
officer sees her organization's supervisions across the city and opens one; Ba Vì's counter
clerk, who keeps the commune's seal, seals a signed result; Ba Vì's leader signs a result.
(specialist.hoankiem: test_marital_status_flow_browser; petitions.hoankiem: test_grassroots_browser.)
A failing test leaves a screenshot (tests/e2e/conftest.py)."""

import re

import pytest

from danvan.signing.models import SigningBatch
from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e


def test_city_reporter_reads_the_mobilization_report_and_its_records(world, page):
    login(page, "reporter.hanoi")
    page.click("header >> text=Báo cáo")
    page.click("main a:has-text('Báo cáo công tác dân vận')")
    page.wait_for_url(re.compile(r"/bao-cao/dan-van/"))
    assert "Báo cáo công tác dân vận · Thành phố Hà Nội" in page.inner_text("h1")
    assert page.locator("main a:has-text('PDF')").count() == 1
    supervisions = page.locator("a[href*='/bao-cao/chi-tiet/oversight.supervisions/']").first
    count = int(supervisions.inner_text())
    assert count > 0
    supervisions.click()
    page.wait_for_selector("#records")
    assert "Cuộc giám sát" in page.inner_text("h1")
    assert page.locator("#records tbody tr").count() == count
    # read-only: the reporter is offered no way to enter figures or change records
    assert page.locator("main form[method=post]").count() == 0


def test_womens_union_officer_sees_her_supervisions_across_the_city(world, page):
    login(page, "phunu.hanoi")
    page.click("header >> text=Giám sát, phản biện")
    page.click("main nav a:has-text('Giám sát'), main a[href='/giam-sat/giam-sat/']")
    page.wait_for_url(re.compile(r"/giam-sat/giam-sat/$"))
    rows = page.locator("table tbody tr")
    assert rows.count() >= 2
    organizers = [rows.nth(i).locator("td").nth(2).inner_text() for i in range(rows.count())]
    assert all("Phụ nữ" in o for o in organizers), organizers  # her organization's, in any ward
    assert any("Hoàn Kiếm" in o for o in organizers) and any("thành phố" in o for o in organizers)
    rows.first.locator("a").first.click()
    page.wait_for_selector("#recommendations")
    assert page.locator("#state").inner_text()
    assert page.locator("#recommendations").inner_text().strip()


@pytest.fixture
def jobs_in_the_request(settings):
    """As in test_signing_browser: batches run inside the request on the in-memory test database."""
    settings.JOBS_RUNNER = "immediate"


def test_ba_vi_counter_clerk_seals_a_signed_result(world, page, jobs_in_the_request):
    login(page, "clerk.bavi")
    assert "Xã Ba Vì" in page.inner_text("header")
    page.goto("/chu-ky-so/")
    boxes = page.locator("#seal-form input[name=dossier]")
    assert boxes.count() >= 1, "the demo leaves a Ba Vì result awaiting the seal"
    code = boxes.first.get_attribute("value")
    assert code.startswith("000.09.700.")
    boxes.first.check()
    assert page.inner_text("#seal-submit") == "Đóng dấu 1 văn bản"
    page.fill("#seal-pin", "123456")
    page.click("#seal-submit")
    page.wait_for_url(re.compile(r"/chu-ky-so/lo/"))
    page.wait_for_selector("#batch-state:has-text('Đã xong')", timeout=60000)
    assert page.locator("#batch-items .badge:has-text('Đã đóng dấu')").count() == 1
    assert SigningBatch.objects.get(kind="seal", signer__username="clerk.bavi").items.count() == 1


def test_ba_vi_leader_signs_a_result(world, page, jobs_in_the_request):
    from tests.signing.test_batches import awaiting_signature

    (dossier,) = awaiting_signature(1, "09700", "clerk.bavi")
    login(page, "leader.bavi")
    page.goto("/chu-ky-so/")
    box = page.locator(f"input[name=dossier][value='{dossier.code}']")
    assert box.count() == 1
    box.check()
    assert page.inner_text("#batch-submit") == "Ký 1 văn bản"
    page.fill("#batch-pin", "123456")
    page.click("#batch-submit")
    page.wait_for_url(re.compile(r"/chu-ky-so/lo/"))
    page.wait_for_selector("#batch-state:has-text('Đã xong')", timeout=60000)
    assert page.locator("#batch-items .badge:has-text('Đã ký')").count() == 1
    page.goto("/chu-ky-so/")
    assert dossier.code not in page.inner_text("main")  # nothing left for her to sign
