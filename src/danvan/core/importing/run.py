"""run_import: read and validate the whole file, then write in one transaction (or not at all)."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.core.errors import Invalid
from danvan.core.importing.reading import Source
from danvan.core.importing.schema import RowError, Schema
from danvan.core.importing.validate import Parsed, read_sheet

MODES = ("all", "valid_rows")
CHUNK_SIZE = 500


@dataclass
class ImportReport:
    """What an import did. `errors` name the row and column of each problem."""

    total: int = 0  # data rows in the file
    valid: int = 0  # rows without an error
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    mode: str = "all"
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> int:
        return self.created + self.updated

    @property
    def skipped(self) -> int:
        return self.total - self.valid

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row})

    def summary(self) -> str:
        """One Vietnamese sentence for a message or a job page."""
        counts = {"total": self.total, "valid": self.valid, "bad": self.skipped}
        if self.dry_run:
            return (
                _(
                    "Kiểm tra xong %(total)s dòng: %(valid)s dòng hợp lệ, %(bad)s dòng có lỗi; "
                    "chưa ghi gì (chạy thử)."
                )
                % counts
            )
        if self.errors and not self.written:
            return ngettext(
                "Tệp có %(n)s lỗi; chưa có thay đổi nào được lưu.",
                "Tệp có %(n)s lỗi; chưa có thay đổi nào được lưu.",
                len(self.errors),
            ) % {"n": len(self.errors)}
        counts.update(created=self.created, updated=self.updated, written=self.written)
        text = _("Đã nhập %(written)s/%(total)s dòng (%(created)s mới, %(updated)s cập nhật).")
        if self.skipped:
            text += " " + _("%(bad)s dòng có lỗi không được nhập.")
        return text % counts


def run_import(
    schema: Schema,
    data: bytes,
    filename: str = "",
    *,
    write: Callable | None = None,
    mode: str = "all",
    dry_run: bool = False,
    progress: Callable | None = None,
    context: dict | None = None,
    chunk_size: int | None = CHUNK_SIZE,
) -> ImportReport:
    """Validate every row, then call `write(rows)` with successive chunks of valid rows (each a
    `Row`: a dict of parsed values with `.number`), all in one transaction.

    mode="all": nothing is written when any row has an error; mode="valid_rows": the valid rows
    are written and the others reported. dry_run: validate only. `progress(done, total)` after
    each chunk (total: the rows to write). `write` may return the number of rows it created, or
    (created, updated); None counts every row as created. A file that cannot be read raises
    `Invalid` (import.not_spreadsheet, import.missing_columns, import.empty, ...). `context` is
    passed to look-up types, e.g. {"within": [units]} to accept only units of these subtrees.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    if write is not None and not dry_run and any(u.existing for u in schema.uniques):
        # Two imports of overlapping files at once would each find the other's rows absent and
        # both write them: the check against the database and the write are one transaction,
        # and imports of the same kind take turns (the second one then sees the first's rows).
        with transaction.atomic():
            lock_imports(schema.name)
            return _run(schema, data, filename, write, mode, progress, context, chunk_size)
    return _run(schema, data, filename, write, mode, progress, context, chunk_size, dry_run)


def lock_imports(name: str) -> None:
    """Held until the transaction ends. PostgreSQL: a transaction-level advisory lock on the
    schema's name; SQLite: its transactions (BEGIN IMMEDIATE) already take the write lock first."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        digest = hashlib.sha256(f"danvan.import:{name}".encode()).digest()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
            )


def _run(schema, data, filename, write, mode, progress, context, chunk_size, dry_run=False):
    parsed = read(schema, data, filename, context=context)
    report = ImportReport(len(parsed.rows), len(parsed.valid), parsed.errors, mode=mode)
    report.dry_run = dry_run
    rows = parsed.valid
    if dry_run or not rows or (mode == "all" and report.errors) or write is None:
        if progress:
            progress(report.total, report.total)
        return report
    write_rows(rows, write, report, progress=progress, chunk_size=chunk_size)
    return report


def read(schema: Schema, data: bytes, filename: str = "", *, context=None) -> Parsed:
    """Parse and validate one sheet without writing (for importers that write themselves)."""
    source = Source(data, filename)
    try:
        return read_sheet(source, schema, context=context)
    finally:
        source.close()


def read_book(schemas: list[Schema], data: bytes, filename: str = "", *, context=None):
    """Several sheets of one workbook: {schema.name: Parsed, or the Invalid of that sheet
    (a missing sheet, wrong columns)}. A file that is not a workbook raises."""
    source = Source(data, filename)
    try:
        return {s.name: _sheet_or_problem(source, s, context) for s in schemas}
    finally:
        source.close()


def _sheet_or_problem(source: Source, schema: Schema, context) -> "Parsed | Invalid":
    try:
        return read_sheet(source, schema, context=context)
    except Invalid as exc:
        if exc.code in ("import.missing_sheet", "import.missing_columns", "import.empty") or (
            exc.code in ("import.unknown_columns", "import.duplicate_columns")
        ):
            return exc
        raise


def write_rows(rows, write, report: ImportReport, *, progress=None, chunk_size=CHUNK_SIZE):
    size = chunk_size or len(rows)
    with transaction.atomic():
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            created, updated = _counts(write(chunk), len(chunk))
            report.created += created
            report.updated += updated
            if progress:
                progress(start + len(chunk), len(rows))


def _counts(returned, size: int) -> tuple[int, int]:
    if returned is None:
        return size, 0
    if isinstance(returned, int):
        return returned, 0
    created, updated = returned
    return created, updated
