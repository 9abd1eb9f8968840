"""Issue 9 item 7: slips 01-07 from real dossier records, each on one A4 page with every line the
Circular 03/2025 form asks for. SLIPS_DUMP=/dir writes the PDFs (to look at them as PNG)."""

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from danvan.onestop import intake
from danvan.onestop.models import Dossier
from danvan.onestop.services import Command, transition
from danvan.onestop.slips import render_slip
from tests.helpers import save_result_draft
from tests.onestop.conftest import at, full_request

PIN = "123456"
MARITAL = "1.004873"


def _pages(pdf: bytes, name: str) -> tuple[int, str]:
    if dump := os.environ.get("SLIPS_DUMP"):
        Path(dump).mkdir(parents=True, exist_ok=True)
        Path(dump, f"{name}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    return len(reader.pages), text


def act(d, action, who, persona, now=None, **kw):
    d = Dossier.objects.get(pk=d.pk)
    if action == "propose":
        save_result_draft(d, persona(who))
    return transition(d.pk, Command(action, d.version, **kw), by=persona(who), now=now)


@pytest.mark.django_db
def test_every_slip_fits_one_page_with_its_required_lines(receive, persona, hoan_kiem):
    d = receive(MARITAL, now=at(2026, 11, 26, 9, 0))
    pages, text = _pages(render_slip(d, "01"), "01")
    assert pages == 1 and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text and "NGƯỜI NỘP HỒ SƠ" in text

    d = act(
        d,
        "request_supplement",
        "specialist.hoankiem",
        persona,
        now=at(2026, 11, 27, 10, 0),
        reason="Giấy tờ chưa đủ theo quy định",
        what_to_do="Nộp bổ sung tại Bộ phận Một cửa hoặc trực tuyến trong 30 ngày",
        items=["Bản sao giấy khai sinh", "Văn bản ủy quyền có chứng thực"],
    )
    pages, text = _pages(render_slip(d, "02"), "02")
    assert pages == 1 and text.count("Giấy tờ chưa đủ theo quy định") == 1
    assert "Bản sao giấy khai sinh" in text and "Văn bản ủy quyền có chứng thực" in text
    assert "trong 30 ngày" in text  # what the applicant must do
    d = act(d, "supplement", "clerk.hoankiem", persona, now=at(2026, 12, 2, 9, 0))
    d = act(
        d,
        "apologize",
        "specialist.hoankiem",
        persona,
        now=at(2026, 12, 3, 9, 0),
        reason="Cần xác minh thêm tại nơi cư trú trước đây",
        new_due_at=at(2026, 12, 10, 17, 0),
    )
    assert _pages(render_slip(d, "04"), "04")[0] == 1
    d = act(d, "assign", "clerk.hoankiem", persona, now=at(2026, 12, 3, 10, 0))
    d = act(d, "propose", "specialist.hoankiem", persona, now=at(2026, 12, 4, 15, 0))
    pages, text = _pages(render_slip(d, "06"), "06")
    assert pages == 1
    rows = text.split("GHI CHÚ", 1)[1]
    assert "Giao: Bộ phận tiếp nhận và trả kết quả" in rows and "Nhận: Chuyên viên" in rows
    pages, text = _pages(render_slip(d, "07"), "07")
    assert pages == 1 and "ngày ... tháng" not in text and "ngày … tháng" not in text

    online = intake.register(
        full_request(MARITAL), unit=hoan_kiem, by=None, received=False, now=at(2026, 12, 1, 8)
    )
    refused = act(
        online,
        "refuse_intake",
        "clerk.hoankiem",
        persona,
        reason="Hồ sơ không thuộc thẩm quyền giải quyết của phường",
        what_to_do="Nộp hồ sơ tại UBND nơi thường trú",
    )
    pages, text = _pages(render_slip(refused, "03"), "03")
    clerk = persona("clerk.hoankiem").display_name
    assert pages == 1 and "không thuộc thẩm quyền" in text and "nơi thường trú" in text
    assert clerk in text  # the signer's name

    stopped = act(
        receive(MARITAL), "stop", "specialist.hoankiem", persona, reason="Công dân đề nghị dừng"
    )
    assert _pages(render_slip(stopped, "05"), "05")[0] == 1
