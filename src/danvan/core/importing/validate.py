"""Reading a sheet against a schema: find the header, parse every cell, resolve look-ups in bulk,
check each row and the uniqueness rules. Nothing is written here."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.core.errors import Invalid
from danvan.core.importing.cells import cell_type
from danvan.core.importing.reading import Source, max_rows
from danvan.core.importing.schema import Column, Row, RowError, Schema, sorted_errors
from danvan.core.text import fold, squash

HEADER_SEARCH_ROWS = 10  # a title row or two above the header is tolerated
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!"}


class ColumnsInvalid(Invalid):
    """The header does not fit the schema: columns missing, unknown or twice."""

    def __init__(self, message: str, *, sheet: str, header_row: int, missing, unknown, twice):
        code = (
            "import.missing_columns"
            if missing
            else ("import.unknown_columns" if unknown else "import.duplicate_columns")
        )
        super().__init__(code, message, fields={"columns": message})
        self.sheet, self.header_row = sheet, header_row
        self.missing, self.unknown, self.twice = missing, unknown, twice


@dataclass
class Layout:
    header_row: int
    found: list[tuple[int, Column, str]]  # (cell index, column, the header as written)
    absent: list[Column]

    def header_of(self, key: str, schema: Schema) -> str:
        for _index, column, text in self.found:
            if column.key == key:
                return text
        return str(schema.by_key[key].header)


@dataclass
class Parsed:
    """One sheet read against its schema: every data row (valid or not) and the errors."""

    schema: Schema
    sheet: str
    layout: Layout
    rows: list[Row] = field(default_factory=list)

    @property
    def valid(self) -> list[Row]:
        return [row for row in self.rows if not row.errors]

    @property
    def errors(self) -> list[RowError]:
        return sorted_errors((e for row in self.rows for e in row.errors), self.schema)

    def add_error(self, row: Row, key: str, message: str) -> None:
        header = self.layout.header_of(key, self.schema) if key else ""
        row.errors.append(RowError(row.number, header, message, self.sheet_label, key))

    @property
    def sheet_label(self) -> str:
        return self.sheet if self.schema.sheet else ""


def read_sheet(source: Source, schema: Schema, *, context: dict | None = None) -> Parsed:
    sheet = source.find_sheet(schema.sheet)
    if sheet is None:
        message = _("Tệp thiếu sheet “%(sheet)s”.") % {"sheet": schema.sheet}
        raise Invalid("import.missing_sheet", message, fields={"file": message})
    rows = enumerate(source.rows(sheet), start=1)
    head = _head(rows)
    layout = find_layout(schema, head, sheet if schema.sheet else "")
    parsed = Parsed(schema, sheet, layout)
    body = ((n, cells) for n, cells in head if n > layout.header_row)
    _parse_rows(parsed, body, rows)
    _resolve(parsed, context or {})
    _check_rows(parsed)
    _check_unique(parsed)
    return parsed


def _head(rows) -> list[tuple[int, tuple]]:
    """The first rows, up to and including the HEADER_SEARCH_ROWS-th non-empty one."""
    head, non_empty = [], 0
    for number, cells in rows:
        head.append((number, cells))
        non_empty += not _is_blank(cells)
        if non_empty >= HEADER_SEARCH_ROWS:
            break
    return head


def _is_blank(cells) -> bool:
    for cell in cells:
        if cell is not None and (cell.__class__ is not str or cell.strip()):
            return False
    return True


# --- the header -----------------------------------------------------------------------------


def find_layout(schema: Schema, head: list[tuple[int, tuple]], sheet: str) -> Layout:
    index = schema.header_index()
    candidates = [(n, cells) for n, cells in head if not _is_blank(cells)]
    if not candidates:
        message = _("Bảng tính trống: không có dòng tiêu đề và dữ liệu.")
        raise Invalid("import.empty", message, fields={"file": message})
    number, cells = max(candidates, key=lambda c: (_score(c[1], index), -c[0]))
    found, unknown, twice, seen = [], [], [], {}
    for position, cell in enumerate(cells):
        text = squash(cell)
        if not text:
            continue
        column = index.get(fold(text))
        if column is None:
            unknown.append(text)
        elif column.key in seen:
            twice.append(text)
        else:
            seen[column.key] = position
            found.append((position, column, text))
    absent = [c for c in schema.columns if c.key not in seen]
    missing = [c for c in absent if c.required or schema.all_columns]
    unknown = unknown if schema.extra_columns == "error" else []
    if missing or unknown or twice:
        raise _columns_invalid(schema, sheet, number, missing, unknown, twice, none_found=not found)
    return Layout(number, found, absent)


def _score(cells, index) -> int:
    return sum(1 for cell in cells if fold(squash(cell)) in index and squash(cell))


def _columns_invalid(
    schema, sheet, number, missing, unknown, twice, *, none_found=False
) -> ColumnsInvalid:
    parts = []
    if none_found:  # not one column of the template: a text file, another register's sheet
        parts.append(_("Tệp này không phải bảng tính lập theo mẫu: không có cột nào của mẫu."))
    if missing:
        names = ", ".join(_column_name(c) for c in missing)
        parts.append(_("Thiếu cột: %(names)s.") % {"names": names})
    if unknown:
        names = ", ".join(f"“{text}”" for text in unknown)
        parts.append(
            ngettext(
                "Cột không có trong mẫu: %(names)s.",
                "Các cột không có trong mẫu: %(names)s.",
                len(unknown),
            )
            % {"names": names}
        )
    if twice:
        names = ", ".join(f"“{text}”" for text in twice)
        parts.append(_("Cột xuất hiện hai lần: %(names)s.") % {"names": names})
    expected = "; ".join(str(c.header) for c in schema.columns)
    parts.append(_("Các cột của mẫu: %(expected)s.") % {"expected": expected})
    where = (_("Sheet “%(sheet)s”: ") % {"sheet": sheet}) if sheet else ""
    return ColumnsInvalid(
        where + " ".join(parts),
        sheet=sheet,
        header_row=number,
        missing=missing,
        unknown=unknown,
        twice=twice,
    )


def _column_name(column: Column) -> str:
    name = f"“{column.header}”"
    if column.aliases:
        name += " (" + _("hoặc %(alias)s") % {"alias": ", ".join(column.aliases)} + ")"
    return name


# --- the cells ------------------------------------------------------------------------------


def _parse_rows(parsed: Parsed, *parts) -> None:
    limit = parsed.schema.max_rows or max_rows()
    plan = [(i, c, c.key, cell_type(c.type).parse) for i, c, _text in parsed.layout.found]
    defaults = [(c.key, c) for c in parsed.layout.absent]
    for part in parts:
        for number, cells in part:
            if _is_blank(cells):
                continue
            if len(parsed.rows) >= limit:
                raise _too_many(limit)
            row = _parse_row(parsed, number, cells, plan)
            for key, column in defaults:
                row[key] = column.empty_value()
            parsed.rows.append(row)
    if not parsed.rows and not parsed.schema.allow_empty:
        message = _("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.")
        raise Invalid("import.empty", message, fields={"file": message})


def _too_many(limit: int) -> Invalid:
    message = _("Tệp có hơn %(limit)s dòng dữ liệu; hãy chia thành nhiều tệp.") % {
        "limit": f"{limit:,}".replace(",", ".")
    }
    return Invalid("import.too_many_rows", message, status=413, fields={"file": message})


def _parse_row(parsed: Parsed, number: int, cells: tuple, plan) -> Row:
    raw: dict = {}
    row = Row(number, raw)
    size = len(cells)
    for index, column, key, parse in plan:
        value = cells[index] if index < size else None
        raw[key] = value
        if value is None or (value.__class__ is str and not value.strip()):
            if column.required:
                parsed.add_error(row, key, column.required_message or _("Không được để trống."))
            else:
                row[key] = column.empty_value()
            continue
        problem = _formula_problem(value) if value.__class__ is str else None
        if problem:
            parsed.add_error(row, key, problem)
            continue
        try:
            value = parse(value, column)
            row[key] = column.clean(value) if column.clean else value
        except ValueError as exc:
            parsed.add_error(row, key, str(exc))
    return row


def _formula_problem(text: str) -> str | None:
    if text[:1] == "=" and len(text) > 1:
        return _(
            "Ô chứa công thức “%(formula)s” thay cho giá trị; hãy sao chép rồi “Dán giá trị” "
            "(Paste Values)."
        ) % {"formula": text[:60]}
    if text.strip() in EXCEL_ERRORS:
        return _("Ô báo lỗi công thức %(error)s; hãy nhập giá trị.") % {"error": text.strip()}
    return None


def _resolve(parsed: Parsed, context: dict) -> None:
    """Look-ups that need the database (units): one call per column for the whole file."""
    for _index, column, _text in parsed.layout.found:
        kind = cell_type(column.type)
        if kind.resolve is None:
            continue
        rows = [row for row in parsed.rows if row.get(column.key) not in (None, "")]
        results = kind.resolve({row[column.key] for row in rows}, column, context)
        for row in rows:
            result = results.get(row[column.key])
            if isinstance(result, ValueError) or result is None:
                parsed.add_error(row, column.key, str(result or _("Không tìm thấy.")))
                del row[column.key]
            else:
                row[column.key] = result


def _check_rows(parsed: Parsed) -> None:
    if parsed.schema.check is None:
        return
    for row in parsed.valid:
        for key, message in parsed.schema.check(row) or ():
            parsed.add_error(row, key, message)


def _check_unique(parsed: Parsed) -> None:
    candidates = parsed.valid
    for unique in parsed.schema.uniques:
        keyed = [(row, unique.key(row)) for row in candidates]
        keyed = [(row, key) for row, key in keyed if key is not None]
        stored = set(unique.existing({key for _row, key in keyed})) if unique.existing else set()
        first: dict = {}
        for row, key in keyed:
            if key in stored:
                parsed.add_error(row, unique.column, _unique_message(unique, row, None))
            elif key in first:
                parsed.add_error(row, unique.column, _unique_message(unique, row, first[key]))
            else:
                first[key] = row.number


def _unique_message(unique, row: Row, first: int | None) -> str:
    if unique.message is not None:
        return unique.message(row, first)
    value = row.get(unique.column)
    if first is None:
        return _("“%(value)s” đã có trong hệ thống.") % {"value": value}
    return _("“%(value)s” trùng với dòng %(first)s.") % {"value": value, "first": first}
