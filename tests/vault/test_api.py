"""Vault API: status codes, the error JSON, masking, and the wrong user refused on every endpoint."""

import io
import json
import zipfile

import pytest

from danvan.audit.models import AuditEntry
from danvan.vault.models import AccessLog, Reuse
from tests.conftest import error_code
from tests.vault.conftest import CITIZEN_A, CITIZEN_B, component, days_ago, stored

DOCS = f"/api/v1/citizens/{CITIZEN_A}/documents"


@pytest.fixture
def citizen_a(django_user_model):
    return django_user_model.objects.create(username="an.citizen", national_id=CITIZEN_A)


def test_malformed_national_id_is_422_with_the_error_json(api_as):
    response = api_as("clerk.hoankiem").get("/api/v1/citizens/12ab/documents")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "vault.bad_national_id"
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_anonymous_is_401(api_as):
    response = api_as(None).get(DOCS)
    assert response.status_code == 401 and error_code(response) == "auth.required"


def test_official_handling_the_dossier_lists_documents_masked(api_as, dossier_of_a):
    doc = stored(CITIZEN_A, "id_card")
    response = api_as("specialist.hoankiem").get(DOCS)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["items"][0]["id"] == doc.pk
    assert body["items"][0]["owner"] == "0012•••••001" and CITIZEN_A not in json.dumps(body)
    assert AccessLog.objects.filter(owner_id=CITIZEN_A, purpose="store", allowed=True).count() == 1
    file = api_as("specialist.hoankiem").get(f"{DOCS}/{doc.pk}/file")
    assert file.status_code == 200 and file.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(owner_id=CITIZEN_A, purpose="document", document=doc).exists()


def test_official_with_no_dossier_gets_404_and_it_is_audited(api_as, dossier_of_a):
    doc = stored(CITIZEN_A, "id_card")
    for username in ("clerk.bavi", "mobilizer.hoankiem"):
        assert api_as(username).get(DOCS).status_code == 404
        assert api_as(username).get(f"{DOCS}/{doc.pk}/file").status_code == 404
    assert AuditEntry.objects.filter(action="vault.access_refused").count() == 4
    assert AccessLog.objects.filter(owner_id=CITIZEN_A, allowed=False).count() == 4


def test_document_of_another_citizen_through_the_url_is_not_found(api_as, dossier_of_a):
    theirs = stored(CITIZEN_B, "id_card")
    assert api_as("specialist.hoankiem").get(f"{DOCS}/{theirs.pk}/file").status_code == 404


def test_attach_stored_document_to_a_component(api_as, dossier_of_a, proc_y):
    status = stored(CITIZEN_A, "marriage_status", issued=days_ago(5))
    row = dossier_of_a.components.get(component=component(proc_y, "marriage_status"))
    row.sha256, row.provided = "", False
    row.save()
    url = f"/api/v1/dossiers/{dossier_of_a.code}/components/{row.pk}/reuse"
    theirs = stored(CITIZEN_B, "marriage_status", issued=days_ago(5))
    refused = api_as("clerk.hoankiem").post(url, json.dumps({"vault_document_id": theirs.pk}))
    assert refused.status_code == 422 and error_code(refused) == "vault.reuse_refused"
    assert (
        api_as("clerk.bavi").post(url, json.dumps({"vault_document_id": status.pk})).status_code
        == 404
    )
    assert (
        api_as("reporter.hanoi").post(url, json.dumps({"vault_document_id": status.pk})).status_code
        == 403
    )
    ok = api_as("clerk.hoankiem").post(url, json.dumps({"vault_document_id": status.pk}))
    assert ok.status_code == 201 and ok.json()["digitization"] == "reused_document"
    assert Reuse.objects.get(component=row).document == status
    again = api_as("clerk.hoankiem").post(url, json.dumps({"vault_document_id": status.pk}))
    assert again.status_code == 409


def test_citizen_endpoints(api_as, citizen_a, persona, django_user_model):
    mine = stored(CITIZEN_A, "id_card")
    theirs = stored(CITIZEN_B, "id_card")
    api = api_as("an.citizen")
    listed = api.get("/api/v1/me/documents").json()
    assert [d["id"] for d in listed["items"]] == [mine.pk]
    assert api.get(f"/api/v1/me/documents/{mine.pk}/file").status_code == 200
    assert api.get(f"/api/v1/me/documents/{theirs.pk}/file").status_code == 404
    log = api.get("/api/v1/me/access-log").json()
    assert log["count"] == 0
    export = api.get("/api/v1/me/export.zip")
    assert export.status_code == 200 and export["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(export.content)).namelist()
    assert "kho-du-lieu.json" in names and "nhat-ky-truy-cap.csv" in names
    assert (
        f"giay-to/{mine.pk}-giay-to.pdf" in names
        and f"giay-to/{theirs.pk}-giay-to.pdf" not in names
    )
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(export.content)).read("kho-du-lieu.json"))
    assert manifest["so_dinh_danh"] == "0012•••••001"
    assert api.get("/api/v1/me/access-log").json()["items"][0]["purpose"] == "export"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/me/documents",
        "/api/v1/me/access-log",
        "/api/v1/me/export.zip",
        "/api/v1/me/documents/1/file",
    ],
)
def test_citizen_endpoints_refuse_officials_without_a_national_id_and_anonymous(api_as, path):
    response = api_as("clerk.hoankiem").get(path)
    assert response.status_code == 403 and error_code(response) == "vault.not_citizen"
    assert api_as(None).get(path).status_code == 401


def test_crafted_dossier_api_request_with_another_citizens_document_is_refused(api_as, proc_y):
    import base64

    theirs = stored(CITIZEN_B, "id_card")
    mine = stored(CITIZEN_A, "marriage_status", issued=days_ago(3))
    form = next(c for c in proc_y.components.all() if not c.vault_types)
    pdf = base64.b64encode(b"%PDF-1.4\n%%EOF\n").decode()
    body = {
        "unit": "00070",
        "procedure": proc_y.code,
        "channel": "in_person",
        "applicant": {"name": "Đinh Thị An", "national_id": CITIZEN_A, "phone": "0912000111"},
        "components": [
            {"component_id": form.pk, "file_name": "to-khai.pdf", "file_base64": pdf},
            {"component_id": component(proc_y, "id_card").pk, "vault_document_id": theirs.pk},
            {"component_id": component(proc_y, "marriage_status").pk, "vault_document_id": mine.pk},
        ],
    }
    response = api_as("clerk.hoankiem").post("/api/v1/dossiers", json.dumps(body))
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert fields[f"components.{component(proc_y, 'id_card').pk}"] == (
        "Giấy tờ được chọn không có trong kho dữ liệu của người nộp hồ sơ."
    )
    assert not Reuse.objects.filter(dossier__national_id=CITIZEN_A).exists()
    body["components"][1]["vault_document_id"] = stored(CITIZEN_A, "id_card").pk
    ok = api_as("clerk.hoankiem").post("/api/v1/dossiers", json.dumps(body))
    assert (
        ok.status_code == 201 and Reuse.objects.filter(dossier__national_id=CITIZEN_A).count() == 2
    )
