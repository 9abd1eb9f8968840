"""Digitizing through the pages: upload checks, the counter's offers and digitization, the citizen's page."""

import io
import zipfile

import pytest
from django.test import override_settings

from danvan.onestop.models import Digitization, Dossier
from danvan.procedures.models import Procedure
from danvan.vault.models import AccessLog, Reuse, Source, VaultDocument
from tests.vault.conftest import CITIZEN_A, PDF, component, days_ago, stored

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def _file(name: str, data: bytes):
    f = io.BytesIO(data)
    f.name = name
    return f


def _digitize(client, dossier, row, name, data, doc_type="marriage_status"):
    url = f"/kho-du-lieu/ho-so/{dossier.code}/so-hoa/{row.pk}/"
    return client.post(
        url,
        {
            "doc_type": doc_type,
            "number": "12/XN",
            "issued_on": "2026-11-01",
            "file": _file(name, data),
        },
        follow=True,
    )


@pytest.fixture
def missing_row(dossier_of_a, proc_y):
    row = dossier_of_a.components.get(component=component(proc_y, "marriage_status"))
    row.sha256, row.file_name, row.provided = "", "", False
    row.save()
    return row


def test_digitize_on_the_dossier_page_seals_and_sanitizes_the_name(
    client_as, dossier_of_a, missing_row
):
    response = _digitize(
        client_as("clerk.hoankiem"), dossier_of_a, missing_row, "../../Giấy xác nhận ảnh.png", PNG
    )
    assert "Đã số hóa" in response.content.decode()
    missing_row.refresh_from_db()
    doc = VaultDocument.objects.get(pk=missing_row.vault_document_id)
    assert (
        missing_row.digitization == Digitization.DIGITIZED
        and missing_row.file_name == "Giay_xac_nhan_anh.png"
    )
    assert (
        doc.file_name == "Giay_xac_nhan_anh.pdf"
        and doc.content_type == "application/pdf"
        and doc.signed
    )
    assert doc.source == Source.DIGITIZED and doc.owner_id == CITIZEN_A and doc.number == "12/XN"


def test_renamed_executable_is_refused(client_as, dossier_of_a, missing_row):
    response = _digitize(client_as("clerk.hoankiem"), dossier_of_a, missing_row, "cccd.pdf", EXE)
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert not VaultDocument.objects.filter(owner_id=CITIZEN_A).exists()


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_too_large_upload_is_refused(client_as, dossier_of_a, missing_row):
    response = _digitize(
        client_as("clerk.hoankiem"), dossier_of_a, missing_row, "scan.pdf", PDF + b"0" * 2000
    )
    assert "quá lớn" in response.content.decode()
    assert not VaultDocument.objects.filter(owner_id=CITIZEN_A).exists()


def test_only_a_counter_clerk_of_the_unit_digitizes(client_as, dossier_of_a, missing_row):
    assert (
        _digitize(client_as("clerk.bavi"), dossier_of_a, missing_row, "a.pdf", PDF).status_code
        == 404
    )
    assert (
        _digitize(
            client_as("specialist.hoankiem"), dossier_of_a, missing_row, "a.pdf", PDF
        ).status_code
        == 403
    )
    assert not VaultDocument.objects.filter(owner_id=CITIZEN_A).exists()


def test_dossier_page_offers_and_attaches_with_one_click(client_as, dossier_of_a, missing_row):
    status = stored(CITIZEN_A, "marriage_status", issued=days_ago(3))
    clerk = client_as("clerk.hoankiem")
    panel = clerk.get(f"/kho-du-lieu/ho-so/{dossier_of_a.code}/").content.decode()
    assert "Dùng giấy tờ đã số hóa" in panel
    specialist = client_as("specialist.hoankiem").get(f"/kho-du-lieu/ho-so/{dossier_of_a.code}/")
    assert (
        specialist.status_code == 200
        and "Dùng giấy tờ đã số hóa" not in specialist.content.decode()
    )
    assert (
        client_as("specialist.hoankiem")
        .post(
            f"/kho-du-lieu/ho-so/{dossier_of_a.code}/dung-lai/{missing_row.pk}/",
            {"document": status.pk},
        )
        .status_code
        == 403
    )
    assert (
        client_as("clerk.bavi").get(f"/kho-du-lieu/ho-so/{dossier_of_a.code}/").status_code == 404
    )
    clerk.post(
        f"/kho-du-lieu/ho-so/{dossier_of_a.code}/dung-lai/{missing_row.pk}/",
        {"document": status.pk},
    )
    assert Reuse.objects.get(component=missing_row).document == status


def test_counter_offers_then_receives_with_reuse_and_digitization(client_as, hoan_kiem, proc_y):
    card = stored(CITIZEN_A, "id_card")
    clerk = client_as("clerk.hoankiem")
    offers = clerk.get(
        "/kho-du-lieu/goi-y/", {"procedure": proc_y.code, "national_id": CITIZEN_A}
    ).content.decode()
    assert (
        "Dùng giấy tờ đã số hóa" in offers
        and f'name="reuse_{component(proc_y, "id_card").pk}"' in offers
    )
    assert "0012•••••001" in offers and CITIZEN_A not in offers
    form = next(c for c in proc_y.components.all() if not c.vault_types)
    status_comp = component(proc_y, "marriage_status")
    response = clerk.post(
        "/mot-cua/quay/",
        {
            "procedure": proc_y.code,
            "national_id": CITIZEN_A,
            "name": "Đinh Thị An",
            "phone": "0912000111",
            f"file_{form.pk}": _file("to-khai.pdf", PDF),
            f"reuse_{component(proc_y, 'id_card').pk}": str(card.pk),
            f"file_{status_comp.pk}": _file("xac-nhan.pdf", PDF),
            f"store_{status_comp.pk}": "1",
            f"store_doc_type_{status_comp.pk}": "marriage_status",
            f"store_number_{status_comp.pk}": "9/XN",
            f"store_issued_on_{status_comp.pk}": days_ago(2).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    dossier = Dossier.objects.get(national_id=CITIZEN_A)
    assert Reuse.objects.get(dossier=dossier).document == card
    digitized = VaultDocument.objects.get(owner_id=CITIZEN_A, doc_type__code="marriage_status")
    assert (
        digitized.number == "9/XN" and digitized.source_dossier == dossier and digitized.expires_on
    )
    assert AccessLog.objects.filter(owner_id=CITIZEN_A, purpose="offer").exists()


def test_citizen_page_lists_documents_log_and_exports(
    client_as, django_user_model, dossier_of_a, persona
):
    django_user_model.objects.create(username="an.citizen", national_id=CITIZEN_A)
    doc = stored(CITIZEN_A, "id_card")
    from danvan.vault import access

    access.open_store(persona("specialist.hoankiem"), CITIZEN_A)
    client = client_as("an.citizen")
    assert client.get("/").url == "/kho-cua-toi/"
    page = client.get("/kho-cua-toi/").content.decode()
    assert "Căn cước công dân" in page and "Trần Văn Minh" in page and dossier_of_a.code in page
    assert client.get(f"/kho-cua-toi/giay-to/{doc.pk}/").status_code == 200
    other = stored("001204500009", "id_card")
    assert client.get(f"/kho-cua-toi/giay-to/{other.pk}/").status_code == 404
    export = client.get("/kho-cua-toi/tai-ve/")
    assert f"giay-to/{doc.pk}-giay-to.pdf" in zipfile.ZipFile(io.BytesIO(export.content)).namelist()


def test_signed_in_citizen_sees_own_offers_online(client_as, django_user_model, proc_y):
    django_user_model.objects.create(username="an.citizen", national_id=CITIZEN_A)
    stored(CITIZEN_A, "id_card")
    page = (
        client_as("an.citizen")
        .get("/kho-cua-toi/goi-y/", {"procedure": proc_y.code})
        .content.decode()
    )
    assert "Dùng giấy tờ đã số hóa" in page
    assert Procedure.objects.filter(code=proc_y.code).exists()


def test_online_form_is_prefilled_for_a_signed_in_citizen(client_as, django_user_model):
    django_user_model.objects.create(
        username="an.citizen", national_id=CITIZEN_A, full_name="Đinh Thị An"
    )
    page = client_as("an.citizen").get("/nop-truc-tuyen/").content.decode()
    assert (
        f'value="{CITIZEN_A}"' in page
        and 'value="Đinh Thị An"' in page
        and 'id="vault-offers"' in page
    )


def test_picked_documents_stay_picked_after_a_failed_submit(client_as, hoan_kiem, proc_y):
    card = stored(CITIZEN_A, "id_card")
    clerk = client_as("clerk.hoankiem")
    id_comp = component(proc_y, "id_card")
    failed = clerk.post(
        "/mot-cua/quay/",
        {
            "procedure": proc_y.code,
            "national_id": CITIZEN_A,
            "name": "",
            f"reuse_{id_comp.pk}": str(card.pk),
        },
    )
    assert failed.status_code == 422
    assert f'class="vault-picked" name="picked" value="{card.pk}"' in failed.content.decode()
    offers = clerk.get(
        "/kho-du-lieu/goi-y/",
        {"procedure": proc_y.code, "national_id": CITIZEN_A, "picked": str(card.pk)},
    ).content.decode()
    assert f'value="{card.pk}" checked' in offers


def test_citizen_uploads_a_document_that_is_kept_but_never_offered(
    client_as, django_user_model, proc_y
):
    django_user_model.objects.create(username="an.citizen", national_id=CITIZEN_A)
    client = client_as("an.citizen")
    refused = client.post(
        "/kho-cua-toi/tai-len/",
        {"doc_type": "id_card", "file": _file("cccd.pdf", EXE)},
        follow=True,
    )
    assert "không phải PDF, JPEG hoặc PNG" in refused.content.decode()
    client.post(
        "/kho-cua-toi/tai-len/",
        {"doc_type": "id_card", "number": "0012", "file": _file("ảnh cccd.png", PNG)},
    )
    doc = VaultDocument.objects.get(owner_id=CITIZEN_A)
    assert doc.source == Source.UPLOADED and not doc.signed and doc.file_name == "anh_cccd.pdf"
    from danvan.vault import services

    assert services.find_reusable(proc_y, CITIZEN_A) == {}
    assert "tự tải lên" in services.document_error(doc, CITIZEN_A, component(proc_y, "id_card"))
    assert (
        client_as("clerk.hoankiem")
        .post("/kho-cua-toi/tai-len/", {"doc_type": "id_card"})
        .status_code
        == 403
    )


def test_offers_reload_keeps_what_was_ticked(client_as):
    from danvan.vault.models import VaultDocument

    doc = VaultDocument.objects.filter(owner_id="001190012345", doc_type__code="id_card").first()
    html = (
        client_as("clerk.hoankiem")
        .get(
            "/kho-du-lieu/goi-y/",
            {"procedure": "1.004873", "national_id": "001190012345", f"reuse_{1}": str(doc.pk)},
        )
        .content.decode()
    )
    assert f'value="{doc.pk}" checked' in html
