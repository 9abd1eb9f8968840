"""Identifiers of the people and organizations a dossier or a store belongs to.

- National ID (số định danh cá nhân): 12 digits, Decree 137/2015/NĐ-CP Art 13 and Circular
  07/2016/TT-BCA Art 7: the code of the province where the birth was registered (3 digits, the
  63 provinces as they were numbered before 2025: 001 Hà Nội … 096 Cà Mau), the century and sex
  (1 digit: 0/1 male/female born 1900-1999, 2/3 in 2000-2099, 4/5 2100-2199, …), the last two
  digits of the birth year, then 6 random digits.
- Tax code (mã số thuế) of an organization: 10 digits, or 10 digits + "-" + 3 digits for a
  dependent unit (branch, representative office), Law on Tax Administration 38/2019/QH14 Art 30
  and Circular 86/2024/TT-BTC Art 5.
- Phone: what the counter accepts (9-12 digits, optionally +); `clean_phone` removes spaces,
  dots and dashes and writes +84 as 0.
"""

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

NATIONAL_ID = re.compile(r"^\d{12}$")
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
PHONE = re.compile(r"^\+?\d{9,12}$")
TAX_CODE_MESSAGE = (
    "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số đối với "
    "đơn vị phụ thuộc (ví dụ 0101234567 hoặc 0101234567-001)."
)
TAX_CODE_FIELD = "Gồm 10 chữ số, hoặc 10 chữ số-3 chữ số."
# Birth-registration province codes of Circular 07/2016/TT-BCA (the pre-2025 province codes).
PROVINCE_CODES = frozenset(
    f"0{code}"
    for code in (
        "01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 "
        "45 46 48 49 51 52 54 56 58 60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 "
        "92 93 94 95 96"
    ).split()
)


def clean_tax_code(value: str | None) -> str:
    """Spaces removed (clerks type `0101 234 567`); the format is checked by the caller."""
    return (value or "").replace(" ", "").strip()[:20]


def is_tax_code(value: str | None) -> bool:
    return bool(TAX_CODE.match(value or ""))


def is_national_id(value: str | None) -> bool:
    """12 digits; `national_id_problem` also checks the structure."""
    return bool(NATIONAL_ID.match(value or ""))


def birth_year(value: str) -> int:
    """The birth year a well-formed national ID encodes (century digit // 2, then 2 digits)."""
    return 1900 + 100 * (int(value[3]) // 2) + int(value[4:6])


def sex_of(value: str) -> str:
    """ "male" or "female", from the century/sex digit."""
    return "female" if int(value[3]) % 2 else "male"


def national_id_problem(value: str | None, *, today: dt.date | None = None) -> str | None:
    """Why this is not a national ID (a Vietnamese message), or None when it is one."""
    value = value or ""
    if not NATIONAL_ID.match(value):
        return _("Số định danh cá nhân phải gồm đúng 12 chữ số.")
    if value[:3] not in PROVINCE_CODES:
        return _(
            "Số định danh cá nhân không đúng: “%(code)s” không phải mã tỉnh nơi đăng ký khai sinh."
        ) % {"code": value[:3]}
    year = (today or timezone.localdate()).year
    if birth_year(value) > year:
        return _(
            "Số định danh cá nhân không đúng: chữ số thứ 4-6 (thế kỷ, giới tính, năm sinh) chỉ "
            "năm sinh %(year)s, chưa tới."
        ) % {"year": birth_year(value)}
    return None


SEX_WORDS = {"nam": "male", "nữ": "female", "nu": "female", "male": "male", "female": "female"}


def identity_mismatch(
    national_id: str | None, date_of_birth: dt.date | None = None, sex: str | None = ""
) -> dict[str, str]:
    """What a well-formed national ID contradicts among the birth date and sex typed with it
    (digit 4: century and sex, digits 5-6: the last two digits of the birth year), as
    {"date_of_birth" | "sex": Vietnamese message}; empty when they agree or were not given."""
    value = national_id or ""
    if national_id_problem(value):
        return {}
    problems = {}
    if date_of_birth is not None and date_of_birth.year != birth_year(value):
        problems["date_of_birth"] = _(
            "Ngày sinh %(date)s không khớp số định danh %(id)s: chữ số thứ 4-6 của số định danh "
            "chỉ năm sinh %(year)s. Vui lòng kiểm tra lại ngày sinh hoặc số định danh."
        ) % {
            "date": date_of_birth.strftime("%d/%m/%Y"),
            "id": value,
            "year": birth_year(value),
        }
    said = SEX_WORDS.get((sex or "").strip().lower())
    if said and said != sex_of(value):
        problems["sex"] = _(
            "Giới tính “%(sex)s” không khớp số định danh %(id)s: chữ số thứ 4 của số định danh "
            "chỉ giới tính %(encoded)s."
        ) % {"sex": sex, "id": value, "encoded": _("nam") if sex_of(value) == "male" else _("nữ")}
    return problems


def clean_phone(value: str | None) -> str:
    """`0912 345 678`, `0912.345.678`, `+84 912 345 678` -> `0912345678`."""
    text = re.sub(r"[\s.\-()]", "", value or "")
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    return text[:20]


def phone_last4(value: str | None) -> str:
    """The last 4 digits a lookup asks for, typed as "5678", "5 678" or the whole number."""
    return clean_phone(value)[-4:]


# A phone number as people type it inside a sentence or a search box: "0912 345 678",
# "0912.345.678", "+84 912-345-678": 0 or 84 then 8 to 10 digits with single separators; never
# a dossier code ("261201-0002") nor a 12-digit national ID.
PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+?84|0)(?:[ .\-]?\d){8,10}(?!\w)")


def clean_phones_in(text: str | None) -> str:
    """Every phone number in `text` written as `clean_phone` writes it (search boxes)."""
    return PHONE_IN_TEXT.sub(lambda m: clean_phone(m.group()), text or "")


def is_phone(value: str | None) -> bool:
    return bool(PHONE.match(value or ""))
