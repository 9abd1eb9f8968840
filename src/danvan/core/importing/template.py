"""The template users download (generated from the schema), and the error list as a workbook."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from danvan.core.importing.cells import cell_type
from danvan.core.importing.schema import Column, RowError, Schema

NOTES_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
VALIDATED_ROWS = 5000  # the drop-down lists cover this many data rows
BOLD = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def type_label(column: Column) -> str:
    labels = {
        "text": _("Chữ"),
        "int": _("Số nguyên, ví dụ 1.500.000"),
        "decimal": _("Số, ví dụ 2,5"),
        "date": _("Ngày, dạng ngày/tháng/năm, ví dụ 02/12/2026"),
        "bool": _("Có / Không"),
        "choice": _("Chọn trong danh sách"),
        "unit": _(
            "Mã hoặc tên đơn vị hành chính (tên cũ trước 1/7/2025 được chuyển sang đơn vị mới)"
        ),
        "unit_history": _(
            "Mã hoặc tên đơn vị hành chính; quận, huyện cũ (trước 1/7/2025) cho hoạt động trước "
            "ngày đó"
        ),
        "list": _("Danh sách, các mục cách nhau bằng dấu phẩy"),
        "national_id": _("Số định danh cá nhân, 12 chữ số"),
        "phone": _("Số điện thoại"),
        "email": _("Thư điện tử"),
    }
    return labels.get(column.type, column.type)


def _accepted(column: Column) -> str:
    describe = cell_type(column.type).describe
    parts = [describe(column)] if describe else []
    if column.max_length:
        parts.append(_("tối đa %(n)s ký tự") % {"n": column.max_length})
    if column.min_value is not None:
        parts.append(_("từ %(n)s") % {"n": column.min_value})
    if column.max_value is not None:
        parts.append(_("đến %(n)s") % {"n": column.max_value})
    return "; ".join(str(p) for p in parts if p)


def template_xlsx(schemas: Schema | list[Schema]) -> bytes:
    """A workbook with one data sheet per schema (bold header, required columns shaded, a note
    on each header, drop-down lists for choices and Có/Không), a notes sheet explaining every
    column, and the lists the drop-downs use."""
    schemas = schemas if isinstance(schemas, list) else [schemas]
    book = Workbook()
    book.remove(book.active)
    lists: list[list[str]] = []  # the options of each drop-down, one column each
    for schema in schemas:
        _data_sheet(book, lists, schema)
    _notes_sheet(book.create_sheet(NOTES_SHEET), schemas)
    if lists:
        sheet = book.create_sheet(LISTS_SHEET)
        sheet.sheet_state = "hidden"
        for index, options in enumerate(lists, start=1):
            for row, option in enumerate(options, start=1):
                sheet.cell(row=row, column=index, value=option)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _data_sheet(book, lists, schema: Schema) -> None:
    sheet = book.create_sheet(str(schema.sheet or schema.title or _("Dữ liệu"))[:31])
    sheet.append([str(c.header) for c in schema.columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(schema.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = _note(column)
        cell.comment = Comment(note, "Dân Vận Số", width=320, height=160)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, min(40, len(str(column.header)) + 4))
        if column.type == "date":
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
        options = _options(column)
        if options:
            _drop_down(sheet, lists, letter, options)


def _note(column: Column) -> str:
    lines = [_("Bắt buộc") if column.required else _("Không bắt buộc"), type_label(column)]
    lines += [text for text in (_accepted(column), str(column.help)) if text]
    return "\n".join(lines)


def _options(column: Column) -> list[str]:
    if column.type == "choice":
        return [label for _value, label in column.choice_pairs]
    if column.type == "bool":
        return [_("Có"), _("Không")]
    return []


def _drop_down(sheet, lists: list, letter: str, options: list[str]) -> None:
    lists.append(options)
    list_column = get_column_letter(len(lists))
    source = f"{quote_sheetname(LISTS_SHEET)}!${list_column}$1:${list_column}${len(options)}"
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.error = _("Hãy chọn một giá trị trong danh sách.")
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")


def _notes_sheet(sheet, schemas: list[Schema]) -> None:
    sheet.append([_("Hướng dẫn điền tệp")])
    sheet["A1"].font = Font(bold=True, size=13)
    for line in general_notes():
        sheet.append([line])
    for schema in schemas:
        sheet.append([])
        if len(schemas) > 1:
            sheet.append([_("Sheet “%(sheet)s”") % {"sheet": schema.sheet or schema.title}])
            sheet.cell(row=sheet.max_row, column=1).font = BOLD
        sheet.append(
            [_("Cột"), _("Bắt buộc"), _("Kiểu"), _("Giá trị nhận"), _("Ghi chú"), _("Ví dụ")]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
        for column in schema.columns:
            sheet.append(_notes_row(column))
    for letter, width in zip("ABCDEF", (34, 10, 36, 48, 48, 20), strict=True):
        sheet.column_dimensions[letter].width = width


def _notes_row(column: Column) -> list[str]:
    return [
        str(column.header),
        _("Có") if column.required else "",
        type_label(column),
        _accepted(column),
        str(column.help),
        str(column.example),
    ]


def general_notes() -> list[str]:
    return [
        _("Dòng 1 là dòng tiêu đề; mỗi dòng tiếp theo là một bản ghi. Có thể đổi thứ tự cột."),
        _("Cột tô vàng là cột bắt buộc. Ngày ghi dạng ngày/tháng/năm (02/12/2026)."),
        _(
            "Số ghi theo kiểu Việt Nam: 1.500.000 (dấu chấm phân cách hàng nghìn), 2,5 (dấu phẩy thập phân)."
        ),
        _("Không dùng công thức: hãy dán giá trị. Dòng trống được bỏ qua."),
        _(
            "Tệp được kiểm tra toàn bộ trước khi ghi: nếu có lỗi, hệ thống báo từng dòng, từng "
            "cột và không ghi gì, trừ khi chọn “chỉ nhập các dòng hợp lệ”."
        ),
    ]


def errors_xlsx(errors: list[RowError]) -> bytes:
    """The errors as a workbook (sheet, row, column, message), e.g. a job's result file."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Lỗi")
    with_sheet = any(e.sheet for e in errors)
    header = ([_("Sheet")] if with_sheet else []) + [_("Dòng"), _("Cột"), _("Lỗi")]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
    for error in errors:
        sheet.append(
            ([error.sheet] if with_sheet else []) + [error.row or "", error.column, error.message]
        )
    sheet.column_dimensions[get_column_letter(len(header))].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
