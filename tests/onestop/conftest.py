import base64
import datetime as dt
import zoneinfo

import pytest

from danvan.core.uploads import check_upload
from danvan.onestop import intake
from danvan.procedures.models import Procedure
from danvan.units.services import current_unit

HN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NORMAL = "1.001612"  # Đăng ký thành lập hộ kinh doanh: 3 working days
NO_WAIT = "2.000815"  # Chứng thực bản sao từ bản chính: same day, no-wait


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HN)


def applicant(**kw) -> intake.Applicant:
    base = {
        "name": "Nguyễn Thị Hằng",
        "national_id": "001190012345",
        "phone": "0912345678",
        "email": "hang@example.vn",
        "address": "12 Hàng Trống, Phường Hoàn Kiếm, Hà Nội",
    }
    return intake.Applicant(**{**base, **kw})


def full_request(code: str, **kw) -> intake.IntakeRequest:
    proc = Procedure.objects.get(code=code)
    comps = [
        intake.ComponentInput(c.pk, check_upload(f"giay-to-{c.pk}.pdf", PDF))
        for c in proc.components.all()
        if not c.shown_only
    ]
    return intake.IntakeRequest(
        procedure=proc, applicant=kw.pop("applicant", applicant()), components=comps, **kw
    )


def api_payload(code: str, unit: str = "00070", **kw) -> dict:
    proc = Procedure.objects.get(code=code)
    comps = [
        {
            "component_id": c.pk,
            "file_name": "scan.pdf",
            "file_base64": base64.b64encode(PDF).decode(),
        }
        for c in proc.components.all()
        if not c.shown_only
    ]
    body = {
        "unit": unit,
        "procedure": code,
        "channel": "in_person",
        "applicant": {
            "name": "Trần Văn Bình",
            "national_id": "001085067890",
            "phone": "0987654321",
        },
        "components": comps,
    }
    body.update(kw)
    return body


@pytest.fixture
def hoan_kiem(db):
    return current_unit("00070")


@pytest.fixture
def receive(hoan_kiem, persona):
    def make(code=NORMAL, now=None, **kw):
        return intake.register(
            full_request(code, **kw),
            unit=hoan_kiem,
            by=persona("clerk.hoankiem"),
            received=True,
            now=now,
        )

    return make
