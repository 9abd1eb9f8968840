"""Administrative document per Decree 30/2020/NĐ-CP Annex I, rendered to PDF.

Text in ``Para`` is plain unless ``markup=True``; markup may use only <b>, <i>, <u> and
<br/> (the .docx renderer understands the same subset). Use ``esc`` on any value put in
markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from danvan.core.formatting import date_line
from danvan.documents.pdf import (
    Margins,
    PageDecor,
    PageSetup,
    Placed,
    QrFlowable,
    Recorder,
    build_pdf,
    grid_table,
    paragraph_styles,
    plain_table,
    short_rule,
    text_width,
)

Styles = dict[str, ParagraphStyle]
MOTTO_UPPER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def esc(value: object) -> str:
    return escape(str(value))


def _lines(text: str) -> str:
    return esc(text).replace("\n", "<br/>")


@dataclass
class Para:
    text: str
    style: str = "body"  # a key of pdf.paragraph_styles()
    markup: bool = False


@dataclass
class TableBlock:
    header: list[list[str]]  # one or more header rows, repeated after page breaks
    rows: list[list[str]]
    col_widths_mm: list[float] | None = None  # None: equal widths
    span: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    center_cols: tuple[int, ...] = ()
    font_size: float = 11.5


@dataclass
class QrBlock:
    data: str
    caption: str = ""
    size_mm: float = 24
    align: str = "LEFT"  # LEFT | CENTER | RIGHT
    key: str = "qr"  # RenderedPdf.qr_boxes key
    side_text: str = ""  # plain text printed to the right of the code


@dataclass
class Space:
    height_mm: float = 4


Block = Para | TableBlock | QrBlock | Space


@dataclass
class SignatureBlock:
    authority: list[str] = field(default_factory=list)  # e.g. ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    signer_name: str = ""
    note: str = ""  # e.g. "(Ký và ghi rõ họ tên)"
    key: str = "signer"
    height_mm: float = 26


@dataclass
class DocumentSpec:
    title: str
    issuing_body: str
    governing_body: str = ""
    number: str | None = None  # "123/GTN-UBND" → "Số: 123/GTN-UBND"; "" → "Số: .../..."
    place: str = ""
    date: dt.date | None = None
    subtitle: list[str] = field(default_factory=list)  # lines under the title
    subtitle_markup: bool = False
    body: list[Block] = field(default_factory=list)
    signatures: list[SignatureBlock] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    landscape: bool = False
    draft: bool = False  # "MẪU THỬ / CHƯA KÝ SỐ" marker on every page
    font_size: float = 13
    margins: Margins = field(default_factory=Margins)
    footer: str = ""
    author: str = ""
    header_split: float = 0.42  # share of the width for the left header column
    # A công văn (no document-type name): its summary "V/v …" under the number, the title "".
    summary: str = ""
    recipients_end: str = "./."  # after the last recipient; "." when the body ends with "./."


@dataclass(frozen=True)
class SignatureBox:
    """Area left blank for a signature; ``page`` is 0-based as pyHanko's ``on_page``."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    def as_tuple(self) -> tuple[int, float, float, float, float]:
        return (self.page, self.x1, self.y1, self.x2, self.y2)


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    signature_box: SignatureBox | None
    signature_boxes: dict[str, SignatureBox]
    qr_boxes: dict[str, SignatureBox]
    page_count: int


def _header(spec: DocumentSpec, st: Styles, width: float) -> Flowable:
    left_w = width * spec.header_split
    left: list[Flowable] = []
    if spec.governing_body:
        left.append(Paragraph(_lines(spec.governing_body.upper()), st["head_left"]))
    left.append(Paragraph(_lines(spec.issuing_body.upper()), st["head_left_bold"]))
    left.append(short_rule(min(left_w * 0.4, 30 * mm), space_before=3))
    right = [
        Paragraph(MOTTO_UPPER, st["motto_upper"]),
        Paragraph(MOTTO, st["motto"]),
        short_rule(text_width(MOTTO, st["motto"]), space_before=3),
    ]
    number = ""
    if spec.number is not None:
        number = f"Số: {esc(spec.number or '.../...')}"
    place = esc(date_line(spec.place, spec.date)) if spec.place else ""
    below: list[Flowable] = [Paragraph(number, st["number"])]
    if spec.summary:
        below.append(Paragraph(esc(spec.summary), st["summary"]))
    rows = [[left, right], [below, Paragraph(place, st["place_date"])]]
    table = plain_table(rows, [left_w, width - left_w])
    table.setStyle([
        ("RIGHTPADDING", (0, 0), (0, -1), 3 * mm), ("TOPPADDING", (0, 1), (-1, 1), 2),
        # a flowable in a cell follows the cell's ALIGN, not its own hAlign: the short rules
        # sit centred under the issuing body and the motto (Decree 30/2020, Appendix I)
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
    ])  # fmt: skip
    return table


def _table(block: TableBlock, st: Styles, width: float) -> Flowable:
    n = len((block.header or block.rows)[0])
    widths = [w * mm for w in block.col_widths_mm] if block.col_widths_mm else [width / n] * n
    scale = width / sum(widths)
    widths = [w * scale for w in widths]
    size = block.font_size
    cell, center, bold = (
        ParagraphStyle(f"{s.name}{size}", s, fontSize=size, leading=size * 1.2)
        for s in (st["cell"], st["cell_center"], st["cell_head"])
    )
    head = [[Paragraph(esc(c), bold) for c in row] for row in block.header]
    body = [
        [
            Paragraph(esc(c).replace("\n", "<br/>"), center if i in block.center_cols else cell)
            for i, c in enumerate(row)
        ]
        for row in block.rows
    ]
    table = grid_table(head + body, widths, header_rows=max(len(head), 1))
    for start, end in block.span:
        table.setStyle([("SPAN", start, end)])
    return table


def _block(block: Block, st: Styles, width: float, sink: dict[str, Placed]) -> Flowable:
    if isinstance(block, Para):
        text = block.text if block.markup else esc(block.text).replace("\n", "<br/>")
        return Paragraph(text, st[block.style])
    if isinstance(block, TableBlock):
        return (
            KeepTogether([Spacer(1, 2 * mm), _table(block, st, width)])
            if len(block.rows) < 8
            else _table(block, st, width)
        )
    if isinstance(block, QrBlock):
        return _qr(block, st, width, sink)
    return Spacer(1, block.height_mm * mm)


def _qr(block: QrBlock, st: Styles, width: float, sink: dict[str, Placed]) -> Flowable:
    size = block.size_mm * mm
    code = QrFlowable(block.data, size, block.key, sink)
    cell: list[Flowable] = [code]
    if block.caption:
        cell.append(Paragraph(esc(block.caption), st["caption"]))
    col = max(size, 45 * mm)
    if not block.side_text:
        table = plain_table([[cell]], [col])
        table.hAlign = block.align
        return table
    side = Paragraph(esc(block.side_text).replace("\n", "<br/>"), st["note"])
    table = plain_table([[cell, side]], [col, width - col], valign="MIDDLE")
    return KeepTogether([Spacer(1, 2 * mm), table])


def _signature(
    sig: SignatureBlock, st: Styles, width: float, sink: dict[str, Placed]
) -> list[Flowable]:
    cell: list[Flowable] = [Paragraph(esc(line.upper()), st["sig_bold"]) for line in sig.authority]
    if sig.note:
        cell.append(Paragraph(esc(sig.note), st["sig_note"]))
    cell.append(Recorder(min(width, 75 * mm), sig.height_mm * mm, sig.key, sink))
    if sig.signer_name:
        cell.append(Paragraph(esc(sig.signer_name), st["sig_bold"]))
    return cell


def _recipients(lines: list[str], st: Styles, last: str = "./.") -> list[Flowable]:
    cell: list[Flowable] = [Paragraph("Nơi nhận:", st["rcpt_head"])]
    for i, line in enumerate(lines):
        end = last if i == len(lines) - 1 else ";"
        cell.append(Paragraph(esc(f"- {line.rstrip(';.')}{end}"), st["rcpt"]))
    return cell


def _closing(
    spec: DocumentSpec, st: Styles, width: float, sink: dict[str, Placed]
) -> list[Flowable]:
    """Signature columns; with one signer the "Nơi nhận:" block sits on its left."""
    sigs = spec.signatures
    if not sigs and not spec.recipients:
        return []
    if len(sigs) <= 1:
        left = _recipients(spec.recipients, st, spec.recipients_end) if spec.recipients else []
        right = _signature(sigs[0], st, width * 0.55, sink) if sigs else []
        table = plain_table([[left, right]], [width * 0.45, width * 0.55])
        return [Spacer(1, 3 * mm), KeepTogether([table])]
    col = width / len(sigs)
    row = [_signature(sig, st, col, sink) for sig in sigs]
    out: list[Flowable] = [Spacer(1, 3 * mm), KeepTogether([plain_table([row], [col] * len(sigs))])]
    if spec.recipients:
        rcpt = _recipients(spec.recipients, st, spec.recipients_end)
        out.append(plain_table([[rcpt, ""]], [width * 0.5] * 2))
    return out


def _title(spec: DocumentSpec, st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if spec.title:
        out.append(Paragraph(esc(spec.title).replace("\n", "<br/>"), st["title"]))
    out += [
        Paragraph(line if spec.subtitle_markup else esc(line), st["subtitle"])
        for line in spec.subtitle
    ]
    out.append(Spacer(1, 3 * mm))
    return out


def _box(p: Placed) -> SignatureBox:
    return SignatureBox(p.page, round(p.x1, 2), round(p.y1, 2), round(p.x2, 2), round(p.y2, 2))


def render_document(spec: DocumentSpec) -> RenderedPdf:
    """Lay out ``spec`` as an A4 administrative document and return the PDF bytes and the
    position of each signature area (for the visible digital-signature stamp)."""
    setup = PageSetup(landscape=spec.landscape, margins=spec.margins)
    st = paragraph_styles(spec.font_size)
    width = setup.frame_width
    sink: dict[str, Placed] = {}
    story: list[Flowable] = [_header(spec, st, width), *_title(spec, st)]
    story += [_block(b, st, width, sink) for b in spec.body]
    story += _closing(spec, st, width, sink)
    decor = PageDecor(
        spec.margins, draft=spec.draft, footer=spec.footer, number_size=spec.font_size
    )
    counter = _PageCounter(decor)
    data = build_pdf(story, setup, counter, title=spec.title, author=spec.author)
    sig_names = {s.key for s in spec.signatures}
    sig_boxes = {k: _box(v) for k, v in sink.items() if k in sig_names}
    primary = sig_boxes.get(spec.signatures[-1].key) if spec.signatures else None
    qr_boxes = {k: _box(v) for k, v in sink.items() if k not in sig_names}
    return RenderedPdf(data, primary, sig_boxes, qr_boxes, counter.pages)


class _PageCounter:
    def __init__(self, decor: PageDecor) -> None:
        self.decor, self.pages = decor, 0

    def __call__(self, canv: object, doc: object) -> None:
        self.pages += 1
        self.decor(canv, doc)  # type: ignore[arg-type]
