"""One importer for .xlsx and .csv files (docs/importing.md).

    SCHEMA = Schema("movement.practices", columns=[Column("name", _("Tên mô hình"), required=True),
                    Column("unit", _("Đơn vị"), type="unit"), ...], key=lambda row: ...)
    report = run_import(SCHEMA, data, filename, write=save_rows, mode="all", dry_run=False,
                        progress=lambda done, total: ...)
    template_xlsx(SCHEMA) -> bytes

Every row is validated (cells, look-ups in bulk, uniqueness in the file and against the
database) before anything is written; with mode="all" nothing is written if any row fails.
"""

from danvan.core.importing.cells import register_type
from danvan.core.importing.reading import sniff
from danvan.core.importing.run import MODES, ImportReport, read, read_book, run_import, write_rows
from danvan.core.importing.schema import CellError, Column, Row, RowError, Schema, Unique
from danvan.core.importing.template import errors_xlsx, template_xlsx
from danvan.core.importing.validate import ColumnsInvalid, Parsed

__all__ = [
    "MODES",
    "CellError",
    "Column",
    "ColumnsInvalid",
    "ImportReport",
    "Parsed",
    "Row",
    "RowError",
    "Schema",
    "Unique",
    "errors_xlsx",
    "read",
    "read_book",
    "register_type",
    "run_import",
    "sniff",
    "template_xlsx",
    "write_rows",
]
