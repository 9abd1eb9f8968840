"""A ward chairman opens the ward's report, compares it with the last period and clicks a figure
through to the records it counts."""

import datetime as dt

import pytest
from django.utils import timezone

from danvan.onestop.states import Status
from tests.e2e.helpers import login
from tests.reports.helpers import dossier, unit

pytestmark = pytest.mark.e2e


def test_ward_chairman_compares_periods_and_drills_down(world, page):
    ward = unit("00070")
    this_year = timezone.localdate().year - 1  # a whole past year: both halves are closed
    for month, late in [(2, False), (3, True), (4, False), (8, False)]:
        day = dt.date(this_year, month, 3)
        dossier(ward, f"{day}", due_at=f"{day + dt.timedelta(days=5)}",
                processed_at=f"{day + dt.timedelta(days=9 if late else 1)}",
                status=Status.PROCESSED)  # fmt: skip
    login(page, "chairman.hoankiem")
    page.goto(f"/bao-cao/chat-luong-phuc-vu/?unit={ward.pk}&kind=half&year={this_year + 1}&n=1")
    page.select_option("select[name=year]", str(this_year))
    page.select_option("select[name=kind]", "half")
    page.fill("input[name=n]", "2")
    page.click("form.report-pickers button[type=submit]")
    row = page.locator("table.figures tr[data-code='onestop.sq_on_time']")
    cells = row.locator("td")
    assert cells.nth(1).inner_text().startswith("100")  # H2: the August dossier, on time
    assert cells.nth(3).inner_text().startswith("66,67")  # H1: 2 of 3
    assert "+33,33 điểm %" in cells.nth(4).inner_text()
    assert page.locator("svg[role=img]").count() >= 2
    page.fill("input[name=n]", "1")
    page.click("form.report-pickers button[type=submit]")
    page.locator("table.figures tr[data-code='onestop.sq_on_time'] a.figure-link").click()
    page.wait_for_selector("#records")
    assert page.locator("#records tbody tr").count() == 2
    assert "Hồ sơ giải quyết đúng hạn" in page.locator("h1").inner_text()
