import base64
import json

import pytest

from danvan.onestop.models import Dossier
from tests.onestop.conftest import NO_WAIT, NORMAL, PDF, api_payload


def post(client, body, **headers):
    return client.post("/api/v1/dossiers", json.dumps(body), **headers)


@pytest.mark.django_db
def test_create_is_idempotent_with_the_same_key(api_as):
    clerk = api_as("clerk.hoankiem")
    body = api_payload(NORMAL)
    before = Dossier.objects.count()
    first = post(clerk, body, HTTP_IDEMPOTENCY_KEY="quay-1-abc")
    again = post(clerk, body, HTTP_IDEMPOTENCY_KEY="quay-1-abc")
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["code"] == again.json()["code"]
    assert Dossier.objects.count() == before + 1
    other = post(clerk, {**body, "summary": "khác"}, HTTP_IDEMPOTENCY_KEY="quay-1-abc")
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency.key_reused"


@pytest.mark.django_db
def test_transition_with_a_moved_version_is_409(api_as):
    clerk = api_as("clerk.hoankiem")
    d = post(clerk, api_payload(NORMAL)).json()
    ok = clerk.post(
        f"/api/v1/dossiers/{d['code']}/transitions",
        json.dumps({"action": "assign", "expected_version": d["version"]}),
    )
    assert ok.status_code == 200
    stale = clerk.post(
        f"/api/v1/dossiers/{d['code']}/transitions",
        json.dumps({"action": "assign", "expected_version": d["version"]}),
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "dossier.version_conflict"


@pytest.mark.django_db
def test_forbidden_transition_wrong_role_and_wrong_unit(api_as):
    d = post(api_as("clerk.hoankiem"), api_payload(NORMAL)).json()
    url = f"/api/v1/dossiers/{d['code']}/transitions"
    body = json.dumps({"action": "return_result", "expected_version": d["version"]})
    r = api_as("clerk.hoankiem").post(url, body)
    assert r.status_code == 409 and r.json()["error"]["code"] == "dossier.invalid_transition"
    assert "Không thể" in r.json()["error"]["message"]
    r = api_as("clerk.hoankiem").post(
        url, json.dumps({"action": "approve", "expected_version": d["version"]})
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "dossier.role_forbidden"
    assert api_as("clerk.bavi").post(url, body).status_code == 404
    assert api_as("clerk.bavi").get(f"/api/v1/dossiers/{d['code']}").status_code == 404
    assert api_as("reporter.hanoi").get(f"/api/v1/dossiers/{d['code']}").status_code == 200
    assert api_as(None).get(f"/api/v1/dossiers/{d['code']}").status_code == 401


@pytest.mark.django_db
def test_bad_national_id_and_missing_component_are_named_and_nothing_is_saved(api_as):
    body = api_payload(NORMAL)
    body["applicant"]["national_id"] = "12345"
    body["components"] = []
    before = Dossier.objects.count()
    r = post(api_as("clerk.hoankiem"), body)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "dossier.invalid"
    assert "12 chữ số" in err["fields"]["applicant.national_id"]
    assert "Còn thiếu" in err["fields"]["components"]
    assert Dossier.objects.count() == before


@pytest.mark.django_db
def test_a_30_mb_upload_is_refused_with_413(api_as):
    body = api_payload(NORMAL)
    huge = base64.b64encode(PDF + b"0" * (30 * 1024 * 1024)).decode()
    body["components"][0]["file_base64"] = huge
    r = post(api_as("clerk.hoankiem"), body)
    assert r.status_code == 413 and r.json()["error"]["code"] == "request.too_large"


@pytest.mark.django_db
def test_a_renamed_executable_is_refused(api_as):
    body = api_payload(NORMAL)
    body["components"][0]["file_name"] = "giay.pdf"
    body["components"][0]["file_base64"] = base64.b64encode(
        b"\x7fELF\x02\x01\x01" + b"\0" * 100
    ).decode()
    r = post(api_as("clerk.hoankiem"), body)
    assert r.status_code == 422 and r.json()["error"]["code"] == "upload.type_not_allowed"


@pytest.mark.django_db
def test_malformed_json_is_400(api_as):
    r = api_as("clerk.hoankiem").post("/api/v1/dossiers", "{not json")
    assert r.status_code == 400 and "error" in r.json()


@pytest.mark.django_db
def test_slips_and_result_pdfs(api_as):
    clerk = api_as("clerk.hoankiem")
    d = post(clerk, api_payload(NO_WAIT)).json()
    slip = clerk.get(f"/api/v1/dossiers/{d['code']}/slips/01.pdf")
    assert slip.status_code == 200 and slip["Content-Type"] == "application/pdf"
    assert clerk.get(f"/api/v1/dossiers/{d['code']}/slips/02.pdf").status_code == 404
    assert clerk.get(f"/api/v1/dossiers/{d['code']}/slips/99.pdf").status_code == 404
    assert clerk.get(f"/api/v1/dossiers/{d['code']}/result.pdf").status_code == 404
    clerk.post(
        f"/api/v1/dossiers/{d['code']}/transitions",
        json.dumps(
            {
                "action": "complete_on_spot",
                "expected_version": d["version"],
                "pin": "123456",
                "payment_method": "cash",
            }
        ),
    )
    result = clerk.get(f"/api/v1/dossiers/{d['code']}/result.pdf")
    assert result.status_code == 200 and result.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_public_lookup_shows_no_personal_data_and_is_rate_limited(api_as, settings):
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 5
    d = post(api_as("clerk.hoankiem"), api_payload(NORMAL)).json()
    anon = Client()
    ok = anon.get(f"/api/v1/public/dossiers/{d['code']}?phone_last4=4321")
    assert ok.status_code == 200
    text = ok.content.decode()
    assert "Trần Văn Bình" not in text and "001085067890" not in text and "0987654321" not in text
    wrong = anon.get(f"/api/v1/public/dossiers/{d['code']}?phone_last4=0000")
    assert wrong.status_code == 404
    statuses = [
        anon.get(f"/api/v1/public/dossiers/{d['code']}?phone_last4=4321").status_code
        for _ in range(5)
    ]
    assert statuses[-1] == 429
    cache.clear()


@pytest.mark.django_db
def test_dossier_list_is_scoped_and_queries_do_not_grow(api_as):
    from tests.helpers import assert_queries_do_not_grow

    clerk = api_as("clerk.hoankiem")
    bavi = api_as("clerk.bavi")
    post(bavi, api_payload(NORMAL, unit="09700"))

    def make(n):
        for _ in range(n):
            post(clerk, api_payload(NORMAL))

    assert_queries_do_not_grow(make, lambda: clerk.get("/api/v1/dossiers?page_size=100"))
    items = clerk.get("/api/v1/dossiers?page_size=100").json()["items"]
    assert items and all(i["unit"] == "00070" for i in items)
    assert all("•" in i["national_id_masked"] for i in items)


@pytest.mark.django_db
def test_birth_date_or_sex_the_national_id_contradicts_has_its_own_code(api_as):
    body = api_payload(NORMAL)
    body["applicant"].update(national_id="001190012345", date_of_birth="1991-03-15", sex="Nam")
    before = Dossier.objects.count()
    r = post(api_as("clerk.hoankiem"), body)
    err = r.json()["error"]
    assert r.status_code == 422 and err["code"] == "dossier.identity_mismatch"
    assert "năm sinh 1990" in err["fields"]["applicant.date_of_birth"]
    assert "giới tính nữ" in err["fields"]["applicant.sex"]
    assert Dossier.objects.count() == before
    body["applicant"].update(date_of_birth="1990-03-15", sex="Nữ")
    assert post(api_as("clerk.hoankiem"), body).status_code == 201
