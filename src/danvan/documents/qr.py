"""QR codes (segno) drawn as vector modules in reportlab, or as PNG bytes."""

from __future__ import annotations

import io

import segno
from reportlab.pdfgen.canvas import Canvas


def make_qr(data: str, error: str = "m") -> segno.QRCode:
    return segno.make_qr(data, error=error, boost_error=False)


def qr_matrix(data: str, error: str = "m") -> list[list[bool]]:
    """Module matrix without quiet zone (True = dark); tests compare the PDF against it."""
    return [[bool(v) for v in row] for row in make_qr(data, error).matrix]


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
    for r, row in enumerate(matrix):
        c = 0
        while c < n:  # one rectangle per horizontal run keeps the PDF small
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            path.rect(x + start * cell, y + size - (r + 1) * cell, (c - start) * cell, cell)
    canv.saveState()
    canv.setFillColorRGB(0, 0, 0)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()
