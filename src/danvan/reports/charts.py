"""Server-side SVG charts with a text alternative: bars (by child unit, 766 groups) and a trend.
Values are printed beside each bar/point, so the chart reads without colour."""

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no data (drawn as an empty row with the words)
    text: str  # the value as shown: "60,00 %", "không có dữ liệu"
    maximum: float | None = None  # a bar's own scale (points out of max)
    is_data: bool = False  # the label is data (a unit's name): marked translate="no"


def bars(title: str, rows: list[Bar], *, scale: float | None = None, width: int = 640) -> str:
    """Horizontal bars, one row per label; `scale` is the value of a full bar."""
    row_h, label_w, text_w = 22, 220, 130
    height = row_h * max(len(rows), 1) + 30
    top = max((r.maximum or r.value or 0) for r in rows) if rows else 0
    full = scale or top or 1
    plot = width - label_w - text_w
    parts = [_open(title, width, height)]
    for i, r in enumerate(rows):
        y = 24 + i * row_h
        no = ' translate="no"' if r.is_data else ""
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12"{no}>'
                     f"{escape(_short(r.label))}</text>")  # fmt: skip
        if r.maximum:
            w = plot * r.maximum / full
            parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="14" '
                         'fill="none" stroke="#555" stroke-dasharray="3 2"/>')  # fmt: skip
        if r.value:
            w = plot * min(r.value, full) / full
            parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="14" '
                         'fill="#1f5fa8"/>')  # fmt: skip
        parts.append(f'<text x="{width - text_w + 6}" y="{y + 14}" font-size="12">'
                     f"{escape(r.text)}</text>")  # fmt: skip
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def trend(title: str, points: list[Bar], *, width: int = 640, height: int = 220) -> str:
    """A line through the months' values (a gap where a month has none), each value printed."""
    left, right, top, bottom = 40, 20, 44, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [p.value for p in points if p.value is not None]
    high = max(known) if known else 1
    high = high or 1
    step = plot_w / max(len(points) - 1, 1)
    parts = [_open(title, width, height)]
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
                 'stroke="#333"/>')  # fmt: skip
    path, pen = [], "M"
    for i, p in enumerate(points):
        x = left + i * step
        parts.append(f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" font-size="11">'
                     f"{escape(p.label)}</text>")  # fmt: skip
        if p.value is None:
            pen = "M"
            parts.append(f'<text x="{x:.1f}" y="{top + plot_h - 6}" text-anchor="middle" '
                         'font-size="10">–</text>')  # fmt: skip
            continue
        y = top + plot_h - plot_h * p.value / high
        path.append(f"{pen}{x:.1f},{y:.1f}")
        pen = "L"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1f5fa8"/>')
        parts.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="11">'
                     f"{escape(p.text)}</text>")  # fmt: skip
    if path:
        parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def _open(title: str, width: int, height: int) -> str:
    t = escape(title)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{t}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="chart">'
            f'<title>{t}</title><text x="4" y="14" font-size="13" font-weight="bold">{t}</text>')  # fmt: skip


def _short(label: str, n: int = 34) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"
