"""Identifiers of the people and organizations a dossier or a store belongs to.

- National ID (số định danh cá nhân): 12 digits.
- Tax code (mã số thuế) of an organization: 10 digits, or 10 digits + "-" + 3 digits for a
  dependent unit (branch, representative office), Law on Tax Administration 38/2019/QH14 Art 30
  and Circular 86/2024/TT-BTC Art 5.
"""

import re

NATIONAL_ID = re.compile(r"^\d{12}$")
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
TAX_CODE_MESSAGE = (
    "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số đối với "
    "đơn vị phụ thuộc (ví dụ 0101234567 hoặc 0101234567-001)."
)
TAX_CODE_FIELD = "Gồm 10 chữ số, hoặc 10 chữ số-3 chữ số."


def clean_tax_code(value: str | None) -> str:
    """Spaces removed (clerks type `0101 234 567`); the format is checked by the caller."""
    return (value or "").replace(" ", "").strip()[:20]


def is_tax_code(value: str | None) -> bool:
    return bool(TAX_CODE.match(value or ""))


def is_national_id(value: str | None) -> bool:
    return bool(NATIONAL_ID.match(value or ""))
