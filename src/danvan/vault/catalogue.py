"""The catalogue of document types: imported from CSV (code, name, validity, retention, results)."""

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import Invalid
from danvan.core.importing import Column, Schema, read
from danvan.vault.models import DocumentType

CSV_PATH = Path(__file__).resolve().parent / "data" / "document-types.csv"
FALLBACK_RESULT_TYPE = "previous_result"


def _count(key: str, header) -> Column:
    return Column(key, header, type="int", min_value=0, max_value=1000, aliases=(key,))


SCHEMA = Schema(
    name="vault.document_types",
    columns=[
        Column("code", _("Mã loại giấy tờ"), required=True, max_length=40, aliases=("code",)),
        Column("name", _("Tên loại giấy tờ"), required=True, max_length=200, aliases=("name",)),
        _count("validity_months", _("Thời hạn hiệu lực (tháng)")),
        _count("retention_years", _("Thời hạn lưu trữ (năm)")),
        Column("result_of", _("Là kết quả của thủ tục (mã)"), type="list", aliases=("result_of",)),
        Column("legal_basis", _("Căn cứ pháp lý"), aliases=("legal_basis",)),
    ],
    key=lambda row: row["code"],
    all_columns=True,
)


def parse(text: str) -> list[dict]:
    """Rows of the CSV as DocumentType fields (the shared importer, danvan.core.importing); every
    error named by row and column, nothing half-read."""
    try:
        parsed = read(SCHEMA, text.encode("utf-8"), "loai-giay-to.csv")
    except Invalid as exc:
        code = "vault.types_bad_header" if exc.code.endswith("_columns") else "vault.types_invalid"
        raise Invalid(code, exc.message) from exc
    if parsed.errors:
        errors = [str(e) for e in parsed.errors[:20]]
        raise Invalid("vault.types_invalid", " ".join(errors), fields={"rows": "; ".join(errors)})
    return [dict(row) for row in parsed.rows]


@transaction.atomic
def import_types(text: str) -> dict:
    rows = parse(text)
    created = 0
    for row in rows:
        _, was_created = DocumentType.objects.update_or_create(code=row.pop("code"), defaults=row)
        created += was_created
    return {"types": DocumentType.objects.count(), "created": created}


def load_default() -> dict:
    return import_types(CSV_PATH.read_text(encoding="utf-8"))


def type_for_result(procedure_code: str) -> DocumentType:
    """The type a returned result of this procedure is stored as (the generic result type otherwise)."""
    if not DocumentType.objects.exists():
        load_default()
    for doc_type in DocumentType.objects.filter(is_active=True).exclude(result_of=[]):
        if procedure_code in doc_type.result_of:
            return doc_type
    found, _ = DocumentType.objects.get_or_create(
        code=FALLBACK_RESULT_TYPE, defaults={"name": "Kết quả giải quyết thủ tục hành chính"}
    )
    return found


def expiry_for(
    doc_type: DocumentType, issued_on: dt.date | None, expires_on: dt.date | None
) -> dt.date | None:
    if expires_on or issued_on is None or not doc_type.validity_months:
        return expires_on
    month = issued_on.month - 1 + doc_type.validity_months
    year, month = issued_on.year + month // 12, month % 12 + 1
    day = min(issued_on.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    return dt.date(year, month, day)


def retain_until(
    doc_type: DocumentType, issued_on: dt.date | None, expires_on: dt.date | None, added: dt.date
) -> dt.date | None:
    """Retention per type: N years after expiry (or issue); None = kept permanently."""
    if doc_type.retention_years is None:
        return None
    base = expires_on or issued_on or added
    try:
        return base.replace(year=base.year + doc_type.retention_years)
    except ValueError:  # 29 February
        return base.replace(year=base.year + doc_type.retention_years, day=28)
