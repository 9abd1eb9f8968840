"""National ID structure (Decree 137/2015 Art 13, Circular 07/2016), phone, tax code."""

import datetime as dt
import sqlite3
from importlib.util import find_spec
from pathlib import Path

import pytest

from danvan.core import identifiers as ids

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    "value",
    ["001190012345", "001077000222", "079085001234", "001301023456", "096204000001"],
)
def test_valid_national_ids(value):
    assert ids.national_id_problem(value, today=TODAY) is None


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("00119001234", "12 chữ số"),
        ("00119001234x", "12 chữ số"),
        ("000190012345", "mã tỉnh"),  # no province 000
        ("003190012345", "mã tỉnh"),  # 03 was never a province code
        ("097190012345", "mã tỉnh"),
        ("001234500001", "năm sinh 2034"),  # born in 2034: not yet
        ("001490012345", "năm sinh 2190"),
    ],
)
def test_malformed_national_ids(value, why):
    assert why in ids.national_id_problem(value, today=TODAY)


def test_century_sex_and_birth_year():
    assert (ids.birth_year("001190012345"), ids.sex_of("001190012345")) == (1990, "female")
    assert (ids.birth_year("001204500001"), ids.sex_of("001204500001")) == (2004, "male")
    assert ids.birth_year("001077000222") == 1977


def test_the_province_codes_are_the_63_pre_2025_provinces():
    spec = find_spec("vietnamadminunits")
    data = Path(spec.origin).parent / "data" / "dataset.db"
    with sqlite3.connect(f"file:{data}?mode=ro", uri=True) as conn:
        codes = {row[0] for row in conn.execute("SELECT provinceCode FROM admin_units_legacy")}
    assert ids.PROVINCE_CODES == {f"0{code}" for code in codes} and len(codes) == 63


def test_phones_and_tax_codes():
    assert ids.clean_phone("0912 345.678") == "0912345678"
    assert ids.clean_phone("+84-912-345-678") == "0912345678"
    assert ids.is_phone("0912345678") and not ids.is_phone("12345")
    assert ids.is_tax_code("0101234567-001") and not ids.is_tax_code("0101234567-1")
    assert ids.clean_tax_code(" 0101 234 567 ") == "0101234567"


def test_identity_mismatch_reads_century_sex_and_year_digits():
    # 0 = male 19xx, 1 = female 19xx, 2 = male 20xx, 3 = female 20xx
    assert ids.identity_mismatch("001190012345", dt.date(1990, 3, 15), "Nữ") == {}
    assert ids.identity_mismatch("001301023456", dt.date(2001, 1, 2), "Nữ") == {}
    assert ids.identity_mismatch("079085001234", None, "") == {}
    wrong = ids.identity_mismatch("001190012345", dt.date(1991, 3, 15), "Nam")
    assert "chỉ năm sinh 1990" in wrong["date_of_birth"] and "15/03/1991" in wrong["date_of_birth"]
    assert "chỉ giới tính nữ" in wrong["sex"]
    century = ids.identity_mismatch("001200012345", dt.date(1900, 3, 15))  # 2 = born 20xx
    assert "năm sinh 2000" in century["date_of_birth"]
    assert ids.identity_mismatch("12345", dt.date(1990, 1, 1), "Nam") == {}  # other check names it
