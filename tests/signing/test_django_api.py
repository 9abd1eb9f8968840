"""Public verification API and pages: sign + seal is valid, tampering never is, never a 500."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.signing import services
from danvan.signing.demo import DEMO_PIN

pytestmark = pytest.mark.django_db
VERIFY = "/api/v1/public/verify"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def sealed(input_pdf, persona):
    doc = services.sign_document(
        input_pdf,
        signer=persona("leader.hoankiem"),
        pin=DEMO_PIN,
        object_type="test",
        object_id="1",
    )
    return services.seal_document(doc, by=persona("seal.hoankiem"), pin=DEMO_PIN)


def _bytes(doc) -> bytes:
    with doc.file.open("rb") as fh:
        return fh.read()


def _post(data: bytes, name="x.pdf"):
    return Client().post(VERIFY, {"file": SimpleUploadedFile(name, data, "application/pdf")})


def test_sign_and_seal_verify_valid_with_two_signatures(sealed):
    response = _post(_bytes(sealed))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid" and len(body["signatures"]) == 2
    assert body["public_id"] == str(sealed.public_id)
    assert all(s["trusted"] and s["intact"] for s in body["signatures"])
    assert body["signatures"][0]["signing_time"].endswith("+07:00")


def _flip(data: bytes) -> bytes:
    index = data.index(b"Hello") if b"Hello" in data else len(data) // 3
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def _incremental(data: bytes) -> bytes:
    return data + b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


@pytest.mark.parametrize("tamper", ["flip", "incremental", "not_pdf", "truncated", "empty"])
def test_tamper_corpus_is_never_valid_never_500(sealed, tamper):
    data = _bytes(sealed)
    corpus = {
        "flip": _flip(data),
        "incremental": _incremental(data),
        "not_pdf": b"MZ\x90\x00 executable",
        "truncated": data[: len(data) // 2],
        "empty": b"",
    }
    response = _post(corpus[tamper])
    assert response.status_code in (200, 422), response.content[:200]
    if response.status_code == 200:
        assert response.json()["status"] != "valid"


def test_non_pdf_is_reported_as_not_pdf():
    response = _post(b"just text", name="a.txt")
    assert response.status_code == 200 and response.json()["status"] == "not_pdf"


def test_21_mb_is_413():
    response = _post(b"%PDF-1.7\n" + b"0" * (21 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["error"]["code"] in ("verify.too_large", "request.too_large")


def test_missing_file_is_422():
    assert Client().post(VERIFY, {}).status_code == 422


def test_trust_roots_lists_the_test_root():
    roots = Client().get("/api/v1/public/trust-roots").json()
    assert any(
        "TEST" in r["subject"] and r["pem"].startswith("-----BEGIN CERTIFICATE") for r in roots
    )


def test_result_by_public_id(sealed):
    body = Client().get(f"/api/v1/public/results/{sealed.public_id}").json()
    assert body["status"] == "valid" and body["title_lines"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    for bad in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        response = Client().get(f"/api/v1/public/results/{bad}")
        assert (
            response.status_code == 404
            and response.json()["error"]["code"] == "signing.result_not_found"
        )


def test_public_pages(sealed):
    client = Client()
    assert "Kiểm tra chữ ký số" in client.get("/kiem-tra-chu-ky/").content.decode()
    page = client.post("/kiem-tra-chu-ky/", {"file": SimpleUploadedFile("kq.pdf", _bytes(sealed))})
    assert page.status_code == 200 and "Hợp lệ" in page.content.decode()
    page = client.get(f"/kiem-tra-chu-ky/{sealed.public_id}/").content.decode()
    assert "Hợp lệ" in page and "KT. CHỦ TỊCH" in page and "Chữ ký 2" in page
    tampered = client.post(
        "/kiem-tra-chu-ky/", {"file": SimpleUploadedFile("kq.pdf", _flip(_bytes(sealed)))}
    )
    assert tampered.status_code == 200 and "Hợp lệ</h2>" not in tampered.content.decode()
    assert client.post("/kiem-tra-chu-ky/", {}).status_code == 400


def _overlay(data: bytes) -> bytes:
    """An incremental update after the signatures that changes the document (a new page label)."""
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(data))
    page = writer.find_page_for_modification(0)[0].get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT ET"))
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_test_ca_signatures_carry_a_warning_and_the_verdict_follows_the_language(sealed):
    client = Client()
    page = client.post(
        "/kiem-tra-chu-ky/", {"file": SimpleUploadedFile("kq.pdf", _bytes(sealed))}
    ).content.decode()
    assert "Hợp lệ" in page and 'id="test-ca-warning"' in page
    assert "không có giá trị pháp lý" in page and "chỉ trong bản cài đặt thử nghiệm" in page
    client.post("/ngon-ngu/setlang/", {"language": "en", "next": "/"})
    english = client.get(f"/kiem-tra-chu-ky/{sealed.public_id}/").content.decode()
    assert "Valid" in english and "no legal value" in english
    assert "not modified after signing" in english and "hợp lệ và không bị sửa" not in english


def test_a_document_modified_after_signing_is_not_called_intact(sealed):
    page = (
        Client()
        .post("/kiem-tra-chu-ky/", {"file": SimpleUploadedFile("kq.pdf", _overlay(_bytes(sealed)))})
        .content.decode()
    )
    assert "Hợp lệ</h2>" not in page
    intact = page.split("Nội dung nguyên vẹn")[1:]
    assert intact and all('<span class="yes">' not in row.split("</dd>")[0] for row in intact)


def test_danvan_verify_is_quiet_on_a_tampered_file(sealed, tmp_path, capfd):
    from django.core.management import call_command

    path = tmp_path / "overlay.pdf"
    path.write_bytes(_overlay(_bytes(sealed)))
    with pytest.raises(SystemExit) as exc:
        call_command("verify", str(path))
    out, err = capfd.readouterr()
    assert exc.value.code == 1
    assert "modified" in out and "nguyên vẹn: không (tài liệu bị sửa đổi sau khi ký)" in out
    assert "TEST CA" in out
    assert "Traceback" not in err and "Error in diff operation" not in err
