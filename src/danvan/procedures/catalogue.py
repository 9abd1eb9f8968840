"""The catalogue as an .xlsx workbook: export, and an import with per-row errors.

Three sheets (procedures, components, steps) with Vietnamese headers, read by the shared importer
(`danvan.core.importing`). Choices are written as their Vietnamese labels and read back from
either the label or the code, so an office can edit the file by hand and export → import gives
the same catalogue. All or nothing by default; mode="valid_rows" saves every procedure whose
rows (its own, its components' and its steps') are all valid, and reports the others.
"""

import io
import re
from decimal import Decimal

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from danvan.accounts.models import Role
from danvan.audit.registry import register
from danvan.audit.services import record
from danvan.core import formatting
from danvan.core.errors import Invalid
from danvan.core.importing import (
    MODES,
    Column,
    ImportReport,
    RowError,
    Schema,
    Unique,
    read_book,
    sniff,
)
from danvan.core.text import squash
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
    gettext_lazy(
        "Nhập danh mục thủ tục hành chính từ tệp Excel ({count} thủ tục: {created} mới, {updated} cập nhật)"
    ),
)

SHEET_PROCEDURES = "Thủ tục"
SHEET_COMPONENTS = "Thành phần hồ sơ"
SHEET_STEPS = "Các bước xử lý"
CODE_RE = re.compile(r"^[0-9A-Za-z.\-]{1,40}$")
VAULT_TYPE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CODE_MESSAGE = "Mã thủ tục chỉ gồm chữ, số, dấu chấm và gạch ngang (tối đa 40 ký tự)."


def _code(key: str) -> Column:
    return Column(key, "Mã thủ tục", required=True, pattern=CODE_RE, pattern_message=CODE_MESSAGE)


def _position() -> Column:
    return Column("position", "STT", type="int", required=True, min_value=1)


PROCEDURE_COLUMNS = [
    _code("code"),
    Column("name", "Tên thủ tục", required=True),
    Column("field", "Lĩnh vực", required=True),
    Column("level", "Cấp thực hiện", type="choice", choices=Level, default=Level.COMMUNE),
    Column(
        "time_value",
        "Thời hạn giải quyết",
        type="decimal",
        min_value=0,
        max_value=Decimal("99999.9"),
        decimal_places=1,
    ),
    Column("time_unit", "Đơn vị thời hạn", type="choice", choices=TimeUnit, default=""),
    Column("cutoff_15h", "Áp dụng mốc 15 giờ", type="bool", default=False),
    Column("is_no_wait", "Thủ tục không chờ", type="bool", default=False),
    Column(
        "no_wait_target_minutes", "Mục tiêu trả ngay (phút)", type="int", min_value=1, default=60
    ),
    Column("has_no_appointment", "Không hẹn ngày trả", type="bool", default=False),
    Column("fee_vnd", "Phí, lệ phí (đồng)", type="int", min_value=0),
    Column("fee_note", "Ghi chú phí"),
    Column("result_name", "Kết quả"),
    Column("needs_paper_result", "Kết quả là giấy tờ", type="bool", default=True),
    Column(
        "online_level",
        "Mức trực tuyến",
        type="choice",
        choices=OnlineLevel,
        default=OnlineLevel.UNKNOWN,
    ),
    Column("person_applicant", "Đối tượng là cá nhân", type="bool", default=True),
    Column("uses_population_data", "Kết nối CSDL dân cư", type="bool", default=False),
    Column(
        "supplement_rule",
        "Khi bổ sung hồ sơ",
        type="choice",
        choices=SupplementRule,
        default=SupplementRule.RESTART,
    ),
    Column("legal_basis", "Căn cứ pháp lý"),
    Column("source_url", "Nguồn"),
    Column("is_active", "Đang áp dụng", type="bool", default=True),
]
COMPONENT_COLUMNS = [
    _code("procedure"),
    _position(),
    Column("name", "Tên giấy tờ", required=True),
    Column("copy_kind", "Loại bản", type="choice", choices=CopyKind, default=CopyKind.ORIGINAL),
    Column("quantity", "Số lượng", type="int", min_value=1, default=1),
    Column("shown_only", "Chỉ xuất trình", type="bool", default=False),
    Column("required", "Bắt buộc", type="bool", default=True),
    Column(
        "vault_types",
        "Loại giấy tờ trong kho dữ liệu",
        type="list",
        pattern=VAULT_TYPE_RE,
        pattern_message="Mã loại giấy tờ không hợp lệ: %(v)s.",
    ),
]
STEP_COLUMNS = [
    _code("procedure"),
    _position(),
    Column("name", "Bước", required=True),
    Column("role", "Vai trò thực hiện", type="choice", choices=Role, required=True),
    Column(
        "budget_hours",
        "Thời gian (giờ làm việc)",
        type="decimal",
        required=True,
        min_value=0,
        max_value=Decimal("99999.9"),
        decimal_places=1,
    ),
    Column("note", "Ghi chú"),
]


def _check_time(row) -> list[tuple[str, str]]:
    has_value, has_unit = row["time_value"] is not None, bool(row["time_unit"])
    if has_value and not has_unit:
        return [("time_unit", "Có thời hạn nhưng thiếu đơn vị thời hạn.")]
    if has_unit and not has_value:
        message = "Có đơn vị thời hạn nhưng thiếu thời hạn (để trống cả hai nếu chưa xác nhận)."
        return [("time_value", message)]
    return []


def _child_position(row, first) -> str:
    return f"STT {row['position']} của thủ tục {row['procedure']} bị trùng."


def _sheet(name: str, columns: list[Column], **options) -> Schema:
    return Schema(
        name=f"procedures.{name}",
        columns=columns,
        sheet=name,
        all_columns=True,
        extra_columns="ignore",
        allow_empty=True,
        **options,
    )


PROCEDURES = _sheet(
    SHEET_PROCEDURES,
    PROCEDURE_COLUMNS,
    unique=[Unique("code", lambda r: r["code"], message=lambda r, f: f"Mã {r['code']} bị trùng.")],
    check=_check_time,
)
CHILD_UNIQUE = [
    Unique("position", lambda r: (r["procedure"], r["position"]), message=_child_position)
]
COMPONENTS = _sheet(SHEET_COMPONENTS, COMPONENT_COLUMNS, unique=CHILD_UNIQUE)
STEPS = _sheet(SHEET_STEPS, STEP_COLUMNS, unique=CHILD_UNIQUE)
SCHEMAS = [PROCEDURES, COMPONENTS, STEPS]


class CatalogueInvalid(Invalid):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(
            "procedures.catalogue_invalid",
            f"Tệp danh mục có {len(errors)} lỗi; chưa có thay đổi nào được lưu.",
            fields={f"{e.sheet}!{e.row}!{e.column}": e.message for e in errors},
        )


# ---------------------------------------------------------------- display helpers


def fee_text(procedure: Procedure) -> str:
    """The fee as shown to citizens; an empty fee is unconfirmed, never zero."""
    if procedure.fee_vnd is None:
        return str(_("Chưa xác nhận"))
    if procedure.fee_vnd == 0:
        return str(_("Miễn phí, lệ phí"))
    return formatting.vnd(procedure.fee_vnd)


def source_links(procedure: Procedure) -> list[str]:
    return [u.strip() for u in procedure.source_url.split(" ; ") if u.strip()]


# ---------------------------------------------------------------- export


def _cell_value(obj, col: Column):
    value = getattr(obj, col.key)
    if col.type == "bool":
        return "Có" if value else "Không"
    if col.type == "choice":
        # the exported file is re-imported: its labels stay Vietnamese whatever the page language
        with translation.override("vi"):
            return str(col.choices(value).label) if value else ""
    if col.type == "list":
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


# ---------------------------------------------------------------- import


def _read(data: bytes, filename: str) -> dict:
    """The three sheets, each a Parsed or the problem (Invalid) that kept it from being read."""
    try:
        kind = sniff(data, filename)
        book = read_book(SCHEMAS, data, filename) if kind == "xlsx" else None
    except Invalid as exc:
        raise Invalid("procedures.catalogue_unreadable", exc.message) from exc
    if book is None:
        raise Invalid(
            "procedures.catalogue_unreadable",
            _("Không đọc được tệp. Hãy dùng tệp .xlsx (ba sheet) xuất từ hệ thống."),
        )
    return book


def _sheet_errors(schema: Schema, sheet) -> list[RowError]:
    """A sheet that could not be read (missing, wrong header) as errors on its header row."""
    name = schema.sheet
    missing = getattr(sheet, "missing", None)
    if missing:
        return [
            RowError(sheet.header_row, c.header, "Thiếu cột này ở dòng tiêu đề.", name, c.key)
            for c in missing
        ]
    if sheet.code == "import.missing_sheet":
        return [RowError(0, "", f"Tệp thiếu sheet “{name}”.", name)]
    return [RowError(getattr(sheet, "header_row", 0), "", sheet.message, name)]


def _code_of(row, key: str) -> str:
    return row.get(key) or squash(row.raw.get(key))


def _unknown_parents(children, codes: set[str]) -> None:
    for row in children.rows:
        code = row.get("procedure")
        if code and code not in codes:
            children.add_error(
                row, "procedure", f"Mã {code} không có trong sheet “{SHEET_PROCEDURES}”."
            )


def import_catalogue(
    data: bytes, *, by=None, filename: str = "", mode: str = "all", dry_run: bool = False
) -> ImportReport:
    """Create or update every procedure in the workbook, or nothing if any row has an error
    (mode="all", raises CatalogueInvalid). mode="valid_rows" saves the procedures whose rows
    are all valid and returns the errors of the others in the report."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    book = _read(data, filename)
    problems = [
        error
        for schema in SCHEMAS
        if isinstance(book[schema.name], Invalid)
        for error in _sheet_errors(schema, book[schema.name])
    ]
    if problems:
        raise CatalogueInvalid(problems)
    procedures, components, steps = (book[s.name] for s in SCHEMAS)
    codes = {row["code"] for row in procedures.rows if row.get("code")}
    _unknown_parents(components, codes)
    _unknown_parents(steps, codes)
    errors = procedures.errors + components.errors + steps.errors
    report = ImportReport(total=len(procedures.rows), errors=errors, mode=mode, dry_run=dry_run)
    if errors and mode == "all":
        raise CatalogueInvalid(errors)
    chosen = _writable(procedures, components, steps)
    report.valid = len(chosen)
    if not dry_run and chosen:
        _apply(chosen, components, steps, report, by=by, filename=filename)
    return report


def _writable(procedures, components, steps) -> dict[str, dict]:
    """The procedures to save: valid, with every component and step valid too. A bad child row
    whose procedure cannot be told saves nothing (saving would drop that child)."""
    tainted = {_code_of(r, "code") for r in procedures.rows if r.errors}
    for children in (components, steps):
        for row in children.rows:
            if row.errors and not _code_of(row, "procedure"):
                raise CatalogueInvalid(procedures.errors + components.errors + steps.errors)
            if row.errors:
                tainted.add(_code_of(row, "procedure"))
    return {r["code"]: r for r in procedures.valid if r["code"] not in tainted}


@transaction.atomic
def _apply(chosen: dict, components, steps, report: ImportReport, *, by, filename: str) -> None:
    by_parent = {"components": _group(components), "steps": _group(steps)}
    for code, values in chosen.items():
        created = _save_procedure(
            values, by_parent["components"].get(code, []), by_parent["steps"].get(code, [])
        )
        report.created += created
        report.updated += not created
    record(
        "procedures.catalogue.imported",
        actor=by,
        data={
            "count": len(chosen),
            "created": report.created,
            "updated": report.updated,
            "skipped": report.total - len(chosen),
            "filename": filename[:200],
        },
    )


def _group(parsed) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in parsed.valid:
        grouped.setdefault(row["procedure"], []).append(row)
    return grouped


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
