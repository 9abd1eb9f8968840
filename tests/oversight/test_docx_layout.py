"""The supervision report and the recommendation letter as .docx, as LibreOffice and Word lay
them out (Decree 30/2020): Times New Roman for every script slot (else the Vietnamese letters of
Latin Extended Additional come from another font), the header columns at their widths (else
the national motto wraps), the number line, the công văn's summary, the closing marks."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from danvan.documents.docx import render_docx
from danvan.oversight import documents
from danvan.oversight.models import Supervision

pytestmark = pytest.mark.django_db


def _docs():
    sup = Supervision.objects.filter(
        organizer__kind="fatherland_front", unit__code="00070", recommendations__isnull=False
    ).first()
    report = Document(io.BytesIO(render_docx(documents.supervision_report(sup))))
    letter = Document(
        io.BytesIO(render_docx(documents.recommendation_letter(sup.recommendations.first())))
    )
    return report, letter


def _texts(doc) -> list[str]:
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for cell in table._cells:
            out += [p.text for p in cell.paragraphs]
    return out


def test_fonts_grid_number_and_closing():
    report, letter = _docs()
    for doc in (report, letter):
        runs = [
            r for r in doc.element.body.iter(qn("w:r")) if (r.findtext(qn("w:t")) or "").strip()
        ]
        assert runs
        for run in runs:
            fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
            assert {fonts.get(qn(s)) for s in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {
                "Times New Roman"
            }
        header = doc.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))
        left, right = (int(c.get(qn("w:w"))) for c in header)
        assert right > left * 1.4  # 40 % / 60 %: the motto has room for one line
    report_text, letter_text = _texts(report), _texts(letter)
    assert "Số: …/BC-MTTQ-BTT" in report_text and "Số: …/MTTQ-BTT" in letter_text
    assert any(t.startswith("V/v kiến nghị sau giám sát") for t in letter_text)
    assert not any(t.startswith("KIẾN NGHỊ") for t in letter_text)
    for text in (report_text, letter_text):
        assert "- Lưu: VT." in text and "- Lưu: VT./." not in text
        assert any(t.endswith("./.") for t in text)
    assert "- Như trên;" in letter_text
