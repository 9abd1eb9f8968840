"""What the pages and documents show: a member organization's figures are her own; the public
dialogues page by commune; the report's and the letter's header and signature lines."""

import re

import pytest
from django.utils import timezone

from danvan.oversight import documents
from danvan.oversight.models import Dialogue, Recommendation, Supervision

pytestmark = pytest.mark.django_db


def _tiles(html: str) -> dict[str, str]:
    tiles = re.findall(
        r'<div class="tile"><strong>(.*?)</strong><br><small>(.*?)</small>', html, re.S
    )
    return {re.sub(r"\s*\(.*", "", label).strip(): value.strip() for value, label in tiles}


def test_the_womens_union_officer_sees_her_organizations_figures_not_the_citys(client_as):
    women = _tiles(client_as("phunu.hanoi").get("/giam-sat/").content.decode())
    city = _tiles(client_as("front.hanoi").get("/giam-sat/").content.decode())
    own = Supervision.objects.filter(organizer__kind="womens_union")
    assert women["Cuộc giám sát"] == str(
        sum(1 for s in own if (s.started_on or s.planned_on).year == timezone.localdate().year)
    )
    assert int(women["Cuộc giám sát"]) < int(city["Cuộc giám sát"])
    recs = Recommendation.objects.filter(supervision__organizer__kind="womens_union",
                                         sent_on__year=timezone.localdate().year)  # fmt: skip
    assert women["Kiến nghị sau giám sát"] == str(recs.count())
    assert "Hội nghị đối thoại" not in women and "Hội nghị đối thoại" in city


def test_the_public_dialogues_page_picks_a_commune(client):
    everyone = client.get("/giam-sat/cong-dan/doi-thoai/").content.decode()
    ward = client.get("/giam-sat/cong-dan/doi-thoai/?don_vi=00070").content.decode()
    bavi = Dialogue.objects.filter(unit__code="09700", results_published_on__isnull=False).first()
    assert bavi.title in everyone and bavi.title not in ward
    assert '<option value="00070" translate="no" selected>' in ward
    assert "Công khai kết quả ngày" in ward
    assert client.get("/giam-sat/cong-dan/doi-thoai/?don_vi=xyz").status_code == 200
    assert "/giam-sat/cong-dan/doi-thoai/" in client.get("/").content.decode()


def test_the_report_of_a_member_organization_is_issued_under_its_front_committee():
    sup = Supervision.objects.filter(organizer__kind="womens_union", unit__code="00070").first()
    spec = documents.supervision_report(sup)
    assert spec.governing_body.lower() == "ủy ban mttq việt nam phường hoàn kiếm"
    assert spec.signatures[0].authority == ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"]
    assert f"{spec.governing_body} (để b/c)" in spec.recipients and spec.place == "Hà Nội"
    front = Supervision.objects.filter(
        organizer__kind="fatherland_front", unit__code="00070", recommendations__isnull=False
    ).first()
    spec = documents.supervision_report(front)
    assert spec.governing_body.lower().endswith("thành phố hà nội")
    assert spec.signatures[0].authority == ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"]
    rec = front.recommendations.first()
    letter = documents.recommendation_letter(rec)
    text = " ".join(p.text for p in letter.body)
    # A công văn (Decree 30/2020): no type name, its summary under the number, no type code
    assert "))" not in text and letter.title == ""
    assert letter.summary.startswith("V/v kiến nghị sau giám sát ")
    assert letter.number == "…/MTTQ-BTT" and spec.number == "…/BC-MTTQ-BTT"
    assert text.endswith("./.") and letter.recipients_end == "."


def test_the_city_sees_each_communes_checklist_with_the_weakest_first(client_as):
    from danvan.oversight.models import Disclosure

    year = timezone.localdate().year
    page = client_as("front.hanoi").get(f"/giam-sat/cong-khai/?nam={year}").content.decode()
    table = page[page.index('id="communes"') : page.index("</table>", page.index('id="communes"'))]
    rows = re.findall(r"<tr><td><a [^>]*>(.*?)</a></td>(.*?)</tr>", table, re.S)
    assert rows[0][0] == "Phường Hoàn Kiếm"  # the one commune of the demo with a checklist
    hk = Disclosure.objects.filter(unit__code="00070", year=year)
    due = hk.filter(due_on__lt=timezone.localdate()).count()
    cells = re.findall(r"<td>(\d+)</td>", rows[0][1])
    assert cells[:2] == [str(hk.count()), str(due)]
    assert "Chưa lập danh mục" in rows[1][1]
