"""Issue 9 item 5: the online unit picker (default, search with province and former district) and
filing refused where nobody receives dossiers."""

from django.test import Client

from danvan.accounts.models import User
from danvan.accounts.services import can_receive
from danvan.onestop.models import Dossier
from danvan.procedures.models import Procedure
from danvan.units.models import Unit
from tests.onestop_ui.helpers import COMMON, files_for, intake_post, make_dossier


def test_picker_lists_no_flat_country_and_searches_without_diacritics(client, persona):
    page = client.get("/nop-truc-tuyen/").content.decode()
    assert page.count('<option value="0') < 5  # not the 3,322 communes of the country
    hoankiem = Unit.objects.current().get(code="00070")
    found = client.get("/nop-truc-tuyen/don-vi/", {"tim": "hoan kiem"}).content.decode()
    assert f'value="{hoankiem.code}"' in found
    assert hoankiem.parent.name in found  # the province goes with the name
    assert (
        client.get("/nop-truc-tuyen/don-vi/", {"tim": "zzzz"})
        .content.decode()
        .count('<option value="0')
        == 0
    )


def test_picker_defaults_to_the_citizens_last_ward(persona):
    make_dossier("00070", COMMON, by=persona("clerk.hoankiem"), national_id="001077000333")
    citizen = User.objects.create_user("c.picker", password="x" * 12, national_id="001077000333")
    signed_in = Client()
    signed_in.force_login(citizen)
    page = signed_in.get("/nop-truc-tuyen/").content.decode()
    assert '<option value="00070" selected>' in page


def test_filing_refused_where_nobody_receives_and_nearest_named(client, persona):
    nobody = (
        Unit.objects.current()
        .filter(kind="commune")
        .exclude(code="00070")
        .exclude(grants__role="counter_clerk")
        .order_by("code")
        .first()
    )
    assert not can_receive(nobody)
    procedure = Procedure.objects.get(code=COMMON)
    data = {
        **intake_post(COMMON, national_id="001077000444", name="Lê Văn Tư", phone="0903111444"),
        "unit": nobody.code,
        **files_for(procedure),
    }
    before = Dossier.objects.count()
    response = client.post("/nop-truc-tuyen/", data)
    html = response.content.decode()
    assert response.status_code == 422 and Dossier.objects.count() == before
    assert "chưa tiếp nhận hồ sơ trực tuyến" in html and "Ông/bà có thể nộp tại" in html
    data.update(unit="00070", **files_for(procedure))  # the uploads were read by the first post
    assert client.post("/nop-truc-tuyen/", data).status_code == 302


def test_citizen_sign_in_is_for_citizens_only(client, persona):
    User.objects.create_user("c.signin", password="x" * 12, national_id="001077000555")
    page = client.get("/nop-truc-tuyen/dang-nhap/").content.decode()
    assert "Đăng nhập công dân" in page
    official = client.post(
        "/nop-truc-tuyen/dang-nhap/", {"username": "clerk.hoankiem", "password": "demo12345"}
    )
    assert (
        official.status_code == 422 and "không phải tài khoản công dân" in official.content.decode()
    )
    ok = client.post(
        "/nop-truc-tuyen/dang-nhap/",
        {"username": "c.signin", "password": "x" * 12, "next": "https://evil.example/"},
    )
    assert ok.status_code == 302 and ok["Location"] == "/nop-truc-tuyen/"


def test_picker_defaults_to_the_ward_of_her_store_and_prefills_her_data(persona):
    """No dossier yet: the ward where her account was verified at the counter is the default."""
    from danvan.vault.accounts import issue_code

    issue_code("001077000666", "Đỗ Thị Sáu", by=persona("clerk.hoankiem"), unit=_unit("00070"))
    citizen = User.objects.create_user(
        "c.store", password="x" * 12, national_id="001077000666", full_name="Đỗ Thị Sáu"
    )
    signed_in = Client()
    signed_in.force_login(citizen)
    page = signed_in.get("/nop-truc-tuyen/").content.decode()
    assert '<option value="00070" selected>' in page
    assert 'value="001077000666"' in page and 'value="Đỗ Thị Sáu"' in page
    assert Client().get("/nop-truc-tuyen/").content.decode().count(" selected>") <= 1


def test_signed_in_form_prefills_phone_and_address_from_her_last_dossier(persona):
    make_dossier(
        "00070",
        COMMON,
        by=persona("clerk.hoankiem"),
        national_id="001077000777",
        phone="0903777777",
        address="Số 7 Hàng Bạc",
    )
    citizen = User.objects.create_user("c.prefill", password="x" * 12, national_id="001077000777")
    signed_in = Client()
    signed_in.force_login(citizen)
    page = signed_in.get("/nop-truc-tuyen/").content.decode()
    assert 'value="0903777777"' in page and 'value="Số 7 Hàng Bạc"' in page
    other = User.objects.create_user("c.other", password="x" * 12, national_id="001077000778")
    signed_in.force_login(other)
    assert "0903777777" not in signed_in.get("/nop-truc-tuyen/").content.decode()


def _unit(code):
    return Unit.objects.current().get(code=code)


def test_online_form_names_a_birth_year_the_national_id_contradicts(client, persona):
    procedure = Procedure.objects.get(code=COMMON)
    data = {
        **intake_post(COMMON, national_id="001190012399", phone="0903111999"),
        "date_of_birth": "1992-03-15",
        "unit": "00070",
        **files_for(procedure),
    }
    before = Dossier.objects.count()
    response = client.post("/nop-truc-tuyen/", data)
    html = response.content.decode()
    assert response.status_code == 422 and Dossier.objects.count() == before
    assert "không khớp số định danh 001190012399" in html and "năm sinh 1990" in html
    assert 'id="err-date_of_birth"' in html
