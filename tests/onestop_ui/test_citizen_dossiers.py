"""Issue 9 item 5: "Hồ sơ của tôi" for a signed-in citizen: her own dossiers only, with state, due
date, what is missing, the fee due and the result to open; nobody else's."""

import pytest

from danvan.accounts.models import User
from danvan.audit.models import AuditEntry
from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, transition
from danvan.onestop.states import Status
from tests.onestop_ui.helpers import COMMON, make_dossier

pytestmark = pytest.mark.django_db
URL = "/ho-so-cua-toi/"
HANG = "001190012345"  # congdan.hang's national ID (demo)


def _hang(client):
    client.force_login(User.objects.get(username="congdan.hang"))
    return client


def test_an_anonymous_visitor_is_sent_to_the_citizen_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/nop-truc-tuyen/dang-nhap/?next=%2Fho-so-cua-toi%2F")


def test_an_official_account_is_refused_with_a_message(client_as):
    response = client_as("clerk.hoankiem").get(URL)
    assert response.status_code == 403
    assert "dành cho công dân" in response.content.decode()


def test_the_citizen_sees_every_dossier_of_hers_and_nobody_elses(client):
    page = _hang(client).get(URL).content.decode()
    mine = Dossier.objects.filter(national_id=HANG)
    others = Dossier.objects.exclude(national_id=HANG)
    assert mine.exists() and others.exists()
    for d in mine:
        assert f'data-code="{d.code}"' in page
    for d in others:
        assert d.code not in page
    assert "Trần Văn Bình" not in page


def test_state_due_date_and_fee_due_are_shown(client):
    page = _hang(client).get(URL).content.decode()
    fee = Dossier.objects.get(national_id=HANG, status=Status.FINANCIAL_OBLIGATION)
    card = page.split(f'id="d-{fee.code}"')[1].split("</section>")[0]
    assert "Yêu cầu thực hiện nghĩa vụ tài chính" in card
    assert "100.000" in card and "Nộp phí trực tuyến" in card
    assert fee.due_at.astimezone().strftime("%Y") in card


def test_what_is_missing_is_listed_for_a_supplement_request(client, persona):
    d = make_dossier("00070", COMMON, by=persona("clerk.hoankiem"), national_id=HANG)
    transition(
        d.pk,
        Command(
            "request_supplement",
            d.version,
            reason="Thiếu giấy tờ",
            items=["Bản sao trích lục ly hôn"],
            what_to_do="Nộp bản sao có chứng thực trích lục ly hôn",
        ),
        by=persona("clerk.hoankiem"),
    )
    page = _hang(client).get(URL).content.decode()
    card = page.split(f'id="d-{d.code}"')[1].split("</section>")[0]
    assert "Cần bổ sung" in card and "Bản sao trích lục ly hôn" in card
    assert "Nộp bản sao có chứng thực trích lục ly hôn" in card


def test_a_returned_result_opens_for_her_and_the_opening_is_audited(client):
    returned = Dossier.objects.filter(national_id=HANG, status=Status.RETURNED).first()
    assert returned is not None and returned.result_file
    c = _hang(client)
    page = c.get(URL).content.decode()
    result_url = f"/ho-so-cua-toi/{returned.code}/ket-qua/"
    assert result_url in page
    response = c.get(result_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline")
    assert c.get(result_url, {"tai-ve": "1"})["Content-Disposition"].startswith("attachment")
    opened = AuditEntry.objects.filter(action="onestop.file_opened", object_id=str(returned.pk))
    assert opened.count() == 2


def test_another_citizen_cannot_open_her_result_nor_an_unreturned_one(client):
    returned = Dossier.objects.filter(national_id=HANG, status=Status.RETURNED).first()
    other = User.objects.create_user("binh", password="x" * 12, national_id="001085067890")
    client.force_login(other)
    assert client.get(f"/ho-so-cua-toi/{returned.code}/ket-qua/").status_code == 404
    assert returned.code not in client.get(URL).content.decode()
    pending = Dossier.objects.filter(national_id=HANG).exclude(status=Status.RETURNED).first()
    _hang(client)
    assert client.get(f"/ho-so-cua-toi/{pending.code}/ket-qua/").status_code == 404


def test_the_citizen_menu_leads_to_her_dossiers_and_hides_the_officials_pages(client):
    page = _hang(client).get("/nop-truc-tuyen/").content.decode()
    nav = page.split('class="mainnav"')[1].split("</nav>")[0]
    assert 'href="/ho-so-cua-toi/"' in nav and 'href="/kho-cua-toi/"' in nav
    assert "Đơn vị hành chính" not in nav and "Công việc nền" not in nav


def test_the_public_portal_links_to_my_dossiers(client):
    nav = client.get("/tra-cuu/").content.decode().split('class="mainnav"')[1].split("</nav>")[0]
    assert 'href="/ho-so-cua-toi/"' in nav
