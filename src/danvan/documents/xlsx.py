"""Write one table to .xlsx bytes (openpyxl): title rows, bold header, widths, real dates."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

FONT = "Times New Roman"
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass
class XlsxTable:
    header: list[str]
    rows: Sequence[Sequence[object]]
    title_rows: list[str] = field(default_factory=list)  # merged across the table, bold centred
    col_widths: list[float] | None = None  # in characters
    sheet_name: str = "Sheet1"
    wrap: bool = True


def _cell_value(value: object) -> object:
    # Excel has no time zones: keep the wall-clock time the document shows.
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _number_format(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return "DD/MM/YYYY HH:MM"
    if isinstance(value, dt.date):
        return "DD/MM/YYYY"
    return None


def _write_titles(ws: object, titles: list[str], ncols: int) -> int:
    for i, text in enumerate(titles, 1):
        ws.cell(row=i, column=1, value=text).font = Font(name=FONT, bold=True, size=13)  # type: ignore[attr-defined]
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="center")  # type: ignore[attr-defined]
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=ncols)  # type: ignore[attr-defined]
    return len(titles) + (1 if titles else 0)


def write_table(table: XlsxTable) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = table.sheet_name[:31]
    ncols = len(table.header)
    head_row = _write_titles(ws, table.title_rows, ncols) + 1
    align = Alignment(wrap_text=table.wrap, vertical="top")
    for c, text in enumerate(table.header, 1):
        cell = ws.cell(row=head_row, column=c, value=text)
        cell.font = Font(name=FONT, bold=True, size=11)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = _BOX
    body_font = Font(name=FONT, size=11)
    for r, row in enumerate(table.rows, head_row + 1):
        for c, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=c, value=_cell_value(value))
            cell.font, cell.alignment, cell.border = body_font, align, _BOX
            if fmt := _number_format(value):
                cell.number_format = fmt
    for c, width in enumerate(table.col_widths or [], 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(row=head_row + 1, column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
