"""Layout primitives for administrative documents (reportlab platypus).

Sizes follow Decree 30/2020/NĐ-CP Annex I: A4, margins top/bottom 20-25 mm, left 30-35 mm,
right 15-20 mm, body 13-14 pt, page numbers top centre from page 2 on.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from danvan.documents.fonts import SANS, SERIF, register_fonts
from danvan.documents.qr import draw_qr

DRAFT_MARK = "MẪU THỬ / CHƯA KÝ SỐ"


@dataclass(frozen=True)
class Margins:
    top: float = 20 * mm
    bottom: float = 20 * mm
    left: float = 30 * mm
    right: float = 15 * mm


@dataclass(frozen=True)
class Placed:
    """Where a flowable landed: 0-based page index and box in PDF points (origin bottom-left)."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


def _style(
    name: str, size: float, font: str = SERIF, align: int = TA_LEFT, **kw: float
) -> ParagraphStyle:
    leading = kw.pop("leading", size * 1.25)
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=leading, alignment=align, **kw
    )


def paragraph_styles(size: float = 13) -> dict[str, ParagraphStyle]:
    """Named styles; ``size`` is the body size (13 or 14 pt). Registers the fonts."""
    register_fonts()
    small = size - 1
    return {
        "body": _style("body", size, align=TA_JUSTIFY, firstLineIndent=10 * mm, spaceBefore=4),
        "plain": _style("plain", size, align=TA_JUSTIFY, spaceBefore=1.5),
        "indent": _style("indent", size, align=TA_JUSTIFY, leftIndent=10 * mm, spaceBefore=2),
        "center": _style("center", size, align=TA_CENTER, spaceBefore=3),
        "head_left": _style("head_left", 12.5, align=TA_CENTER, leading=15),
        "head_left_bold": _style("head_left_bold", 12.5, f"{SERIF}-Bold", TA_CENTER, leading=15),
        "motto_upper": _style("motto_upper", 12.5, f"{SERIF}-Bold", TA_CENTER, leading=15),
        "motto": _style("motto", 13.5, f"{SERIF}-Bold", TA_CENTER, leading=16),
        "number": _style("number", 13, align=TA_CENTER, leading=16),
        "summary": _style("summary", 12, align=TA_CENTER, leading=14, spaceBefore=2),
        "place_date": _style("place_date", size, f"{SERIF}-Italic", TA_CENTER, leading=16),
        "title": _style("title", 14, f"{SERIF}-Bold", TA_CENTER, leading=18, spaceBefore=10),
        "subtitle": _style("subtitle", size, align=TA_CENTER, leading=size * 1.3, spaceBefore=2),
        "sig_bold": _style("sig_bold", size, f"{SERIF}-Bold", TA_CENTER, leading=size * 1.2),
        "sig_note": _style("sig_note", small, f"{SERIF}-Italic", TA_CENTER, leading=small * 1.2),
        "rcpt_head": _style("rcpt_head", 12, f"{SERIF}-BoldItalic", leading=14),
        "rcpt": _style("rcpt", 11, leading=13),
        "cell": _style("cell", small, leading=small * 1.2),
        "cell_center": _style("cell_center", small, align=TA_CENTER, leading=small * 1.2),
        "cell_head": _style("cell_head", small, f"{SERIF}-Bold", TA_CENTER, leading=small * 1.2),
        "caption": _style("caption", 9.5, f"{SERIF}-Italic", TA_CENTER, leading=11.5),
        "note": _style("note", small, align=TA_JUSTIFY, leading=small * 1.25, spaceBefore=2),
    }


def short_rule(width: float, space_before: float = 1, space_after: float = 2) -> HRFlowable:
    """Centred solid rule, as under the issuing body and under the national motto."""
    return HRFlowable(
        width=width,
        thickness=0.6,
        color=colors.black,
        hAlign="CENTER",
        spaceBefore=space_before,
        spaceAfter=space_after,
    )


def text_width(text: str, style: ParagraphStyle) -> float:
    return stringWidth(text, style.fontName, style.fontSize)


class Recorder(Flowable):
    """Invisible box that records its absolute position when drawn (signature areas, QR)."""

    def __init__(
        self,
        width: float,
        height: float,
        name: str,
        sink: dict[str, Placed],
        hAlign: str = "CENTER",
    ) -> None:  # noqa: N803
        super().__init__()
        self.width, self.height, self.name, self.sink = width, height, name, sink
        self.hAlign = hAlign

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x1, y1 = self.canv.absolutePosition(0, 0)
        x2, y2 = self.canv.absolutePosition(self.width, self.height)
        self.sink[self.name] = Placed(self.canv.getPageNumber() - 1, x1, y1, x2, y2)


class QrFlowable(Recorder):
    """Vector QR code of ``data``; records its box under ``name``."""

    def __init__(self, data: str, size: float, name: str, sink: dict[str, Placed]) -> None:
        super().__init__(size, size, name, sink)
        self.data = data

    def draw(self) -> None:
        super().draw()
        draw_qr(self.canv, self.data, 0, 0, self.width)


def grid_table(
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float],
    header_rows: int = 1,
    font_size: float = 12,
) -> Table:
    """Bordered table; the first ``header_rows`` rows repeat after each page break."""
    table = Table(list(map(list, rows)), colWidths=list(col_widths), repeatRows=header_rows)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
                ("FONT", (0, 0), (-1, -1), SERIF, font_size),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def plain_table(
    rows: Sequence[Sequence[object]], col_widths: Sequence[float], valign: str = "TOP"
) -> Table:
    """Borderless layout table (header columns, signature columns)."""
    table = Table(list(map(list, rows)), colWidths=list(col_widths))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


@dataclass
class PageDecor:
    """Draws page numbers (page 2 on, top centre) and the unsigned-draft marker."""

    margins: Margins
    draft: bool = False
    footer: str = ""
    number_size: float = 13

    def __call__(self, canv: Canvas, doc: SimpleDocTemplate) -> None:
        width, height = doc.pagesize
        page = canv.getPageNumber()
        canv.saveState()
        if page > 1:
            canv.setFont(SERIF, self.number_size)
            canv.drawCentredString(width / 2, height - self.margins.top / 2 - 4, str(page))
        if self.footer:
            canv.setFont(f"{SERIF}-Italic", 8)
            canv.drawString(self.margins.left, self.margins.bottom / 2, self.footer)
        if self.draft:
            _draw_draft_mark(canv, width, height)
        canv.restoreState()


def _draw_draft_mark(canv: Canvas, width: float, height: float) -> None:
    font, size = f"{SANS}-Bold", 8
    text_w = stringWidth(DRAFT_MARK, font, size)
    x, y = width - 8 * mm - text_w - 6, height - 11 * mm
    canv.setStrokeColorRGB(0.75, 0, 0)
    canv.setFillColorRGB(0.75, 0, 0)
    canv.setLineWidth(0.8)
    canv.rect(x, y, text_w + 6, size + 6, stroke=1, fill=0)
    canv.setFont(font, size)
    canv.drawString(x + 3, y + 4, DRAFT_MARK)


@dataclass
class PageSetup:
    landscape: bool = False
    margins: Margins = field(default_factory=Margins)

    @property
    def size(self) -> tuple[float, float]:
        return landscape(A4) if self.landscape else A4

    @property
    def frame_width(self) -> float:
        return self.size[0] - self.margins.left - self.margins.right


def build_pdf(
    flowables: list[Flowable],
    setup: PageSetup,
    decor: Callable[[Canvas, SimpleDocTemplate], None],
    title: str = "",
    author: str = "",
) -> bytes:
    register_fonts()
    out = io.BytesIO()
    m = setup.margins
    doc = SimpleDocTemplate(
        out,
        pagesize=setup.size,
        leftMargin=m.left,
        rightMargin=m.right,
        topMargin=m.top,
        bottomMargin=m.bottom,
        title=title,
        author=author,
        creator="Dân Vận Số",
        lang="vi-VN",
    )
    doc.build(flowables, onFirstPage=decor, onLaterPages=decor)
    return out.getvalue()


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text, style)
