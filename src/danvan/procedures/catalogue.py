"""The catalogue as an .xlsx workbook: export, and an all-or-nothing import with per-row errors.

Three sheets (procedures, components, steps) with Vietnamese headers. Choices are written as
their Vietnamese labels and read back from either the label or the code, so an office can edit
the file by hand and export → import gives the same catalogue.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from danvan.accounts.models import Role
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core.errors import Invalid
from danvan.procedures.models import (
    CopyKind,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureComponent,
    ProcedureStep,
    SupplementRule,
    TimeUnit,
)

register(
    "procedures.catalogue.imported",
    "Nhập danh mục thủ tục hành chính từ tệp Excel ({count} thủ tục: {created} mới, {updated} cập nhật)",
)

SHEET_PROCEDURES = "Thủ tục"
SHEET_COMPONENTS = "Thành phần hồ sơ"
SHEET_STEPS = "Các bước xử lý"
CODE_RE = re.compile(r"^[0-9A-Za-z.\-]{1,40}$")
THOUSANDS_RE = re.compile(r"^\d{1,3}([. ]\d{3})+$")
VAULT_TYPE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
YES, NO = "Có", "Không"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text, required, decimal, int, positive, bool, choice, role, list
    choices: type | None = None
    default: object = None


PROCEDURE_COLUMNS = [
    Column("Mã thủ tục", "code", "required"),
    Column("Tên thủ tục", "name", "required"),
    Column("Lĩnh vực", "field", "required"),
    Column("Cấp thực hiện", "level", "choice", Level, Level.COMMUNE),
    Column("Thời hạn giải quyết", "time_value", "decimal"),
    Column("Đơn vị thời hạn", "time_unit", "choice", TimeUnit, ""),
    Column("Áp dụng mốc 15 giờ", "cutoff_15h", "bool", default=False),
    Column("Thủ tục không chờ", "is_no_wait", "bool", default=False),
    Column("Mục tiêu trả ngay (phút)", "no_wait_target_minutes", "positive", default=60),
    Column("Không hẹn ngày trả", "has_no_appointment", "bool", default=False),
    Column("Phí, lệ phí (đồng)", "fee_vnd", "int"),
    Column("Ghi chú phí", "fee_note"),
    Column("Kết quả", "result_name"),
    Column("Kết quả là giấy tờ", "needs_paper_result", "bool", default=True),
    Column("Mức trực tuyến", "online_level", "choice", OnlineLevel, OnlineLevel.UNKNOWN),
    Column("Đối tượng là cá nhân", "person_applicant", "bool", default=True),
    Column("Kết nối CSDL dân cư", "uses_population_data", "bool", default=False),
    Column(
        "Khi bổ sung hồ sơ", "supplement_rule", "choice", SupplementRule, SupplementRule.RESTART
    ),
    Column("Căn cứ pháp lý", "legal_basis"),
    Column("Nguồn", "source_url"),
    Column("Đang áp dụng", "is_active", "bool", default=True),
]
COMPONENT_COLUMNS = [
    Column("Mã thủ tục", "procedure", "required"),
    Column("STT", "position", "positive"),
    Column("Tên giấy tờ", "name", "required"),
    Column("Loại bản", "copy_kind", "choice", CopyKind, CopyKind.ORIGINAL),
    Column("Số lượng", "quantity", "positive", default=1),
    Column("Chỉ xuất trình", "shown_only", "bool", default=False),
    Column("Bắt buộc", "required", "bool", default=True),
    Column("Loại giấy tờ trong kho dữ liệu", "vault_types", "list", default=()),
]
STEP_COLUMNS = [
    Column("Mã thủ tục", "procedure", "required"),
    Column("STT", "position", "positive"),
    Column("Bước", "name", "required"),
    Column("Vai trò thực hiện", "role", "role"),
    Column("Thời gian (giờ làm việc)", "budget_hours", "decimal"),
    Column("Ghi chú", "note"),
]
SHEETS = [
    (SHEET_PROCEDURES, PROCEDURE_COLUMNS),
    (SHEET_COMPONENTS, COMPONENT_COLUMNS),
    (SHEET_STEPS, STEP_COLUMNS),
]


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Sheet “{self.sheet}”, dòng {self.row}, cột “{self.column}”: {self.message}"


class CatalogueInvalid(Invalid):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(
            "procedures.catalogue_invalid",
            f"Tệp danh mục có {len(errors)} lỗi; chưa có thay đổi nào được lưu.",
            fields={f"{e.sheet}!{e.row}!{e.column}": e.message for e in errors},
        )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    codes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- display helpers


def format_vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def fee_text(procedure: Procedure) -> str:
    """The fee as shown to citizens; an empty fee is unconfirmed, never zero."""
    if procedure.fee_vnd is None:
        return "Chưa xác nhận"
    if procedure.fee_vnd == 0:
        return "Miễn phí, lệ phí"
    return format_vnd(procedure.fee_vnd)


def source_links(procedure: Procedure) -> list[str]:
    return [u.strip() for u in procedure.source_url.split(" ; ") if u.strip()]


# ---------------------------------------------------------------- export


def _cell_value(obj, col: Column):
    value = getattr(obj, col.field)
    if col.kind == "bool":
        return YES if value else NO
    if col.kind == "choice" or col.kind == "role":
        choices = col.choices or Role
        return choices(value).label if value else ""
    if col.kind == "list":
        return ", ".join(value or [])
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value if value is not None else ""


def _write_sheet(ws, columns: list[Column], rows) -> None:
    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for obj in rows:
        ws.append([_cell_value(obj, c) for c in columns])


def export_catalogue(queryset=None) -> bytes:
    procedures = list(
        (queryset if queryset is not None else Procedure.objects.all()).order_by("code")
    )
    components = ProcedureComponent.objects.filter(procedure__in=procedures).select_related(
        "procedure"
    )
    steps = ProcedureStep.objects.filter(procedure__in=procedures).select_related("procedure")
    wb = Workbook()
    wb.active.title = SHEET_PROCEDURES
    _write_sheet(wb.active, PROCEDURE_COLUMNS, procedures)
    _write_sheet(
        wb.create_sheet(SHEET_COMPONENTS),
        COMPONENT_COLUMNS,
        [_Row(c) for c in components.order_by("procedure__code", "position")],
    )
    _write_sheet(
        wb.create_sheet(SHEET_STEPS),
        STEP_COLUMNS,
        [_Row(s) for s in steps.order_by("procedure__code", "position")],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class _Row:
    """A component or step seen with its procedure's code in place of the foreign key."""

    def __init__(self, obj):
        self.__dict__.update({k: v for k, v in vars(obj).items() if not k.startswith("_")})
        self.procedure = obj.procedure.code


# ---------------------------------------------------------------- parsing cells


def _text(raw) -> str:
    return "" if raw is None else str(raw).strip()


def _parse_bool(raw, col: Column):
    text = _text(raw).lower()
    if not text:
        return col.default
    if text in ("có", "x", "yes", "true", "1", "c"):
        return True
    if text in ("không", "no", "false", "0", "k"):
        return False
    raise ValueError("Chỉ nhận “Có” hoặc “Không”.")


def _parse_choice(raw, col: Column):
    text = _text(raw)
    if not text and col.kind == "role":
        raise ValueError("Không được để trống.")
    if not text:
        return col.default
    choices = col.choices or Role
    for value, label in choices.choices:
        if text.lower() in (value.lower(), label.lower()):
            return value
    allowed = "; ".join(label for _, label in choices.choices)
    raise ValueError(f"Giá trị “{text}” không hợp lệ. Chọn một trong: {allowed}.")


def _parse_decimal(raw, col: Column):
    text = _text(raw).replace(",", ".")
    if not text:
        return col.default
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError("Phải là một số.") from None
    if value < 0 or value >= 100_000 or value != value.quantize(Decimal("0.1")):
        raise ValueError("Phải là số không âm, tối đa một chữ số thập phân.")
    return value


def _parse_int(raw, col: Column):
    text = _text(raw)
    if THOUSANDS_RE.match(text):  # "8.000" as typed in Vietnamese
        text = text.replace(".", "").replace(" ", "")
    if not text and col.kind == "positive" and col.default is None:
        raise ValueError("Không được để trống.")
    if not text:
        return col.default
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("Phải là một số nguyên.") from None
    if number != number.to_integral_value() or number < 0:
        raise ValueError("Phải là một số nguyên không âm.")
    if col.kind == "positive" and number < 1:
        raise ValueError("Phải lớn hơn 0.")
    return int(number)


def _parse_list(raw, col: Column):
    items = [p.strip() for p in _text(raw).split(",") if p.strip()]
    bad = [p for p in items if not VAULT_TYPE_RE.match(p)]
    if bad:
        raise ValueError(f"Mã loại giấy tờ không hợp lệ: {', '.join(bad)}.")
    return items


def _parse_required(raw, col: Column):
    text = _text(raw)
    if not text:
        raise ValueError("Không được để trống.")
    if col.field in ("code", "procedure") and not CODE_RE.match(text):
        raise ValueError("Mã thủ tục chỉ gồm chữ, số, dấu chấm và gạch ngang (tối đa 40 ký tự).")
    return text


PARSERS = {
    "text": lambda raw, col: _text(raw),
    "required": _parse_required,
    "decimal": _parse_decimal,
    "int": _parse_int,
    "positive": _parse_int,
    "bool": _parse_bool,
    "choice": _parse_choice,
    "role": _parse_choice,
    "list": _parse_list,
}


# ---------------------------------------------------------------- reading the workbook


@dataclass
class _Sheet:
    name: str
    rows: list[tuple[int, dict]] = field(default_factory=list)


def _header_map(sheet_name: str, header, columns, errors) -> dict[str, int] | None:
    names = [_text(h) for h in header]
    found = {}
    for col in columns:
        if col.header not in names:
            errors.append(RowError(sheet_name, 1, col.header, "Thiếu cột này ở dòng tiêu đề."))
        else:
            found[col.field] = names.index(col.header)
    return found if len(found) == len(columns) else None


def _parse_row(sheet_name: str, number: int, cells, columns, index, errors) -> dict:
    values = {}
    for col in columns:
        raw = cells[index[col.field]] if index[col.field] < len(cells) else None
        try:
            values[col.field] = PARSERS[col.kind](raw, col)
        except ValueError as exc:
            errors.append(RowError(sheet_name, number, col.header, str(exc)))
    return values


def _read_sheet(wb, name: str, columns, errors) -> _Sheet:
    sheet = _Sheet(name)
    if name not in wb.sheetnames:
        errors.append(RowError(name, 0, "", f"Tệp thiếu sheet “{name}”."))
        return sheet
    rows = wb[name].iter_rows(values_only=True)
    index = _header_map(name, next(rows, ()) or (), columns, errors)
    if index is None:
        return sheet
    for number, cells in enumerate(rows, start=2):
        if all(_text(c) == "" for c in cells):
            continue
        sheet.rows.append((number, _parse_row(name, number, cells, columns, index, errors)))
    return sheet


def _open_workbook(data: bytes):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise Invalid(
            "procedures.catalogue_unreadable",
            "Không đọc được tệp. Hãy dùng tệp .xlsx xuất từ hệ thống.",
        ) from exc


# ---------------------------------------------------------------- cross-row checks


def _check_procedures(sheet: _Sheet, errors) -> dict[str, dict]:
    by_code: dict[str, dict] = {}
    for number, values in sheet.rows:
        code = values.get("code")
        if code in by_code:
            errors.append(RowError(sheet.name, number, "Mã thủ tục", f"Mã {code} bị trùng."))
        elif code:
            by_code[code] = values
        _check_time(sheet.name, number, values, errors)
    return by_code


def _check_time(sheet_name: str, number: int, values: dict, errors) -> None:
    has_value = values.get("time_value") is not None
    has_unit = bool(values.get("time_unit"))
    if has_value and not has_unit:
        errors.append(
            RowError(
                sheet_name, number, "Đơn vị thời hạn", "Có thời hạn nhưng thiếu đơn vị thời hạn."
            )
        )
    if has_unit and not has_value:
        errors.append(
            RowError(
                sheet_name,
                number,
                "Thời hạn giải quyết",
                "Có đơn vị thời hạn nhưng thiếu thời hạn (để trống cả hai nếu chưa xác nhận).",
            )
        )


def _group_children(sheet: _Sheet, codes: set[str], errors) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {code: [] for code in codes}
    seen: set[tuple[str, int]] = set()
    for number, values in sheet.rows:
        code, position = values.get("procedure"), values.get("position")
        if code and code not in codes:
            errors.append(
                RowError(
                    sheet.name,
                    number,
                    "Mã thủ tục",
                    f"Mã {code} không có trong sheet “{SHEET_PROCEDURES}”.",
                )
            )
            continue
        if code and position is not None and (code, position) in seen:
            errors.append(
                RowError(sheet.name, number, "STT", f"STT {position} của thủ tục {code} bị trùng.")
            )
        if code and position is not None:
            seen.add((code, position))
            grouped[code].append(values)
    return grouped


def _check_steps(sheet: _Sheet, errors) -> None:
    for number, values in sheet.rows:
        if "budget_hours" in values and values["budget_hours"] is None:
            errors.append(
                RowError(sheet.name, number, "Thời gian (giờ làm việc)", "Không được để trống.")
            )


# ---------------------------------------------------------------- writing


def _save_procedure(values: dict, components: list[dict], steps: list[dict]) -> bool:
    fields = {k: v for k, v in values.items() if k != "code"}
    procedure, created = Procedure.objects.update_or_create(code=values["code"], defaults=fields)
    _sync_children(procedure, ProcedureComponent, components)
    _sync_children(procedure, ProcedureStep, steps)
    return created


def _sync_children(procedure: Procedure, model, rows: list[dict]) -> None:
    # Matched by position so ids other apps may point at are kept.
    positions = []
    for values in rows:
        fields = {k: v for k, v in values.items() if k not in ("procedure", "position")}
        model.objects.update_or_create(
            procedure=procedure, position=values["position"], defaults=fields
        )
        positions.append(values["position"])
    model.objects.filter(procedure=procedure).exclude(position__in=positions).delete()


def import_catalogue(data: bytes, *, by=None, filename: str = "") -> ImportResult:
    """Create or update every procedure in the workbook, or nothing if any row has an error."""
    errors: list[RowError] = []
    wb = _open_workbook(data)
    sheets = [_read_sheet(wb, name, columns, errors) for name, columns in SHEETS]
    wb.close()
    procedures = _check_procedures(sheets[0], errors)
    components = _group_children(sheets[1], set(procedures), errors)
    _check_steps(sheets[2], errors)
    steps = _group_children(sheets[2], set(procedures), errors)
    if errors:
        raise CatalogueInvalid(errors)
    return _apply(procedures, components, steps, by=by, filename=filename)


@transaction.atomic
def _apply(procedures, components, steps, *, by, filename: str) -> ImportResult:
    result = ImportResult(codes=sorted(procedures))
    for code, values in procedures.items():
        created = _save_procedure(values, components[code], steps[code])
        result.created += created
        result.updated += not created
    record(
        "procedures.catalogue.imported",
        actor=by,
        data={
            "count": len(procedures),
            "created": result.created,
            "updated": result.updated,
            "filename": filename[:200],
        },
    )
    return result
