"""Render a DocumentSpec to .docx (python-docx) with the same Decree 30/2020 structure.

Offices open these in Word with "Times New Roman", so that is the font name used.
"""

from __future__ import annotations

import html
import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from danvan.core.formatting import date_line
from danvan.documents.admin_doc import (
    MOTTO,
    MOTTO_UPPER,
    DocumentSpec,
    Para,
    QrBlock,
    SignatureBlock,
    Space,
    TableBlock,
)
from danvan.documents.qr import qr_png

FONT = "Times New Roman"
_TAG = re.compile(r"(<b>|</b>|<i>|</i>|<u>|</u>|<br/>)")
_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _add_runs(
    p: Paragraph, text: str, markup: bool, size: float, bold: bool = False, italic: bool = False
) -> None:
    """Add ``text`` to ``p``; with ``markup`` understand <b>, <i>, <u>, <br/>."""
    state = {"b": bold, "i": italic, "u": False}
    for part in _TAG.split(text) if markup else [text]:
        if markup and _TAG.fullmatch(part):
            if part == "<br/>":
                p.add_run().add_break()
            else:
                state[part.strip("</>")] = not part.startswith("</")
            continue
        value = html.unescape(part) if markup else part
        if not value:
            continue
        run = p.add_run(value.replace("\xa0", " "))
        run.bold, run.italic, run.underline = state["b"], state["i"], state["u"]
        run.font.size = Pt(size)
        _font(run._element.get_or_add_rPr())


def _font(rpr) -> None:
    """Times New Roman for every script slot and the Vietnamese language: with the ASCII and
    high-ANSI slots only, Word and LibreOffice take the Vietnamese letters of Latin Extended
    Additional (ế, ủ, ờ …) from another font (the theme's East Asian or complex-script one) and
    the diacritics come out mismatched and misplaced."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")


def _para(
    container: object,
    text: str,
    *,
    size: float = 13,
    align: str = "left",
    bold: bool = False,
    italic: bool = False,
    markup: bool = False,
    indent_mm: float = 0,
) -> Paragraph:
    p = container.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = _ALIGN[align]
    p.paragraph_format.space_after = Pt(2)
    if indent_mm:
        p.paragraph_format.first_line_indent = Mm(indent_mm)
    _add_runs(p, text, markup, size, bold, italic)
    return p


def _borderless(doc: object, cols: int, widths_mm: list[float]) -> Table:
    table = doc.add_table(rows=1, cols=cols)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0].text = ""
    # LibreOffice lays a table out by its grid, not the cells' widths: without this the two
    # header columns come out equal and the national motto wraps onto two lines.
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    return table


def _header(doc: object, spec: DocumentSpec, width: float) -> None:
    left_w = width * spec.header_split
    table = _borderless(doc, 2, [left_w, width - left_w])
    left, right = table.rows[0].cells
    if spec.governing_body:
        _para(left, spec.governing_body.upper(), size=12.5, align="center")
    _para(left, spec.issuing_body.upper(), size=12.5, align="center", bold=True)
    _para(left, "───────", size=8, align="center")
    if spec.number is not None:
        _para(left, f"Số: {spec.number or '.../...'}", align="center")
    if spec.summary:
        _para(left, spec.summary, size=12, align="center")
    # 12 pt (Decree 30/2020 allows 12-13): at 12.5 the motto wraps in Word's Times New Roman
    _para(right, MOTTO_UPPER, size=12, align="center", bold=True)
    _para(right, MOTTO, size=13.5, align="center", bold=True)
    _para(right, "──────────────", size=8, align="center")
    if spec.place:
        _para(right, date_line(spec.place, spec.date), align="center", italic=True)
    for cell in (left, right):  # drop the empty first paragraph python-docx creates
        first = cell.paragraphs[0]
        if not first.text:
            first._element.getparent().remove(first._element)


def _repeat_header(row: object) -> None:
    props = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _grid(doc: object, block: TableBlock) -> None:
    rows = block.header + block.rows
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        head = r < len(block.header)
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.paragraphs[0].alignment = _ALIGN[
                "center" if head or c in block.center_cols else "left"
            ]
            _add_runs(cell.paragraphs[0], str(value), False, block.font_size + 0.5, bold=head)
        if head:
            _repeat_header(table.rows[r])
    for (c1, r1), (c2, r2) in block.span:
        table.cell(r1, c1).merge(table.cell(r2, c2))


def _signatures(doc: object, spec: DocumentSpec, width: float) -> None:
    sigs: list[SignatureBlock] = spec.signatures
    cols = max(len(sigs), 1) + (1 if spec.recipients and len(sigs) <= 1 else 0)
    table = _borderless(doc, cols, [width / cols] * cols)
    cells = list(table.rows[0].cells)
    if spec.recipients and len(sigs) <= 1:
        box = cells.pop(0)
        _para(box, "Nơi nhận:", size=12, bold=True, italic=True)
        for i, line in enumerate(spec.recipients):
            end = spec.recipients_end if i == len(spec.recipients) - 1 else ";"
            _para(box, f"- {line.rstrip(';.')}{end}", size=11)
    for cell, sig in zip(cells, sigs, strict=False):
        for line in sig.authority:
            _para(cell, line.upper(), align="center", bold=True)
        if sig.note:
            _para(cell, sig.note, size=12, align="center", italic=True)
        for _ in range(max(int(sig.height_mm / 7), 2)):
            _para(cell, "", align="center")
        _para(cell, sig.signer_name, align="center", bold=True)


def _block(doc: object, block: object, size: float) -> None:
    if isinstance(block, Para):
        centered = block.style in ("center", "subtitle")
        _para(
            doc,
            block.text,
            size=size,
            markup=block.markup,
            align="center" if centered else "justify",
            indent_mm=10 if block.style in ("body", "indent") else 0,
        )
    elif isinstance(block, TableBlock):
        _grid(doc, block)
    elif isinstance(block, QrBlock):
        doc.add_picture(io.BytesIO(qr_png(block.data)), width=Mm(block.size_mm))  # type: ignore[attr-defined]
        if block.caption or block.side_text:
            _para(
                doc, " ".join(filter(None, [block.caption, block.side_text])), size=10, italic=True
            )
    elif isinstance(block, Space):
        _para(doc, "")


def render_docx(spec: DocumentSpec) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (
        (Mm(297), Mm(210)) if spec.landscape else (Mm(210), Mm(297))
    )
    m = spec.margins
    pt_to_mm = 25.4 / 72
    section.top_margin, section.bottom_margin = Mm(m.top * pt_to_mm), Mm(m.bottom * pt_to_mm)
    section.left_margin, section.right_margin = Mm(m.left * pt_to_mm), Mm(m.right * pt_to_mm)
    width = (297 if spec.landscape else 210) - (m.left + m.right) * pt_to_mm
    doc.styles["Normal"].font.name = FONT
    doc.styles["Normal"].font.size = Pt(spec.font_size)
    _font(doc.styles["Normal"].element.get_or_add_rPr())
    _header(doc, spec, width)
    if spec.title:
        _para(
            doc, spec.title.replace("\n", "<br/>"), size=14, align="center", bold=True, markup=True
        )
    for line in spec.subtitle:
        _para(doc, line, align="center", markup=spec.subtitle_markup)
    for block in spec.body:
        _block(doc, block, spec.font_size)
    if spec.signatures or spec.recipients:
        _signatures(doc, spec, width)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
