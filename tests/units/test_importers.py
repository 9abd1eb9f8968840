"""Importing villages and residential groups from .xlsx/.csv: all rows or none."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from danvan.audit.models import AuditEntry
from danvan.units.importers import import_villages
from danvan.units.loader import load_official_units
from danvan.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

HEADER = ["commune_code", "name", "division_type", "code"]


@pytest.fixture
def communes():
    """Two current communes of their own, so the test does not depend on the official load."""
    province = Unit.objects.create(code="T9", name="Tỉnh Thử", kind=UnitKind.PROVINCE)
    make = {"kind": UnitKind.COMMUNE, "parent": province, "valid_from": dt.date(2025, 7, 1)}
    return (
        Unit.objects.create(code="T9001", name="Xã Một", **make),
        Unit.objects.create(code="T9002", name="Phường Hai", **make),
    )


def xlsx(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "thon.xlsx"
    return buffer


def csv_file(text: str) -> io.BytesIO:
    buffer = io.BytesIO(text.encode("utf-8-sig"))
    buffer.name = "thon.csv"
    return buffer


def villages_of(commune: Unit) -> list[tuple[str, str, str]]:
    children = commune.children.filter(kind=UnitKind.VILLAGE).order_by("code")
    return list(children.values_list("code", "name", "division_type"))


def test_xlsx_import_creates_villages_below_their_communes(communes):
    one, two = communes
    source = xlsx(
        [
            HEADER,
            ["T9001", "Thôn Đông", "thôn", None],
            ["T9001", "Thôn Đoài", "Thôn", "T9001-TD"],
            ["T9002", "Tổ dân phố số 1", "tổ dân phố", ""],
        ]
    )
    result = import_villages(source, valid_from=dt.date(2025, 8, 1))
    assert result.ok and result.created == 3
    assert villages_of(one) == [
        ("T9001-001", "Thôn Đông", "thôn"),
        ("T9001-TD", "Thôn Đoài", "thôn"),
    ]
    assert villages_of(two) == [("T9002-001", "Tổ dân phố số 1", "tổ dân phố")]
    village = Unit.objects.get(code="T9001-001")
    assert village.valid_from == dt.date(2025, 8, 1) and village.valid_to is None
    assert village.path == f"{one.path}{village.pk:08d}/" and village.depth == one.depth + 1
    assert village in Unit.objects.descendants_of(one)
    assert AuditEntry.objects.filter(action="units.imported", data__count=3).exists()


def test_csv_import_defaults_to_today_and_numbers_codes_after_existing_ones(communes):
    one, _ = communes
    Unit.objects.create(code="T9001-001", name="Thôn Cũ", kind=UnitKind.VILLAGE, parent=one)
    result = import_villages(csv_file("commune_code,name,division_type\nT9001,Bản Mới,bản\n"))
    assert result.ok and result.created == 1
    village = Unit.objects.get(name="Bản Mới")
    assert village.code == "T9001-002"
    assert village.valid_from == timezone.localdate()


@pytest.fixture
def official_units(django_db_blocker):
    with django_db_blocker.unblock():
        load_official_units()  # a no-op when the session already loaded them


def test_leading_zeros_lost_by_a_spreadsheet_are_restored(official_units):
    source = xlsx([HEADER, [70, "Tổ dân phố số 99", "tổ dân phố", None]])
    result = import_villages(source)
    assert result.ok
    assert Unit.objects.get(name="Tổ dân phố số 99").parent.code == "00070"


def test_file_with_three_bad_rows_creates_nothing_and_names_each_row_and_column(communes):
    one, _ = communes
    Unit.objects.create(code="T9001-001", name="Thôn Đông", kind=UnitKind.VILLAGE, parent=one)
    before = Unit.objects.count()
    source = xlsx(
        [
            HEADER,
            ["T9001", "Thôn Nam", "thôn", None],  # row 2: fine
            ["99999", "Thôn Bắc", "thôn", None],  # row 3: unknown commune
            ["T9002", "", "tổ dân phố", None],  # row 4: no name
            ["T9001", "thôn  đông", "thôn", None],  # row 5: already in Xã Một
        ]
    )
    result = import_villages(source)
    assert result.created == 0 and not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "commune_code"),
        (4, "name"),
        (5, "name"),
    ]
    assert "99999" in result.errors[0].message
    assert result.errors[1].message == "Tên không được để trống."
    assert "Xã Một" in result.errors[2].message
    assert str(result.errors[0]).startswith("Dòng 3, cột commune_code: ")
    assert Unit.objects.count() == before
    assert not Unit.objects.filter(name="Thôn Nam").exists()


def test_duplicates_inside_the_file_point_to_the_first_row(communes):
    text = (
        "commune_code,name,division_type,code\nT9001,Ấp 1,ấp,A1\nT9001,ấp 1,ấp,\nT9002,Ấp 2,ấp,A1\n"
    )
    result = import_villages(csv_file(text))
    assert [(e.row, e.column) for e in result.errors] == [(3, "name"), (4, "code")]
    assert all("dòng 2" in e.message for e in result.errors)
    assert not Unit.objects.filter(kind=UnitKind.VILLAGE, parent__in=communes).exists()


def test_unreadable_file_is_one_error_for_the_whole_file(communes):
    broken = io.BytesIO(b"PK\x03\x04 not really a workbook")
    broken.name = "hong.xlsx"
    result = import_villages(broken)
    assert result.created == 0
    assert [(e.row, e.column) for e in result.errors] == [(0, "")]
    assert "Excel" in result.errors[0].message


def test_csv_not_in_utf8_is_refused(communes):
    source = io.BytesIO("commune_code,name,division_type\nT9001,Thôn Đông,thôn\n".encode("cp1258"))
    source.name = "thon.csv"
    result = import_villages(source)
    assert "UTF-8" in result.errors[0].message


def test_missing_column_is_named(communes):
    result = import_villages(csv_file("commune_code,name\nT9001,Thôn Đông\n"))
    assert result.errors[0].row == 0
    assert "division_type" in result.errors[0].message


def test_bad_date_is_reported_on_its_column(communes):
    text = "commune_code,name,division_type,valid_from\nT9001,Thôn Đông,thôn,31/02/2025\nT9001,Thôn Tây,thôn,01/09/2025\n"
    result = import_villages(csv_file(text))
    assert [(e.row, e.column) for e in result.errors] == [(2, "valid_from")]


def _three_bad_rows(one: Unit) -> io.BytesIO:
    Unit.objects.create(code="T9001-001", name="Thôn Đông", kind=UnitKind.VILLAGE, parent=one)
    return xlsx(
        [
            HEADER,
            ["T9001", "Thôn Nam", "thôn", None],  # row 2: fine
            ["99999", "Thôn Bắc", "thôn", None],  # row 3: unknown commune
            ["T9002", "", "tổ dân phố", None],  # row 4: no name
            ["T9001", "thôn  đông", "thôn", None],  # row 5: already in Xã Một
            ["T9002", "Tổ dân phố số 2", "tổ dân phố", "T9002-TDP2"],  # row 6: fine
        ]
    )


def test_three_bad_rows_in_all_mode_write_nothing(communes):
    source = _three_bad_rows(communes[0])
    before = Unit.objects.count()
    result = import_villages(source)
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "commune_code"),
        (4, "name"),
        (5, "name"),
    ]
    assert result.created == 0 and Unit.objects.count() == before
    assert not AuditEntry.objects.filter(action="units.imported", data__file="thon.xlsx").exists()


def test_import_valid_rows_writes_the_others_and_reports_the_three(communes):
    one, two = communes
    result = import_villages(_three_bad_rows(one), mode="valid_rows")
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "commune_code"),
        (4, "name"),
        (5, "name"),
    ]
    assert result.created == 2 and result.skipped == 3
    assert villages_of(one) == [("T9001-001", "Thôn Đông", ""), ("T9001-002", "Thôn Nam", "thôn")]
    assert villages_of(two) == [("T9002-TDP2", "Tổ dân phố số 2", "tổ dân phố")]
    entry = AuditEntry.objects.get(action="units.imported", data__file="thon.xlsx")
    assert entry.data["count"] == 2 and entry.data["skipped"] == 3


def test_dry_run_and_vietnamese_headers_and_unit_names(communes):
    source = csv_file("Xã/phường,Tên,Loại\nXã Một,Thôn Mới,Thôn\nPhường Hai,Tổ 9,tổ dân phố\n")
    result = import_villages(source, dry_run=True)
    assert result.ok and result.valid == 2 and result.created == 0
    assert not Unit.objects.filter(name="Thôn Mới").exists()
    assert import_villages(source).created == 2
    assert Unit.objects.get(name="Thôn Mới").parent == communes[0]


def test_the_template_is_the_importers_own_columns(communes):
    from openpyxl import load_workbook

    from danvan.units.importers import template

    book = load_workbook(io.BytesIO(template()))
    header = [c.value for c in book.worksheets[0][1]]
    assert header == ["Xã/phường", "Tên", "Loại", "Mã", "Hiệu lực từ ngày"]
    book.worksheets[0].append(["T9002", "Bản Lác", "bản", None, "01/09/2025"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "mau.xlsx"
    result = import_villages(buffer)
    assert result.ok and Unit.objects.get(name="Bản Lác").valid_from == dt.date(2025, 9, 1)


def test_command_writes_the_template_and_imports(communes, tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = tmp_path / "mau.xlsx"
    call_command("villages", template=str(out), stdout=StringIO())
    assert out.read_bytes()[:2] == b"PK"
    good = tmp_path / "thon.csv"
    good.write_text("Xã/phường,Tên,Loại\nT9001,Thôn Lệnh,thôn\n", encoding="utf-8")
    stdout = StringIO()
    call_command("villages", str(good), stdout=stdout)
    assert (
        "Đã nhập 1/1 dòng" in stdout.getvalue() and Unit.objects.filter(name="Thôn Lệnh").exists()
    )
    bad = tmp_path / "hong.csv"
    bad.write_text("Xã/phường,Tên,Loại\n99999,Thôn X,thôn\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("villages", str(bad), stdout=StringIO(), stderr=StringIO())


def test_a_city_is_found_by_its_name_without_its_type(official_units):
    """'Hà Nội' names 'Thành phố Hà Nội' (division type 'thành phố trung ương', which the name
    does not start with), as the importers' help text promises for city-level rows."""
    from danvan.units.services import resolve_units

    found = resolve_units({"Hà Nội", "hà nội", "Thành phố Hà Nội"}, kinds=("province", "commune"))
    assert {text: getattr(u, "code", u) for text, u in found.items()} == {
        "Hà Nội": "01", "hà nội": "01", "Thành phố Hà Nội": "01"
    }  # fmt: skip
