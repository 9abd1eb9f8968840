"""The citizen's form (/gui-kien-nghi/): escaping, rate limit, anti-spam, no personal data."""

import re
import secrets
import time

import pytest
from django.core import signing
from django.test import Client

from danvan.grassroots import public
from danvan.grassroots.models import Petition

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def old_token(seconds=10):
    # a form shown `seconds` ago (the anti-spam check wants a few seconds)
    return signing.dumps([int(time.time()) - seconds, secrets.token_hex(8)], salt=public.FORM_SALT)


def form(**kw):
    return {
        "unit": "00070",
        "kind": "feedback",
        "category": "environment",
        "title": "Rác tồn đọng",
        "description": "Rác thải tồn đọng đầu ngõ 12 Hàng Bông nhiều ngày, bốc mùi.",
        "name": "Trần Thị Mai",
        "phone": "0987654321",
        "email": "mai.tran@example.vn",
        "address": "Số 3 ngõ 12 Hàng Bông, Phường Hoàn Kiếm, Hà Nội",
        "website": "",
        "token": old_token(),
        **kw,
    }


def test_file_and_follow_without_personal_data(db):
    c = Client()
    page = c.get("/gui-kien-nghi/?don-vi=00070")
    assert page.status_code == 200 and 'value="00070" selected' in page.content.decode()
    r = c.post("/gui-kien-nghi/", form())
    assert r.status_code == 302
    p = Petition.objects.get(petitioner_email="mai.tran@example.vn")
    assert p.channel == "portal" and p.state == "received"
    filed = c.get(r["Location"]).content.decode()
    assert p.tracking_code in filed
    track = c.get(f"/gui-kien-nghi/theo-doi/?ma={p.tracking_code}").content.decode()
    assert "Đã tiếp nhận" in track
    for secret in (
        "Trần Thị Mai",
        "Mai",
        "0987654321",
        "321",
        "mai.tran",
        "Số 3 ngõ 12",
        "bốc mùi",
    ):
        assert secret not in track, secret
    api = c.get(f"/api/v1/public/petitions/{p.tracking_code}").json()
    assert not {"petitioner_name", "description", "title", "address"} & set(api)
    assert "0987654321" not in str(api) and "Trần" not in str(api)


def test_xss_is_stored_as_typed_and_shown_escaped(db, client_as):
    r = Client().post("/gui-kien-nghi/", form(title=XSS, description="Nội dung " + XSS))
    assert r.status_code == 302
    p = Petition.objects.latest("pk")
    assert p.title == XSS and XSS in p.description
    for url in (f"/don-thu/don/{p.tracking_code}/", "/don-thu/"):
        html = client_as("petitions.hoankiem").get(url).content.decode()
        assert "<script>alert" not in html and "onerror=alert(1)>" not in html
        assert "&lt;script&gt;alert" in html
    # and in the form's own error page
    again = Client().post("/gui-kien-nghi/", form(description=XSS, unit=""))
    assert again.status_code == 422 and "<script>alert" not in again.content.decode()


def test_fifty_submissions_a_minute_from_one_address_are_throttled(db, settings):
    c = Client()
    statuses = [
        c.post(
            "/gui-kien-nghi/", form(description=f"Phản ánh số {i} về rác thải đầu ngõ")
        ).status_code
        for i in range(50)
    ]
    assert statuses[: public.per_minute()] == [302] * public.per_minute()
    assert set(statuses[public.per_minute() :]) == {429}
    assert (
        Petition.objects.filter(description__startswith="Phản ánh số").count()
        == public.per_minute()
    )
    other = Client(REMOTE_ADDR="10.0.0.9")  # another address is not affected
    assert other.post("/gui-kien-nghi/", form()).status_code == 302


def test_public_api_is_throttled_too(db):
    c = Client()
    body = {"unit": "00070", "category": "order", "description": "Xe máy đỗ tràn lan trên vỉa hè."}
    codes = [
        c.post("/api/v1/public/petitions", body, content_type="application/json").status_code
        for _ in range(8)
    ]
    assert codes.count(201) == public.per_minute() and codes[-1] == 429
    assert (
        c.post("/api/v1/public/petitions", body, content_type="application/json").json()["error"][
            "code"
        ]
        == "rate_limited"
    )


@pytest.mark.parametrize(
    ("change", "code"),
    [({"website": "http://spam.example"}, "spam"), ({"token": "forged"}, "expired")],
)
def test_the_anti_spam_check(db, change, code):
    r = Client().post("/gui-kien-nghi/", form(**change))
    assert (
        r.status_code == 422
        and not Petition.objects.filter(petitioner_email="mai.tran@example.vn").exists()
    )
    assert "Vui lòng tải lại trang" in r.content.decode()


def test_too_fast_is_refused(db):
    r = Client().post("/gui-kien-nghi/", form(token=old_token(0)))
    assert r.status_code == 422 and "quá nhanh" in r.content.decode()


def test_bad_input_gives_vietnamese_messages(db):
    r = Client().post("/gui-kien-nghi/", form(description="", category="?", unit=""))
    html = r.content.decode()
    assert r.status_code == 422 and "form-errors" in html
    bad = Client().post(
        "/api/v1/public/petitions",
        {"unit": "00070", "category": "x", "description": "ngắn"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "petition.invalid"
    assert re.search(
        "[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", bad.json()["error"]["message"]
    )


def test_a_photo_is_checked_by_content(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    r = Client().post("/gui-kien-nghi/", {**form(), "photo": fake})
    assert r.status_code == 422
    assert not Petition.objects.filter(petitioner_email="mai.tran@example.vn").exists()


def test_the_citizen_rates_the_answer(db, persona):
    from danvan.grassroots import services

    c = Client()
    c.post("/gui-kien-nghi/", form())
    p = Petition.objects.get(petitioner_email="mai.tran@example.vn")
    officer = persona("petitions.hoankiem")
    p = services.apply(p, "route", by=officer, expected_version=p.version)
    p = services.apply(
        p, "answer", by=officer, expected_version=p.version, answer="Đã thu gom rác."
    )
    page = c.get(f"/gui-kien-nghi/theo-doi/?ma={p.tracking_code}").content.decode()
    assert "Đã thu gom rác." in page and "rate-form" in page
    r = c.post(f"/gui-kien-nghi/theo-doi/{p.tracking_code}/danh-gia/", {"satisfaction": "4"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.state == "closed" and p.satisfaction == 4
    # a second rating (double submit) has no effect and no 500
    again = c.post(f"/gui-kien-nghi/theo-doi/{p.tracking_code}/danh-gia/", {"satisfaction": "1"})
    assert again.status_code == 409
    p.refresh_from_db()
    assert p.satisfaction == 4 and p.state == "closed"


def test_a_double_submit_is_one_petition(db):
    c = Client()
    data = form()
    first = c.post("/gui-kien-nghi/", data)
    second = c.post("/gui-kien-nghi/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Petition.objects.filter(petitioner_email="mai.tran@example.vn").count() == 1


def test_the_public_api_accepts_an_idempotency_key(db):
    c = Client()
    body = {"unit": "00070", "category": "order", "description": "Xe máy đỗ tràn lan trên vỉa hè."}
    one = c.post(
        "/api/v1/public/petitions",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc",
    )
    two = c.post(
        "/api/v1/public/petitions",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc",
    )
    assert one.status_code == two.status_code == 201
    assert one.json()["tracking_code"] == two.json()["tracking_code"]
    assert Petition.objects.filter(description="Xe máy đỗ tràn lan trên vỉa hè.").count() == 1
