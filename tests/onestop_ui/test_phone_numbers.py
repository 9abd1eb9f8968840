"""Issue 9: a phone typed with spaces, dots or +84 ("0912 345 678") is one number everywhere:
the counter form, online filing, the API, the public lookup and the clerk's search all go through
core.identifiers.clean_phone."""

import pytest

from danvan.core.errors import Invalid
from danvan.core.identifiers import clean_phones_in, phone_last4
from danvan.grassroots.services import PetitionInput
from danvan.onestop import search
from danvan.onestop.models import Dossier
from danvan.procedures.models import Procedure
from tests.onestop.conftest import api_payload
from tests.onestop_ui.helpers import COMMON, files_for, intake_post

pytestmark = pytest.mark.django_db
TYPED = ["0912 345 678", "0912.345.678", "+84 912-345-678", "(+84) 912 345 678"]


@pytest.mark.parametrize("typed", TYPED)
def test_the_counter_form_stores_the_clean_number(client_as, typed):
    procedure = Procedure.objects.get(code=COMMON)
    data = {**intake_post(COMMON, phone=typed), **files_for(procedure)}
    response = client_as("clerk.hoankiem").post("/mot-cua/quay/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    code = response["Location"].rstrip("/").split("/")[-1]
    assert Dossier.objects.get(code=code).phone == "0912345678"


def test_online_filing_stores_the_clean_number_and_the_note_names_its_last_digits(client):
    procedure = Procedure.objects.get(code=COMMON)
    data = {**intake_post(COMMON, phone="0912.345.678"), **files_for(procedure), "unit": "00070"}
    response = client.post("/nop-truc-tuyen/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert response["Location"].endswith("?so=5678")
    code = response["Location"].split("/da-nop/")[1].split("/")[0]
    assert Dossier.objects.get(code=code).phone == "0912345678"


def test_a_badly_typed_number_is_still_refused(client_as):
    procedure = Procedure.objects.get(code=COMMON)
    data = {**intake_post(COMMON, phone="0912 345"), **files_for(procedure)}
    response = client_as("clerk.hoankiem").post("/mot-cua/quay/", data)
    assert response.status_code == 422
    assert "Số điện thoại không hợp lệ." in response.content.decode()


def test_the_api_stores_the_clean_number(api_as):
    body = api_payload(COMMON)
    body["applicant"]["phone"] = "+84 987 654 321"
    created = api_as("clerk.hoankiem").post("/api/v1/dossiers", body)
    assert created.status_code == 201, created.content[:500]
    assert Dossier.objects.get(code=created.json()["code"]).phone == "0987654321"


def test_the_lookup_takes_the_last_digits_however_typed(client, api_as):
    body = api_payload(COMMON)
    body["applicant"]["phone"] = "0987.654.321"
    code = api_as("clerk.hoankiem").post("/api/v1/dossiers", body).json()["code"]
    page = client.get("/tra-cuu/", {"ma": code, "so": "4 321"}).content.decode()
    assert 'id="lookup-result"' in page
    page = client.get("/tra-cuu/", {"ma": code, "so": "0987 654 321"}).content.decode()
    assert 'id="lookup-result"' in page
    wrong = client.get("/tra-cuu/", {"ma": code, "so": "1234"}).content.decode()
    assert 'id="lookup-result"' not in wrong
    api = client.get(f"/api/v1/public/dossiers/{code}", {"phone_last4": "0987 654 321"})
    assert api.status_code == 200 and api.json()["code"] == code


def test_the_clerks_search_finds_a_number_typed_with_dots_or_spaces(api_as):
    body = api_payload(COMMON)
    body["applicant"]["phone"] = "0987 111 222"
    code = api_as("clerk.hoankiem").post("/api/v1/dossiers", body).json()["code"]
    for query in ("0987.111.222", "0987 111 222", "+84 987 111 222"):
        found = search.matching(Dossier.objects.all(), query)
        assert list(found.values_list("code", flat=True)) == [code], query


def test_codes_and_national_ids_are_not_taken_for_phone_numbers():
    for text in ("261201-0002", "000.00.070.H01-261203-0005", "001190012345"):
        assert clean_phones_in(text) == text
    assert phone_last4(" 5 678 ") == "5678"


def test_a_petition_keeps_the_clean_number():
    p = PetitionInput(
        kind="", category="", title="t", description="d", petitioner_phone="0912 345 678"
    )
    with pytest.raises(Invalid):  # cleaned before the checks; the kind is still wrong
        p.check()
    assert p.petitioner_phone == "0912345678"


def test_numbers_stored_before_are_cleaned_by_the_data_migration(api_as):
    import importlib

    from django.apps import apps

    body = api_payload(COMMON)
    code = api_as("clerk.hoankiem").post("/api/v1/dossiers", body).json()["code"]
    Dossier.objects.filter(code=code).update(phone="+84 987.654.321")
    importlib.import_module("danvan.onestop.migrations.0009_clean_dossier_phones").forwards(
        apps, None
    )
    assert Dossier.objects.get(code=code).phone == "0987654321"
