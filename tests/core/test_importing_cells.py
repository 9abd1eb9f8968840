"""The importer reads cells the Vietnamese way, and says why a cell is wrong."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from danvan.core.importing import CellError, Column
from danvan.core.importing.cells import cell_type
from tests.core.importing_helpers import Field


def parse(kind: str, raw, **options):
    column = Column("x", "X", type=kind, **options)
    return cell_type(kind).parse(raw, column)


def problem(kind: str, raw, **options) -> str:
    with pytest.raises(CellError) as info:
        parse(kind, raw, **options)
    return str(info.value)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("100.000 đ", 100_000),
        ("100.000đ", 100_000),
        ("25 000 000", 25_000_000),
        (" 42 ", 42),
        (1500000.0, 1_500_000),
        (7, 7),
        ("-3", -3),
    ],
)
def test_integers_with_vietnamese_separators(raw, value):
    assert parse("int", raw) == value


@pytest.mark.parametrize("raw", ["2,5", "1.5", "ba nghìn", 2.5, True, "1.50.000"])
def test_not_an_integer(raw):
    assert problem("int", raw)


def test_integer_bounds_are_named():
    assert "0" in problem("int", "-1", min_value=0)
    assert problem("int", "2.000.000", max_value=1_000_000) == "Không được lớn hơn 1.000.000."


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2,5", Decimal("2.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1.500", Decimal("1500")),
        ("0.5", Decimal("0.5")),
        (2.4, Decimal("2.4")),
        (3, Decimal("3")),
    ],
)
def test_decimals(raw, value):
    assert parse("decimal", raw) == value


def test_decimal_places_and_garbage():
    assert "1 chữ số thập phân" in problem("decimal", "2,55", decimal_places=1)
    assert "không phải là số" in problem("decimal", "hai phẩy năm")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("02/12/2026", dt.date(2026, 12, 2)),
        ("2/1/2026", dt.date(2026, 1, 2)),
        ("02-12-2026", dt.date(2026, 12, 2)),
        ("02.12.2026", dt.date(2026, 12, 2)),
        ("2026-12-02", dt.date(2026, 12, 2)),
        ("2026-12-02 00:00:00", dt.date(2026, 12, 2)),
        ("ngày 02 tháng 12 năm 2026", dt.date(2026, 12, 2)),
        (dt.datetime(2026, 12, 2, 0, 0), dt.date(2026, 12, 2)),
        (dt.date(2026, 12, 2), dt.date(2026, 12, 2)),
        (46358, dt.date(2026, 12, 2)),  # an Excel serial in a number cell
    ],
)
def test_dates_day_first_or_real_date_cells(raw, value):
    assert parse("date", raw) == value


@pytest.mark.parametrize("raw", ["31/02/2025", "12/31/2025", "02/12/26", "mai"])
def test_bad_dates(raw):
    assert "Ngày không hợp lệ" in problem("date", raw)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("Có", True), ("có", True), ("x", True), ("X", True), ("co", True), (True, True),
     (1, True), ("Không", False), ("KHÔNG", False), ("khong", False), ("0", False)],
)  # fmt: skip
def test_booleans(raw, value):
    assert parse("bool", raw) is value


def test_a_boolean_that_is_neither():
    assert "Có" in problem("bool", "có lẽ")


@pytest.mark.parametrize(
    "raw", ["Kinh tế", "kinh tế", "KINH TẾ", "kinh te", "economy", "  Kinh  tế "]
)
def test_choices_by_label_or_value_case_and_diacritics_ignored(raw):
    assert parse("choice", raw, choices=Field) == "economy"


def test_an_unknown_choice_lists_the_labels():
    message = problem("choice", "Môi trường", choices=Field)
    assert "không hợp lệ" in message and "Kinh tế; Văn hóa - xã hội; Quốc phòng, an ninh" in message


def test_text_is_cleaned_and_checked():
    assert parse("text", "  Thôn   Đông ") == "Thôn Đông"
    assert parse("text", 70.0) == "70"
    assert parse("text", dt.date(2026, 1, 5)) == "05/01/2026"
    assert problem("text", "x" * 11, max_length=10) == "Dài quá 10 ký tự."
    code = re.compile(r"^\d+$")
    assert (
        problem("text", "A1", pattern=code, pattern_message="Chỉ gồm chữ số.") == "Chỉ gồm chữ số."
    )


def test_lists_split_on_commas_and_semicolons():
    assert parse("list", "id_card, birth_cert;marriage") == ["id_card", "birth_cert", "marriage"]
    pattern = re.compile(r"^[a-z_]+$")
    message = problem("list", "id_card, Sổ hộ khẩu", pattern=pattern, pattern_message="Sai: %(v)s.")
    assert message == "Sai: Sổ hộ khẩu."


def test_personal_identifiers():
    assert parse("national_id", "001190012345") == "001190012345"
    assert parse("national_id", 1190012345) == "001190012345"  # a number cell lost the zeros
    assert "12 chữ số" in problem("national_id", "12345")
    assert "mã tỉnh" in problem("national_id", "003190012345")
    assert parse("phone", "0912 345 678") == "0912345678"
    assert parse("phone", "+84 912 345 678") == "0912345678"
    assert parse("phone", 912345678) == "0912345678"
    assert "không hợp lệ" in problem("phone", "12")
    assert parse("email", " a@b.vn ") == "a@b.vn"
    assert "không hợp lệ" in problem("email", "a@")
