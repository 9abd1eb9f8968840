"""Import villages and residential groups (thôn, tổ dân phố, bản, ấp...) below communes.

All or nothing: every row is checked first and the errors are collected per row and column;
rows are written, in one transaction, only when the whole file is clean. A file half imported
would leave a commune's list wrong with no way to tell which half made it.
"""

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone

from danvan.units.models import Unit, UnitKind

REQUIRED_COLUMNS = ("commune_code", "name", "division_type")
OPTIONAL_COLUMNS = ("code", "valid_from")
FILE_ROW = 0  # row number of errors about the whole file (unreadable, missing column)
MAX_NAME = Unit._meta.get_field("name").max_length
MAX_CODE = Unit._meta.get_field("code").max_length
MAX_TYPE = Unit._meta.get_field("division_type").max_length


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it in a spreadsheet: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.row}" if self.row else "Tệp"
        return (
            f"{where}, cột {self.column}: {self.message}"
            if self.column
            else f"{where}: {self.message}"
        )


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class VillageRow:
    row: int
    commune: Unit
    name: str
    division_type: str
    code: str
    valid_from: dt.date


def import_villages(
    source: str | Path | BinaryIO, *, filename: str = "", valid_from: dt.date | None = None, by=None
) -> ImportResult:
    """Import a .xlsx or .csv file with the columns commune_code, name, division_type[, code,
    valid_from]. `source` is a path or a binary file object (e.g. an uploaded file)."""
    name = filename or str(getattr(source, "name", source) or "")
    try:
        records = read_table(source, name)
    except UnreadableFile as exc:
        return ImportResult(errors=[RowError(FILE_ROW, "", str(exc))])
    default_day = valid_from or timezone.localdate()
    if not records:
        return ImportResult(errors=[RowError(FILE_ROW, "", "Tệp không có dòng dữ liệu nào.")])
    rows, errors = validate(records, default_day)
    if errors:
        return ImportResult(errors=errors)
    with transaction.atomic():
        created = _create(rows)
        _audit(created, name, by)
    return ImportResult(created=len(created))


# --- Reading ---------------------------------------------------------------------------------


class UnreadableFile(Exception):
    pass


def read_table(source: str | Path | BinaryIO, name: str) -> list[tuple[int, dict[str, object]]]:
    """(row number, {column: value}) for each non-empty data row; the header is row 1."""
    data = _read_bytes(source)
    is_xlsx = name.lower().endswith(".xlsx") or data[:2] == b"PK"
    table = _xlsx_rows(data) if is_xlsx else _csv_rows(data)
    if not table:
        raise UnreadableFile("Tệp trống, không có dòng tiêu đề.")
    header = [_header(cell) for cell in table[0]]
    missing = [col for col in REQUIRED_COLUMNS if col not in header]
    if missing:
        raise UnreadableFile(f"Thiếu cột bắt buộc: {', '.join(missing)}.")
    records = []
    for number, cells in enumerate(table[1:], start=2):
        record = {col: cells[i] if i < len(cells) else None for i, col in enumerate(header) if col}
        if any(_text(value) for value in record.values()):
            records.append((number, record))
    return records


def _read_bytes(source: str | Path | BinaryIO) -> bytes:
    try:
        if isinstance(source, str | Path):
            return Path(source).read_bytes()
        source.seek(0)
        return source.read()
    except OSError as exc:
        raise UnreadableFile(f"Không đọc được tệp: {exc.strerror or exc}.") from exc


def _xlsx_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        IndexError,
    ) as exc:
        raise UnreadableFile(
            "Không đọc được tệp Excel (.xlsx); tệp bị hỏng hoặc sai định dạng."
        ) from exc
    return rows


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")  # Excel writes a BOM in front of UTF-8 CSV
    except UnicodeDecodeError as exc:
        raise UnreadableFile("Không đọc được tệp CSV: tệp phải được lưu với mã hóa UTF-8.") from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise UnreadableFile(f"Không đọc được tệp CSV: {exc}.") from exc


def _header(cell: object) -> str:
    return _text(cell).lower().replace(" ", "_")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


# --- Checking --------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    # "Thôn Hạ" and "thôn  hạ" are the same village; "Thôn Hạ" and "Thôn Hà" are not.
    return name.casefold()


def validate(
    records: list[tuple[int, dict[str, object]]], default_day: dt.date
) -> tuple[list[VillageRow], list[RowError]]:
    communes = _communes_named_in(records)
    taken_names = _existing_names(communes.values())
    taken_codes = _existing_codes(records)
    rows, errors = [], []
    for number, record in records:
        row, row_errors = _check_row(number, record, communes, default_day)
        errors += row_errors
        if row is None:
            continue
        errors += _check_unique(row, taken_names, taken_codes)
        rows.append(row)
    return rows, errors


def _commune_code(value: object) -> str:
    code = _text(value)
    # A spreadsheet turns 00070 into the number 70.
    return code.zfill(5) if code.isdigit() else code


def _communes_named_in(records) -> dict[str, Unit]:
    codes = {_commune_code(record.get("commune_code")) for _, record in records}
    qs = Unit.objects.current().filter(kind=UnitKind.COMMUNE, code__in=codes)
    return {unit.code: unit for unit in qs}


def _existing_names(communes) -> dict[tuple[int, str], int]:
    villages = Unit.objects.current().filter(kind=UnitKind.VILLAGE, parent__in=list(communes))
    return {
        (parent_id, _name_key(name)): 0
        for parent_id, name in villages.values_list("parent_id", "name")
    }


def _existing_codes(records) -> dict[str, int]:
    codes = {_text(record.get("code")) for _, record in records} - {""}
    return dict.fromkeys(Unit.objects.filter(code__in=codes).values_list("code", flat=True), 0)


def _check_row(number, record, communes, default_day) -> tuple[VillageRow | None, list[RowError]]:
    code = _commune_code(record.get("commune_code"))
    name = _text(record.get("name"))
    division_type = _text(record.get("division_type")).lower()
    own_code = _text(record.get("code"))
    day, day_error = _parse_day(record.get("valid_from"), default_day)
    problems = [
        ("commune_code", _commune_problem(code, communes)),
        ("name", _required_problem(name, MAX_NAME, "Tên không được để trống.")),
        (
            "division_type",
            _required_problem(
                division_type, MAX_TYPE, "Chưa ghi loại (thôn, tổ dân phố, bản, ấp...)."
            ),
        ),
        ("code", _required_problem(own_code or "-", MAX_CODE, "")),
        ("valid_from", day_error),
    ]
    errors = [RowError(number, column, message) for column, message in problems if message]
    if errors:
        return None, errors
    return VillageRow(number, communes[code], name, division_type, own_code, day), []


def _commune_problem(code: str, communes: dict[str, Unit]) -> str:
    if not code:
        return "Chưa có mã xã/phường."
    if code not in communes:
        return f"Không có xã/phường/đặc khu đang hoạt động mã {code}."
    return ""


def _required_problem(value: str, max_length: int, if_empty: str) -> str:
    if not value:
        return if_empty
    if len(value) > max_length:
        return f"Dài quá {max_length} ký tự."
    return ""


def _parse_day(value: object, default_day: dt.date) -> tuple[dt.date, str]:
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = _text(value)
    if not text:
        return default_day, ""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date(), ""  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return default_day, f"Ngày không hợp lệ: {text} (ghi dạng 31/12/2025 hoặc 2025-12-31)."


def _check_unique(row: VillageRow, taken_names: dict, taken_codes: dict) -> list[RowError]:
    """Names are unique within a commune, codes everywhere; `taken_*` remember the row (0: the
    database) that took them."""
    errors = []
    key = (row.commune.pk, _name_key(row.name))
    if key in taken_names:
        first = taken_names[key]
        where = f"trùng với dòng {first}" if first else f"đã có trong {row.commune.name}"
        errors.append(RowError(row.row, "name", f"Tên “{row.name}” {where}."))
    else:
        taken_names[key] = row.row
    if row.code and row.code in taken_codes:
        first = taken_codes[row.code]
        where = f"trùng với dòng {first}" if first else "đã được dùng cho đơn vị khác"
        errors.append(RowError(row.row, "code", f"Mã {row.code} {where}."))
    elif row.code:
        taken_codes[row.code] = row.row
    return errors


# --- Writing ---------------------------------------------------------------------------------


def _create(rows: list[VillageRow]) -> list[Unit]:
    used = _used_codes(rows)
    units = []
    for row in rows:
        code = row.code or _generated_code(row.commune.code, used)
        units.append(
            Unit(
                kind=UnitKind.VILLAGE,
                code=code,
                name=row.name,
                division_type=row.division_type,
                parent=row.commune,
                valid_from=row.valid_from,
                path=f"~village/{code}",
            )
        )
    Unit.objects.bulk_create(units)
    for unit in units:
        # bulk_create skips save(), where a unit computes its materialized path.
        unit.path = unit.compute_path()
        unit.depth = unit.parent.depth + 1
    Unit.objects.bulk_update(units, ["path", "depth"], batch_size=500)
    return units


def _used_codes(rows: list[VillageRow]) -> set[str]:
    """Codes a generated one must avoid: those under the communes' prefixes and the file's own."""
    used = {row.code for row in rows if row.code}
    for commune_code in {row.commune.code for row in rows if not row.code}:
        prefixed = Unit.objects.filter(code__startswith=f"{commune_code}-")
        used.update(prefixed.values_list("code", flat=True))
    return used


def _generated_code(commune_code: str, used: set[str]) -> str:
    n = 1
    while f"{commune_code}-{n:03d}" in used:
        n += 1
    code = f"{commune_code}-{n:03d}"
    used.add(code)
    return code


def _audit(units: list[Unit], filename: str, by) -> None:
    from danvan.audit.services import record

    communes = {unit.parent for unit in units}
    record(
        "units.imported",
        actor=by,
        unit=communes.pop() if len(communes) == 1 else None,
        data={"count": len(units), "file": Path(filename).name if filename else ""},
    )
