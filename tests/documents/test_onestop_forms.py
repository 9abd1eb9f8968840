import datetime as dt
import io
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan.documents import forms_onestop as f
from danvan.documents.admin_doc import MOTTO, MOTTO_UPPER
from danvan.documents.qr import qr_matrix

from .conftest import CODE, TZ, URL, needs_poppler, pdftotext


def _entries(n: int) -> list[f.RegisterEntry]:
    return [
        f.RegisterEntry(
            f"000.00.15.H29-261126-{i:04d}",
            "Đăng ký khai sinh",
            "Nguyễn Thị Hằng" if i == 1 else f"Trần Văn Nam {i}",
            "Số 12 phố Đội Cấn; 0912345678",
            "UBND phường Ba Đình",
            dt.date(2026, 11, 26),
            dt.date(2026, 11, 27),
            returned_on=dt.date(2026, 11, 27) if i % 2 else None,
        )
        for i in range(1, n + 1)
    ]


def _forms(d, chairman) -> dict[str, tuple[f.RenderedPdf, str]]:
    day = dt.date(2026, 11, 27)
    return {
        "01": (f.receipt_slip(d), "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        "02": (
            f.supplement_request(
                d,
                [f.SupplementItem("Bản sao Giấy chứng nhận kết hôn", "Bản đã nộp chưa chứng thực")],
                issued_on=day,
            ),
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        ),
        "03": (
            f.refusal_notice(d, ["Không thuộc thẩm quyền"], issued_on=day),
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        ),
        "04": (
            f.apology_letter(
                d,
                "Cần xác minh",
                dt.datetime(2026, 12, 2, 10, tzinfo=TZ),
                signer=chairman,
                issued_on=day,
            ),
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        ),
        "05": (
            f.stop_notice(d, "Người nộp rút hồ sơ", day, signer=chairman, issued_on=day),
            "Dừng giải quyết hồ sơ",
        ),
        "06": (
            f.process_control_slip(
                d,
                [
                    f.Handoff(
                        "Bộ phận Một cửa",
                        "Công chức Tư pháp",
                        d.received_at,
                        "Lê Văn Minh",
                        "Đỗ Thu Trang",
                        "Đúng hạn",
                    )
                ],
                processing_body="Công chức Tư pháp - Hộ tịch",
            ),
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        ),
        "07": (
            f.dossier_register(
                _entries(5),
                governing_body=d.governing_body,
                receiving_unit=d.receiving_unit,
                place="Hà Nội",
            ),
            "SỔ THEO DÕI HỒ SƠ",
        ),
    }


@needs_poppler
def test_every_form_renders_vietnamese_text_exactly(dossier, chairman, tmp_path):
    for number, (pdf, title) in _forms(dossier, chairman).items():
        text = pdftotext(pdf.data, tmp_path)
        flat = " ".join(text.split())
        for expected in (MOTTO_UPPER, MOTTO, title, "Nguyễn Thị Hằng"):
            assert expected in flat, (number, expected)
        assert CODE in "".join(text.split()), number  # the register wraps codes in its cell


def test_slips_fit_on_one_page_with_signature_inside_it(dossier, chairman):
    for number, (pdf, _) in _forms(dossier, chairman).items():
        reader = PdfReader(io.BytesIO(pdf.data))
        assert pdf.page_count == len(reader.pages)
        if number in ("06", "07"):
            continue
        assert pdf.page_count == 1, number
        box = pdf.signature_box
        assert box is not None
        w, h = (
            float(reader.pages[box.page].mediabox.width),
            float(reader.pages[box.page].mediabox.height),
        )
        assert 0 <= box.x1 < box.x2 <= w and 0 <= box.y1 < box.y2 <= h, number
        assert box.x2 - box.x1 > 100 and box.y2 - box.y1 > 35


@needs_poppler
def test_receipt_slip_shows_appointment_or_immediate_return(dossier, tmp_path):
    text = " ".join(pdftotext(f.receipt_slip(dossier).data, tmp_path).split())
    assert "16 giờ 00 phút, ngày 27 tháng 11 năm 2026" in text
    assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    dossier.appointment = None
    text = " ".join(pdftotext(f.receipt_slip(dossier).data, tmp_path).split())
    assert "Trả kết quả ngay" in text
    assert "16 giờ 00 phút" not in text


@needs_poppler
def test_receipt_slip_qr_encodes_the_lookup_url(dossier, tmp_path):
    """Rasterise the page and read every module of the QR back at its recorded position."""
    pdf = f.receipt_slip(dossier)
    box = pdf.qr_boxes["qr"]
    (tmp_path / "slip.pdf").write_bytes(pdf.data)
    dpi = 300
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "slip.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    from PIL import Image

    image = Image.open(next(tmp_path.glob("page*.pgm")))
    matrix = qr_matrix(URL)
    n, scale = len(matrix), dpi / 72
    cell = (box.x2 - box.x1) / n
    height = image.height
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            x = (box.x1 + (c + 0.5) * cell) * scale
            y = height - (box.y2 - (r + 0.5) * cell) * scale
            assert (image.getpixel((int(x), int(y))) < 128) == dark, (r, c)


@needs_poppler
def test_draft_marker_only_when_asked(dossier, tmp_path):
    assert "MẪU THỬ / CHƯA KÝ SỐ" in pdftotext(f.receipt_slip(dossier, draft=True).data, tmp_path)
    assert "MẪU THỬ" not in pdftotext(f.receipt_slip(dossier).data, tmp_path)


def test_register_xlsx_has_rows_and_real_dates():
    data = f.dossier_register_xlsx(
        _entries(12), receiving_unit="Bộ phận Một cửa phường Ba Đình", book="01/2026"
    )
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "TT")
    body = rows[header_at + 1 :]
    assert len(body) == 12
    assert body[0][1] == "000.00.15.H29-261126-0001" and body[0][4] == "Nguyễn Thị Hằng"
    assert body[0][7] == dt.datetime(2026, 11, 26)  # a real date cell, not text
    assert ws.freeze_panes == f"A{header_at + 2}"


@needs_poppler
def test_300_row_register_repeats_header_on_every_page(tmp_path):
    pdf = f.dossier_register(
        _entries(300),
        governing_body="Ủy ban nhân dân phường Ba Đình",
        receiving_unit="Bộ phận Một cửa phường Ba Đình",
        place="Hà Nội",
    )
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) > 10
    for page in reader.pages:
        text = " ".join(page.extract_text().split())
        assert "Cơ quan chủ trì giải quyết" in text and "Hẹn trả kết quả" in text
    assert "000.00.15.H29-261126-0300" in "".join(pdftotext(pdf.data, tmp_path).split())


@pytest.mark.parametrize(
    "on, expected",
    [
        (dt.date(2026, 11, 26), "ngày 26 tháng 11 năm 2026"),
        (dt.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
    ],
)
def test_date_line_pads_days_below_ten_and_january_february(on, expected):
    from danvan.documents.admin_doc import date_line

    assert date_line("Hà Nội", on) == f"Hà Nội, {expected}"
