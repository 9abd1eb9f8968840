"""The home page's disclosure tile and the disclosures page show one figure, from one service
function: the items due before today, and of them those disclosed by their due date."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from danvan.oversight import services
from danvan.oversight.models import Disclosure
from danvan.units.services import current_unit

pytestmark = pytest.mark.django_db


def _tile(html: str) -> tuple[int, int, int]:
    found = re.search(
        r"<strong>(\d+)%</strong><br><small>Công khai đúng hạn \(các nội dung đã đến hạn tính "
        r"đến hôm nay\) \((\d+)/(\d+)\)",
        html,
    )
    assert found, "no disclosure tile on the home page"
    return int(found[1]), int(found[2]), int(found[3])


def _page(html: str) -> tuple[int, int, int]:
    found = re.search(
        r'id="disclosure-rate">(\d+)%</strong> · Đã công khai đúng hạn (\d+)/(\d+) nội dung', html
    )
    assert found, "no summary on the disclosures page"
    return int(found[1]), int(found[2]), int(found[3])


def test_the_tile_and_the_page_agree(client_as):
    client = client_as("front.hoankiem")
    tile = _tile(client.get("/giam-sat/?don_vi=00070").content.decode())
    page = _page(client.get("/giam-sat/cong-khai/?don_vi=00070").content.decode())
    assert tile == page
    today = timezone.localdate()
    ward = current_unit("00070")
    rows = list(Disclosure.objects.filter(unit=ward, year=today.year))
    due = [d for d in rows if d.due_on < today]
    assert page[2] == len(due) and page[1] == sum(1 for d in due if d.on_time)
    assert len(due) < len(rows)  # items not yet due exist and count in neither


def test_items_not_yet_due_count_in_neither(commune):
    today = timezone.localdate()
    year = today.year
    services.ensure_checklist(commune, year)
    rows = list(Disclosure.objects.filter(unit=commune, year=year).order_by("due_on"))
    ahead = [d for d in rows if d.due_on >= today]
    past = [d for d in rows if d.due_on < today]
    assert ahead and past
    # An item disclosed early, before its due date: done, but not yet counted.
    Disclosure.objects.filter(pk=ahead[0].pk).update(disclosed_on=today, form="website")
    Disclosure.objects.filter(pk=past[0].pk).update(disclosed_on=past[0].due_on, form="website")
    r = services.disclosure_progress(commune, year, today)
    assert (r.numerator, r.denominator) == (1, len(past))
    by_unit = services.disclosure_progress_by_unit([commune], year, today)[commune.pk]
    assert by_unit == (len(rows), len(past), 1)
    nothing = services.disclosure_progress(commune, year + 1, today)
    assert (nothing.numerator, nothing.denominator) == (0, 0)
    january_first = services.disclosure_progress(commune, year, dt.date(year, 1, 1))
    assert january_first.denominator == 0
