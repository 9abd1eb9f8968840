"""The catalogue of document types: imported from CSV (code, name, validity, retention, results)."""

import csv
import datetime as dt
from pathlib import Path

from django.db import transaction

from danvan.core.errors import Invalid
from danvan.vault.models import DocumentType

CSV_PATH = Path(__file__).resolve().parent / "data" / "document-types.csv"
COLUMNS = ("code", "name", "validity_months", "retention_years", "result_of", "legal_basis")
FALLBACK_RESULT_TYPE = "previous_result"


def _optional_int(raw: str, row: int, column: str, errors: list[str]) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > 1000:
        errors.append(f"Dòng {row}, cột {column}: “{raw}” không phải số nguyên hợp lệ.")
        return None
    return int(raw)


def parse(text: str) -> list[dict]:
    """Rows of the CSV as DocumentType fields; every error named by row and column, nothing half-read."""
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise Invalid("vault.types_bad_header", "Thiếu cột: " + ", ".join(missing))
    rows, errors = [], []
    for number, raw in enumerate(reader, start=2):
        code, name = (raw["code"] or "").strip(), (raw["name"] or "").strip()
        if not code or not name:
            errors.append(f"Dòng {number}: thiếu mã hoặc tên loại giấy tờ.")
            continue
        rows.append(
            {
                "code": code[:40],
                "name": name[:200],
                "validity_months": _optional_int(
                    raw["validity_months"], number, "validity_months", errors
                ),
                "retention_years": _optional_int(
                    raw["retention_years"], number, "retention_years", errors
                ),
                "result_of": [p.strip() for p in (raw["result_of"] or "").split(";") if p.strip()],
                "legal_basis": (raw["legal_basis"] or "").strip(),
            }
        )
    if errors:
        raise Invalid(
            "vault.types_invalid", " ".join(errors[:20]), fields={"rows": "; ".join(errors[:20])}
        )
    return rows


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
