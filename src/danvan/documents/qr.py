"""QR codes (segno) drawn as vector modules in reportlab, or as PNG bytes."""

from __future__ import annotations

import io

import segno
from reportlab.pdfgen.canvas import Canvas


def make_qr(data: str, error: str = "m", mask: int | None = None) -> segno.QRCode:
    # mask=None evaluates all eight masks (most of the encoding time); any fixed mask
    # is as readable, which the signature stamp uses for speed.
    return segno.make_qr(data, error=error, boost_error=False, mask=mask)


def qr_matrix(data: str, error: str = "m", mask: int | None = None) -> list[list[bool]]:
    """Module matrix without quiet zone (True = dark); tests compare the PDF against it."""
    return [[bool(v) for v in row] for row in make_qr(data, error, mask).matrix]


def qr_runs(matrix: list[list[bool]]):
    """(row, first column, length) of each horizontal run of dark modules.

    One rectangle per run instead of per module keeps the PDF small and fast to draw.
    """
    for r, row in enumerate(matrix):
        c, n = 0, len(row)
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            yield r, start, c - start


def qr_png(data: str, scale: int = 4) -> bytes:
    out = io.BytesIO()
    make_qr(data).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def draw_qr(canv: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the QR symbol (no quiet zone) with its lower-left corner at (x, y)."""
    matrix = qr_matrix(data)
    n = len(matrix)
    cell = size / n
    path = canv.beginPath()
    for r, start, length in qr_runs(matrix):
        path.rect(x + start * cell, y + size - (r + 1) * cell, length * cell, cell)
    canv.saveState()
    canv.setFillColorRGB(0, 0, 0)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()
