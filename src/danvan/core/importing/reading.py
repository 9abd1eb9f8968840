"""Opening an uploaded file as a table of rows: .xlsx (openpyxl, read-only, streamed) or .csv.

Anything else gets one clear message: a renamed program, an old .xls, an .ods, a web page saved
as .xls, a broken or oversized file, a CSV not in UTF-8. The content decides, not the name.
"""

import csv
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from danvan.core.errors import Invalid
from danvan.core.text import fold

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc, and password-protected .xlsx
ZIP = b"PK\x03\x04"
BINARY_MAGIC = (b"MZ", b"\x7fELF", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_UNZIPPED_RATIO = 100  # an .xlsx inflating more than this is refused (zip bomb)
CSV_DELIMITERS = ",;\t"


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 50_000)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")


def not_spreadsheet(message: str) -> Invalid:
    return Invalid("import.not_spreadsheet", message, fields={"file": message})


def sniff(data: bytes, filename: str = "") -> str:
    """ "xlsx" or "csv", or Invalid with the reason in Vietnamese."""
    limit = max_bytes()
    if len(data) > limit:
        message = _("Tệp nặng %(size)s MB, vượt giới hạn %(limit)s MB; hãy chia thành nhiều tệp.")
        message %= {"size": _megabytes(len(data)), "limit": _megabytes(limit)}
        raise Invalid("import.too_large", message, status=413, fields={"file": message})
    if not data.strip():
        raise Invalid("import.empty", _("Tệp rỗng."), fields={"file": _("Tệp rỗng.")})
    if data.startswith(ZIP):
        return _zip_kind(data)
    if data.startswith(OLE2):
        raise not_spreadsheet(
            _(
                "Tệp Excel cũ (.xls, Excel 97-2003) hoặc tệp có đặt mật khẩu chưa nhận được: hãy "
                "mở bằng Excel, bỏ mật khẩu nếu có, rồi “Lưu thành” Excel Workbook (.xlsx)."
            )
        )
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if data.startswith(BINARY_MAGIC) or (not utf16 and b"\x00" in data[:4096]):
        raise not_spreadsheet(
            _("Tệp “%(name)s” không phải bảng tính; chỉ nhận tệp .xlsx hoặc .csv.")
            % {"name": filename or "?"}
        )
    head = data[:200].lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if head.startswith((b"<html", b"<!doctype", b"<?xml", b"<table")):
        raise not_spreadsheet(
            _(
                "Tệp là một trang web (HTML) chứ không phải bảng tính, dù có thể mang đuôi .xls: "
                "hãy mở bằng Excel rồi “Lưu thành” Excel Workbook (.xlsx)."
            )
        )
    return "csv"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        raise corrupt() from None
    if "xl/workbook.xml" in names:
        if sum(info.file_size for info in infos) > MAX_UNZIPPED_RATIO * max(len(data), 1 << 16):
            raise not_spreadsheet(_("Tệp Excel có nội dung giải nén quá lớn bất thường."))
        return "xlsx"
    if mimetype.startswith(ODS_MIMETYPE):
        raise not_spreadsheet(
            _(
                "Tệp .ods (LibreOffice/OpenOffice) chưa nhận được: hãy mở tệp và “Lưu thành” "
                "định dạng Excel 2007-365 (.xlsx)."
            )
        )
    raise not_spreadsheet(_("Tệp nén này không phải bảng tính Excel (.xlsx)."))


def corrupt() -> Invalid:
    message = _("Không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc không đúng định dạng.")
    return Invalid("import.corrupt", message, fields={"file": message})


class Source:
    """An opened file: its sheets, each read row by row (cells as Python values)."""

    def __init__(self, data: bytes, filename: str = ""):
        self.kind = sniff(data, filename)
        self.filename = filename
        self._book = _open_xlsx(data) if self.kind == "xlsx" else None
        self._csv = _csv_rows(data) if self.kind == "csv" else None

    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames) if self._book is not None else [""]

    def find_sheet(self, wanted: str) -> str | None:
        """The sheet named `wanted` (case, diacritics and spaces ignored); "" = the first one."""
        names = self.sheet_names()
        if not wanted or self._book is None:
            return names[0]
        return next((name for name in names if fold(name) == fold(wanted)), None)

    def rows(self, sheet: str = "") -> Iterator[tuple]:
        """Every row from row 1, empty ones included, so that positions are row numbers."""
        if self._csv is not None:
            yield from self._csv
            return
        worksheet = self._book[sheet] if sheet else self._book.worksheets[0]
        worksheet.reset_dimensions()  # a wrong <dimension> tag would cut the sheet short
        try:
            yield from worksheet.iter_rows(values_only=True)
        except (KeyError, ValueError, TypeError, IndexError, zipfile.BadZipFile, OSError):
            raise corrupt() from None

    def close(self) -> None:
        if self._book is not None:
            self._book.close()


def _open_xlsx(data: bytes):
    try:
        # Formulas are kept as text ("=SUM(…)") so that they can be refused by cell.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise corrupt() from None


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    dialect = _dialect(text)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        message = _("Không đọc được tệp CSV: %(reason)s.") % {"reason": exc}
        raise Invalid("import.corrupt", message, fields={"file": message}) from None


def _dialect(text: str):
    """The delimiter the header line uses most (headers hardly contain ";" or tabs; a data cell
    may: "9.999;9.998"); the csv sniffer when the first line has none."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=counts.get)
    if counts[best]:
        return type("Dialect", (csv.excel,), {"delimiter": best})
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=CSV_DELIMITERS)
    except csv.Error:
        return csv.excel


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")  # Excel writes a BOM in front of "CSV UTF-8"
    except UnicodeDecodeError:
        message = _(
            "Không đọc được tệp CSV: tệp phải được lưu với mã hóa UTF-8 (trong Excel chọn "
            "“Lưu thành” → CSV UTF-8), hoặc dùng tệp .xlsx."
        )
        raise Invalid("import.bad_encoding", message, fields={"file": message}) from None
