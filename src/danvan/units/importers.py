"""Import villages and residential groups (thôn, tổ dân phố, bản, ấp...) below communes.

Built on the shared importer (`danvan.core.importing`, docs/importing.md). All or nothing by
default: every row is checked first and the errors are collected per row and column; rows are
written, in one transaction, only when the whole file is clean (mode="valid_rows" writes the
valid rows and reports the others). A file half imported by accident would leave a commune's
list wrong with no way to tell which half made it.
"""

import dataclasses
import datetime as dt
from pathlib import Path
from typing import BinaryIO

from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.audit.services import record
from danvan.core.errors import Invalid
from danvan.core.importing import (
    CellError,
    Column,
    ImportReport,
    RowError,
    Schema,
    Unique,
    register_type,
    run_import,
    template_xlsx,
)
from danvan.core.text import loose, squash
from danvan.units import services
from danvan.units.models import LAST_LEGACY_DAY, Unit, UnitKind

FILE_ROW = 0  # row number of errors about the whole file (unreadable, missing column)
MAX_NAME = Unit._meta.get_field("name").max_length
MAX_CODE = Unit._meta.get_field("code").max_length
MAX_TYPE = Unit._meta.get_field("division_type").max_length


# --- The "unit" column type of every importer -----------------------------------------------


def parse_unit(raw, column: Column) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a code typed in a number cell: 70 for 00070
    return squash(raw)


def resolve_units(values: set, column: Column, context: dict) -> dict:
    found = services.resolve_units(
        values, kinds=column.kinds, within=context.get("within"), day=context.get("day")
    )
    return {
        text: unit if isinstance(unit, Unit) else CellError(unit) for text, unit in found.items()
    }


def describe_unit(column: Column) -> str:
    kinds = ", ".join(str(UnitKind(kind).label) for kind in column.kinds)
    return kinds or _("Đơn vị hành chính")


def resolve_units_or_old_districts(values: set, column: Column, context: dict) -> dict:
    """As "unit" for today's units, and a district abolished on 1 July 2025 for a text that names
    one: its 3-digit code ("002", or 2 as a spreadsheet writes it), or a name no current unit
    has ("Quận Hoàn Kiếm", "Huyện Ba Vì"). For records of the years before the reform, which
    the importer's row check must hold to (a district is filed for a date before 1 July 2025
    only); an old district does not lead to today's communes as an old commune does."""
    current = dataclasses.replace(
        column, kinds=tuple(k for k in column.kinds if k != UnitKind.DISTRICT)
    )
    found = resolve_units(values, current, context)
    unresolved = {t for t, r in found.items() if not isinstance(r, Unit)}
    codes = {t for t in values if t.isdigit() and len(t) == 3} - unresolved  # "002" as text
    if unresolved or codes:
        districts = _old_districts(unresolved | codes, context.get("within"))
        found |= {t: d for t, d in districts.items() if t in unresolved or isinstance(d, Unit)}
    return found


def _old_districts(texts: set, within) -> dict:
    pool = Unit.objects.filter(kind=UnitKind.DISTRICT, valid_to__lte=LAST_LEGACY_DAY)
    by_code, by_name = {}, {}
    for unit in pool.only("pk", "code", "name", "division_type", "kind", "path", "valid_to"):
        by_code[unit.code] = unit
        for key in services.name_keys(unit):
            by_name.setdefault(key, []).append(unit)
    paths = (
        [u.path for u in (within if isinstance(within, list | tuple | set) else [within])]
        if within
        else None
    )
    found = {}
    for text in texts:
        units = (
            [by_code[text.zfill(3)]]
            if text.isdigit() and text.zfill(3) in by_code
            else by_name.get(loose(text), [])
        )
        if len(units) > 1:
            listed = ", ".join(f"{u.name} ({u.code})" for u in units[:4])
            found[text] = CellError(
                _("Có nhiều đơn vị tên “%(name)s”: %(units)s; hãy ghi mã đơn vị.")
                % {"name": text, "units": listed}
            )
        elif units:
            unit = units[0]
            if paths is not None and not any(unit.path.startswith(p) for p in paths):
                scope = ", ".join(
                    u.name for u in (within if isinstance(within, list | tuple | set) else [within])
                )
                found[text] = CellError(
                    _("%(what)s không thuộc %(scope)s.")
                    % {"what": f"“{text}” ({unit.code})", "scope": scope}
                )
            else:
                found[text] = unit
    return found


def register_unit_type() -> None:
    """Called from UnitsConfig.ready(): the core importer knows units only through this.
    "unit_history" also accepts the districts abolished on 1 July 2025 (records before it)."""
    register_type("unit", parse_unit, resolve_units, describe_unit)
    register_type("unit_history", parse_unit, resolve_units_or_old_districts, describe_unit)


# --- Villages -------------------------------------------------------------------------------


def _existing_names(keys: set) -> set:
    communes = {commune_id for commune_id, _name in keys}
    villages = Unit.objects.current().filter(kind=UnitKind.VILLAGE, parent_id__in=communes)
    return {
        (parent_id, loose(name)) for parent_id, name in villages.values_list("parent_id", "name")
    }


def _existing_codes(codes: set) -> set:
    return set(Unit.objects.filter(code__in=codes).values_list("code", flat=True))


def _name_message(row, first) -> str:
    if first:
        return _("Tên “%(name)s” trùng với dòng %(first)s.") % {"name": row["name"], "first": first}
    return _("Tên “%(name)s” đã có trong %(commune)s.") % {
        "name": row["name"],
        "commune": row["commune"].name,
    }


def _code_message(row, first) -> str:
    if first:
        return _("Mã %(code)s trùng với dòng %(first)s.") % {"code": row["code"], "first": first}
    return _("Mã %(code)s đã được dùng cho đơn vị khác.") % {"code": row["code"]}


VILLAGES = Schema(
    name="units.villages",
    title=gettext_lazy("Thôn, tổ dân phố"),
    columns=[
        Column(
            "commune",
            gettext_lazy("Xã/phường"),
            type="unit",
            required=True,
            kinds=(UnitKind.COMMUNE,),
            aliases=("commune_code", "Mã xã/phường"),
            required_message=gettext_lazy("Chưa có mã xã/phường."),
            help=gettext_lazy(
                "Mã (00070) hoặc tên (Phường Hoàn Kiếm) của xã, phường, đặc khu đang hoạt động; "
                "tên cũ trước 1/7/2025 được chuyển sang đơn vị mới nếu không bị chia tách."
            ),
            example="00070",
        ),
        Column(
            "name",
            gettext_lazy("Tên"),
            required=True,
            max_length=MAX_NAME,
            aliases=("name", "Tên thôn, tổ dân phố"),
            required_message=gettext_lazy("Tên không được để trống."),
            example="Tổ dân phố số 1",
        ),
        Column(
            "division_type",
            gettext_lazy("Loại"),
            required=True,
            max_length=MAX_TYPE,
            aliases=("division_type",),
            clean=str.lower,
            required_message=gettext_lazy("Chưa ghi loại (thôn, tổ dân phố, bản, ấp...)."),
            help=gettext_lazy("thôn, tổ dân phố, bản, ấp, buôn, sóc..."),
            example="tổ dân phố",
        ),
        Column(
            "code",
            gettext_lazy("Mã"),
            max_length=MAX_CODE,
            aliases=("code",),
            help=gettext_lazy("Để trống: hệ thống đánh số theo mã xã (00070-001, 00070-002...)."),
        ),
        Column(
            "valid_from",
            gettext_lazy("Hiệu lực từ ngày"),
            type="date",
            aliases=("valid_from",),
            help=gettext_lazy("Để trống: ngày nhập."),
        ),
    ],
    unique=[
        Unique(
            "name",
            key=lambda row: (row["commune"].pk, loose(row["name"])),
            existing=_existing_names,
            message=_name_message,
        ),
        Unique(
            "code",
            key=lambda row: row["code"] or None,
            existing=_existing_codes,
            message=_code_message,
        ),
    ],
)


def template() -> bytes:
    return template_xlsx(VILLAGES)


def import_villages(
    source: str | Path | BinaryIO,
    *,
    filename: str = "",
    valid_from: dt.date | None = None,
    by=None,
    mode: str = "all",
    dry_run: bool = False,
    progress=None,
    within=None,
) -> ImportReport:
    """Import a .xlsx or .csv file with the columns Xã/phường, Tên, Loại[, Mã, Hiệu lực từ ngày]
    (or their English names commune_code, name, division_type, code, valid_from). `source` is a
    path or a binary file object (e.g. an uploaded file). A file that cannot be read is one
    error on row 0. `within`: the unit(s) the communes must belong to."""
    name = filename or str(getattr(source, "name", source) or "")
    write = VillageWriter(valid_from or timezone.localdate())
    try:
        data = _read_bytes(source)
        report = run_import(
            VILLAGES,
            data,
            name,
            write=write,
            mode=mode,
            dry_run=dry_run,
            progress=progress,
            context={"within": within},
        )
    except Invalid as exc:
        return ImportReport(
            errors=[RowError(FILE_ROW, "", exc.message)], mode=mode, dry_run=dry_run
        )
    if report.created:
        _audit(report, name, by, write.communes)
    return report


def _read_bytes(source: str | Path | BinaryIO) -> bytes:
    try:
        if isinstance(source, str | Path):
            return Path(source).read_bytes()
        source.seek(0)
        return source.read()
    except OSError as exc:
        message = _("Không đọc được tệp: %(reason)s.") % {"reason": exc.strerror or exc}
        raise Invalid("import.unreadable", message) from exc


# --- Writing ---------------------------------------------------------------------------------


class VillageWriter:
    """Creates the villages of each chunk in three queries: the codes already used under the
    chunk's new communes, the insert, and one UPDATE that sets every materialized path."""

    def __init__(self, default_day: dt.date):
        self.default_day = default_day
        self.used: set[str] = set()
        self.communes: set[Unit] = set()
        self.next_number: dict[str, int] = {}

    def __call__(self, rows) -> int:
        self._learn_codes(rows)
        units = [self._unit(row) for row in rows]
        Unit.objects.bulk_create(units)
        # bulk_create skips save(), where a unit computes its materialized path: one UPDATE.
        parent_path = Unit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
        own = LPad(Cast("pk", output_field=CharField()), 8, Value("0"))
        Unit.objects.filter(path__in=[u.path for u in units]).update(
            path=Concat(Subquery(parent_path), own, Value("/"), output_field=CharField())
        )
        return len(units)

    def _learn_codes(self, rows) -> None:
        """Codes a generated one must avoid: those under the communes' prefixes and the file's."""
        self.used.update(row["code"] for row in rows if row["code"])
        new = {row["commune"] for row in rows if not row["code"]} - self.communes
        self.communes |= {row["commune"] for row in rows}
        if new:
            q = Q(pk__in=[])
            for commune in new:
                q |= Q(code__startswith=f"{commune.code}-")
            self.used.update(Unit.objects.filter(q).values_list("code", flat=True))

    def _unit(self, row) -> Unit:
        commune = row["commune"]
        code = row["code"] or self._generated_code(commune.code)
        return Unit(
            kind=UnitKind.VILLAGE,
            code=code,
            name=row["name"],
            division_type=row["division_type"],
            parent=commune,
            depth=commune.depth + 1,
            valid_from=row["valid_from"] or self.default_day,
            path=f"~village/{code}",
        )

    def _generated_code(self, commune_code: str) -> str:
        n = self.next_number.get(commune_code, 1)
        while f"{commune_code}-{n:03d}" in self.used:
            n += 1
        self.next_number[commune_code] = n + 1
        code = f"{commune_code}-{n:03d}"
        self.used.add(code)
        return code


def _audit(report: ImportReport, filename: str, by, communes: set[Unit]) -> None:
    record(
        "units.imported",
        actor=by,
        unit=next(iter(communes)) if len(communes) == 1 else None,
        data={
            "count": report.created,
            "file": Path(filename).name if filename else "",
            "skipped": report.skipped,
        },
    )
