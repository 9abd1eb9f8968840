import datetime as dt
import io

from docx import Document
from pypdf import PdfReader

from danvan.documents import (
    DocumentSpec,
    Para,
    SignatureBlock,
    TableBlock,
    render_document,
)
from danvan.documents.docx import render_docx

from .conftest import needs_poppler, pdftotext


def _spec(rows: int = 3) -> DocumentSpec:
    return DocumentSpec(
        title="BÁO CÁO\nKết quả giải quyết thủ tục hành chính",
        governing_body="Ủy ban nhân dân thành phố Hà Nội",
        issuing_body="Ủy ban nhân dân phường Ba Đình",
        number="15/BC-UBND",
        place="Hà Nội",
        date=dt.date(2026, 11, 26),
        body=[
            Para(
                "Thực hiện chỉ đạo của Ủy ban nhân dân thành phố, <b>Ủy ban nhân dân "
                "phường</b> báo cáo như sau:",
                markup=True,
            ),
            TableBlock(
                [["STT", "Chỉ tiêu", "Số lượng"]],
                [[str(i), f"Chỉ tiêu số {i}", str(i * 3)] for i in range(rows)],
                [12, 120, 30],
                center_cols=(0, 2),
            ),
        ],
        signatures=[SignatureBlock(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Trần Thị Lan")],
        recipients=["UBND thành phố (để b/c)", "Lưu: VT, VP"],
    )


@needs_poppler
def test_document_has_header_number_date_signature_and_recipients(tmp_path):
    text = " ".join(pdftotext(render_document(_spec()).data, tmp_path).split())
    for expected in (
        "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH",
        "Số: 15/BC-UBND",
        "Hà Nội, ngày 26 tháng 11 năm 2026",
        "TM. ỦY BAN NHÂN DÂN",
        "Trần Thị Lan",
        "Nơi nhận:",
        "- Lưu: VT, VP./.",
    ):
        assert expected in text


@needs_poppler
def test_page_numbers_start_on_page_two(tmp_path):
    pdf = render_document(_spec(rows=80))
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) >= 2
    second = reader.pages[1].extract_text().split()
    assert second[0] == "2"
    assert pdf.signature_box.page == len(reader.pages) - 1


def test_fonts_are_embedded_and_bold_differs_from_regular():
    pdf = render_document(_spec())
    reader = PdfReader(io.BytesIO(pdf.data))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/BaseFont"] == "/Helvetica":
                continue  # reportlab's initial page font, never used for our text
            assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded TrueType
            fonts.add(font["/BaseFont"])
    assert any("Bold" in name for name in fonts)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert stringWidth("Hạnh phúc", "NotoSerif-Bold", 13) > stringWidth(
        "Hạnh phúc", "NotoSerif", 13
    )  # a real bold instance, not the variable default


def test_docx_has_the_same_structure():
    doc = Document(io.BytesIO(render_docx(_spec())))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Kết quả giải quyết thủ tục hành chính" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Trần Thị Lan" in cells
    assert "Chỉ tiêu số 2" in cells
    assert doc.styles["Normal"].font.name == "Times New Roman"
