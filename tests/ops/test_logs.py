"""A scenario through the app with the real logging config; the captured JSON lines must hold
the request context and never a national ID, phone number, address, token or session id."""

import io
import json
import logging

import pytest
from django.test import Client

from danvan.accounts.models import User
from danvan.accounts.services import create_token
from danvan.ops.logs import ClientErrorsWithoutTraceback, JsonFormatter, scrub
from danvan.procedures.models import Procedure
from tests.onestop_ui.helpers import COMMON, files_for, intake_post

NATIONAL_ID = "001190012345"
PHONE = "0912345678"
ADDRESS = "12 Hàng Bạc, Hoàn Kiếm"


@pytest.fixture
def captured(settings):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ClientErrorsWithoutTraceback())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def _lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.mark.django_db
def test_scenario_logs_context_but_no_personal_data(captured, settings):
    settings.ROOT_URLCONF = "tests.ops.urls_boom"
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    clerk = User.objects.get(username="clerk.hoankiem")
    clerk.set_password("demo12345")
    clerk.save()

    browser = Client(raise_request_exception=False)
    browser.post(
        "/tai-khoan/dang-nhap/", {"username": "clerk.hoankiem", "password": "sai-mat-khau"}
    )
    assert (
        browser.post(
            "/tai-khoan/dang-nhap/", {"username": "clerk.hoankiem", "password": "demo12345"}
        ).status_code
        == 302
    )
    session_id = browser.cookies["sessionid"].value
    procedure = Procedure.objects.get(code=COMMON)
    post = intake_post(COMMON, national_id=NATIONAL_ID, phone=PHONE, address=ADDRESS)
    made = browser.post("/mot-cua/quay/", {**post, **files_for(procedure)})
    assert made.status_code == 302
    browser.get(f"/mot-cua/quay/?q={PHONE}")
    browser.get(f"/tra-cuu/?cccd={NATIONAL_ID}&phone={PHONE}")
    assert browser.get("/__forbidden__/").status_code == 403
    assert browser.get("/khong-co-trang-nay/").status_code == 404
    assert browser.get("/__boom__/", HTTP_X_REQUEST_ID="trace-abc-12345").status_code == 500

    token = create_token(clerk)
    api = Client()
    api.get("/api/v1/dossiers", HTTP_AUTHORIZATION=f"Bearer {token}")
    api.get("/api/v1/dossiers", HTTP_AUTHORIZATION="Bearer dvs_forged_token_value_123456")

    raw = captured.getvalue()
    lines = _lines(captured)
    assert len(lines) >= 10
    for secret in (NATIONAL_ID, PHONE, "Hàng Bạc", token, session_id, "demo12345", "sai-mat-khau"):
        assert secret not in raw, f"{secret!r} leaked into the logs"

    requests = [line for line in lines if line["logger"] == "danvan.request"]
    assert all(r["request_id"] and "?" not in r["path"] for r in requests)
    intake = next(r for r in requests if r["method"] == "POST" and r["path"] == "/mot-cua/quay/")
    assert intake["user_id"] == clerk.pk and intake["unit"] == "00070"
    assert intake["outcome"] == "redirect" and intake["status"] == 302

    denied = [line for line in lines if line.get("status") == 403 or "Forbidden" in line["message"]]
    assert denied and all("traceback" not in line for line in denied)
    missing = [line for line in lines if line.get("status") == 404]
    assert missing and all("traceback" not in line for line in missing)
    assert not any("traceback" in line for line in lines if line["level"] in ("INFO", "WARNING"))

    errors = [line for line in lines if "traceback" in line]
    assert len(errors) == 1, errors
    assert errors[0]["exception"] == "RuntimeError" and "boom" in errors[0]["traceback"]
    assert errors[0]["request_id"] == "trace-abc-12345"
    boom = next(r for r in requests if r["path"] == "/__boom__/")
    assert boom["outcome"] == "server_error" and boom["request_id"] == "trace-abc-12345"


def test_scrub_patterns():
    text = (
        "cccd 001190012345 cmnd 123456789 phone 0912345678 or +84 912 345 678 "
        "mail nhung@example.vn Bearer abc.def-ghi token=dvs_AbCdEf123456 "
        "sessionid=k3j4h5g6 key " + "A" * 44
    )
    out = scrub(text)
    for secret in (
        "001190012345",
        "123456789",
        "0912345678",
        "912 345 678",
        "nhung@example.vn",
        "abc.def-ghi",
        "dvs_AbCdEf123456",
        "k3j4h5g6",
        "A" * 44,
    ):
        assert secret not in out, secret
    # ordinary numbers survive: dossier codes, dates, counts
    assert scrub("dossier 000.00.70.H01-261202-0001 on 2026-12-02, 42 rows") == (
        "dossier 000.00.70.H01-261202-0001 on 2026-12-02, 42 rows"
    )


@pytest.mark.django_db
def test_petition_flows_log_no_petitioner_data(captured):
    """The grassroots flows carry citizens' names, phones, e-mails, addresses and ID numbers:
    the citizen's form (valid and refused), the official intake, a search, an import file, the
    follow-up page and the public API."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.grassroots.models import Petition
    from danvan.units.services import current_unit
    from tests.grassroots.test_public import form as public_form

    name, phone, email = "Trần Thị Mai", "0987654321", "mai.tran@example.vn"
    home, nid, other_phone = "Số 3 ngõ 12 Hàng Bông", "001190098765", "0911222333"
    citizen = Client(raise_request_exception=False)
    filed = citizen.post(
        "/gui-kien-nghi/",
        public_form(name=name, phone=phone, email=email, address=f"{home}, Hoàn Kiếm"),
    )
    assert filed.status_code == 302
    refused = citizen.post(
        "/gui-kien-nghi/", public_form(phone=phone, email="mai.tran@", description="")
    )
    assert refused.status_code == 422
    code = Petition.objects.get(petitioner_email=email).tracking_code
    citizen.get(f"/gui-kien-nghi/theo-doi/?ma={code}")

    official = Client(raise_request_exception=False)
    official.force_login(User.objects.get(username="petitions.hoankiem"))
    unit = current_unit("00070")
    intake = {
        "unit": unit.pk, "channel": "counter", "kind": "complaint", "category": "land",
        "title": "Khiếu nại kiểm đếm", "description": "Kiểm đếm sai diện tích đất của gia đình.",
        "petitioner_name": name, "petitioner_phone": other_phone,
        "petitioner_address": home, "petitioner_national_id": nid, "people_count": 1,
        "representatives": 0,
    }  # fmt: skip
    assert official.post("/don-thu/tiep-nhan/", intake).status_code == 302
    assert official.post("/don-thu/tiep-nhan/", {**intake, "kind": "?"}).status_code == 422
    official.get(f"/don-thu/?q={other_phone}")
    rows = (
        "Phường/xã tiếp nhận,Loại đơn,Lĩnh vực,Ngày tiếp nhận,Nội dung,Người gửi,Điện thoại\n"
        f"00070,Phản ánh,Khác,01/12/2026,Đèn đường hỏng,{name},{other_phone}\n"
        f"00070,Phản ánh,Khác,01/12/2026,Đèn đường hỏng,{name},{other_phone}\n"  # a duplicate
    ).encode()
    imported = official.post("/don-thu/nhap/", {"file": SimpleUploadedFile("so.csv", rows)})
    assert imported.status_code == 200 and "trùng với dòng 2" in imported.content.decode()

    token = create_token(User.objects.get(username="petitions.hoankiem"))
    listed = Client().get("/api/v1/petitions", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert listed.status_code == 200 and other_phone not in listed.content.decode()

    raw = captured.getvalue()
    assert len(_lines(captured)) >= 8
    for secret in (name, phone, email, "Hàng Bông", nid, other_phone, token, "987654321"):
        assert secret not in raw, f"{secret!r} leaked into the logs"
