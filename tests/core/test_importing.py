"""The shared importer: headers, bad files, all-or-nothing, valid rows, dry run, progress,
duplicates, units by code or (old) name, the template."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from danvan.core.errors import Invalid
from danvan.core.importing import (
    Column,
    Schema,
    Unique,
    errors_xlsx,
    read,
    run_import,
    template_xlsx,
)
from danvan.units.models import Unit
from tests.core.importing_helpers import HEADER, Field, csv_bytes, practice_schema, xlsx

pytestmark = pytest.mark.django_db

GOOD = [
    ["Tổ tự quản", "00070", "Kinh tế", "02/12/2026", "1.500.000", "Có"],
    ["Camera an ninh", "Xã Ba Vì", "quoc phong, an ninh", dt.date(2026, 1, 5), 2000000, "x"],
    ["Sân chơi", "Phường Cửa Nam", "culture", None, None, None],
]


class Sink:
    """A write() that keeps what it was given, to see exactly what would be saved."""

    def __init__(self):
        self.rows = []

    def __call__(self, rows):
        self.rows.extend(rows)


def hanoi() -> Unit:
    return Unit.objects.current().get(code="01")


def run(rows, *, header=HEADER, schema=None, **options):
    """Import rows as an official of Hà Nội would (units looked up within the city)."""
    sink = options.pop("write", None) or Sink()
    options.setdefault("context", {"within": hanoi()})
    report = run_import(schema or practice_schema(), xlsx([header, *rows]), "mo-hinh.xlsx",
                        write=sink, **options)  # fmt: skip
    return report, sink


def invalid(data: bytes, name: str = "tep.xlsx", schema=None) -> Invalid:
    with pytest.raises(Invalid) as info:
        read(schema or practice_schema(), data, name)
    return info.value


def test_a_clean_file_gives_typed_rows():
    report, sink = run(GOOD)
    assert report.ok and (report.total, report.valid, report.created) == (3, 3, 3)
    first, second, third = sink.rows
    assert first.number == 2 and first["unit"].name == "Phường Hoàn Kiếm"
    assert first["field"] == Field.ECONOMY and first["started_on"] == dt.date(2026, 12, 2)
    assert first["funds_vnd"] == 1_500_000 and first["replicable"] is True
    assert second["unit"].code == "09700" and second["field"] == Field.SECURITY
    assert (
        third["funds_vnd"] is None and third["replicable"] is False and third["started_on"] is None
    )


def test_headers_match_whatever_the_case_accents_spacing_or_order():
    header = ["  có THỂ nhân rộng", "NGAY BAT DAU", "don vi", "Tên  mô hình", "Lĩnh vực"]
    report, sink = run([["Có", "02/12/2026", "00070", "Tổ tự quản", "Kinh tế"]], header=header)
    assert report.ok and sink.rows[0]["name"] == "Tổ tự quản"
    assert sink.rows[0]["funds_vnd"] is None  # an optional column may be left out


def test_a_title_row_above_the_header_is_tolerated_and_rows_keep_their_numbers():
    data = xlsx(
        [["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO"], [], HEADER, GOOD[0], [], ["", "00070", "Kinh tế"]]
    )
    report = run_import(practice_schema(), data, "x.xlsx", write=Sink())
    assert [(e.row, e.column) for e in report.errors] == [(6, "Tên mô hình")]


def test_three_bad_rows_are_named_by_row_and_column_and_nothing_is_written():
    rows = [
        GOOD[0],
        ["Mô hình 2", "99999", "Kinh tế"],  # row 3: no such unit
        ["Mô hình 3", "00070", "Môi trường", "31/02/2026"],  # row 4: two bad cells
        GOOD[1],
        ["Mô hình 5", "00070", "Kinh tế", None, "ba triệu", "có lẽ"],  # row 6
    ]
    report, sink = run(rows)
    found = [(e.row, e.column) for e in report.errors]
    assert found == [
        (3, "Đơn vị"),
        (4, "Lĩnh vực"),
        (4, "Ngày bắt đầu"),
        (6, "Kinh phí (đồng)"),
        (6, "Có thể nhân rộng"),
    ]
    assert report.error_rows == [3, 4, 6] and report.skipped == 3 and report.valid == 2
    assert sink.rows == [] and report.written == 0
    assert "chưa có thay đổi nào được lưu" in report.summary()
    assert str(report.errors[0]).startswith("Dòng 3, cột Đơn vị: Không tìm thấy đơn vị “99999”")


def test_valid_rows_mode_writes_the_others():
    rows = [GOOD[0], ["Mô hình 2", "99999", "Kinh tế"], GOOD[1]]
    report, sink = run(rows, mode="valid_rows")
    assert [r.number for r in sink.rows] == [2, 4] and report.created == 2
    assert report.error_rows == [3] and not report.ok
    assert "1 dòng có lỗi không được nhập" in report.summary()


def test_dry_run_checks_everything_and_writes_nothing():
    report, sink = run([GOOD[0], ["", "00070", "Kinh tế"]], dry_run=True, mode="valid_rows")
    assert sink.rows == [] and report.dry_run and report.valid == 1 and len(report.errors) == 1
    assert "chạy thử" in report.summary()


def test_progress_is_reported_per_chunk_inside_one_transaction():
    calls = []
    report, sink = run(GOOD * 4, progress=lambda done, total: calls.append((done, total)),
                       chunk_size=5)  # fmt: skip
    assert report.created == 12 and calls == [(5, 12), (10, 12), (12, 12)]


def test_write_failing_midway_leaves_nothing(persona):
    def write(rows):
        for row in rows:
            Unit.objects.create(code=f"TT-{row.number}", name=row["name"], kind="village")
        if rows[-1].number > 4:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        run(GOOD * 2, write=write, chunk_size=3)
    assert not Unit.objects.filter(code__startswith="TT-").exists()


def test_write_may_report_created_and_updated():
    report, _sink = run(GOOD, write=lambda rows: (1, len(rows) - 1))
    assert (report.created, report.updated, report.written) == (1, 2, 3)


def test_duplicates_inside_the_file_and_against_the_database():
    stored = {("00070", "tổ tự quản")}
    schema = practice_schema(
        key=lambda row: (row["unit"].code, row["name"].casefold()),
        existing=lambda keys: keys & stored,
        unique=[Unique("started_on", key=lambda row: row["started_on"])],
    )
    rows = [
        GOOD[0],
        ["Camera", "09700", "Kinh tế", "01/01/2026"],
        ["camera", "Xã Ba Vì", "Kinh tế", "01/01/2026"],
    ]
    report, _sink = run(rows, schema=schema)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "Tên mô hình", "“Tổ tự quản” đã có trong hệ thống."),
        (4, "Tên mô hình", "“camera” trùng với dòng 3."),
        (4, "Ngày bắt đầu", "“2026-01-01” trùng với dòng 3."),
    ]


def test_row_checks_run_after_the_cells():
    schema = practice_schema(
        check=lambda row: (
            [("funds_vnd", "Mô hình an ninh cần ghi kinh phí.")]
            if row["field"] == Field.SECURITY and row["funds_vnd"] is None
            else []
        )
    )
    report, _sink = run([["Camera", "00070", "Quốc phòng, an ninh"]], schema=schema)
    assert [(e.row, e.column) for e in report.errors] == [(2, "Kinh phí (đồng)")]


def test_a_formula_or_an_excel_error_in_a_cell_is_refused():
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["Tổ tự quản", "00070", "Kinh tế", None, "=B5*1000"])
    book.active.append(["Sân chơi", "00070", "Kinh tế", None, "#REF!"])
    out = io.BytesIO()
    book.save(out)
    report = run_import(practice_schema(), out.getvalue(), "x.xlsx", write=Sink())
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "Kinh phí (đồng)"),
        (3, "Kinh phí (đồng)"),
    ]
    assert "công thức “=B5*1000”" in report.errors[0].message
    assert "#REF!" in report.errors[1].message


# --- units: code, name, old name, scope ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [("00070", "00070"), (70, "00070"), ("Phường Hoàn Kiếm", "00070"), ("hoàn kiếm", "00070"),
     ("Xã Khánh Thượng", "09700"), ("09712", "09700")],
)  # fmt: skip
def test_units_by_code_name_short_name_or_old_name(text, code):
    report, sink = run([["Mô hình", text, "Kinh tế"]])
    assert report.ok, report.errors
    assert sink.rows[0]["unit"].code == code and sink.rows[0]["unit"].valid_to is None


def test_a_name_shared_by_two_provinces_needs_the_code_or_the_scope():
    report, _sink = run([["Mô hình", "Xã Ba Vì", "Kinh tế"]], context={})
    message = report.errors[0].message
    assert "Có nhiều đơn vị tên “Xã Ba Vì”" in message and "(09700)" in message
    assert "hãy ghi mã đơn vị" in message


def test_an_old_unit_split_in_2025_must_be_named_anew():
    report, _sink = run([["Mô hình", "Phường Hàng Trống", "Kinh tế"]])
    message = report.errors[0].message
    assert "trước 1/7/2025" in message and "Phường Hoàn Kiếm (00070)" in message
    assert "Phường Cửa Nam (00073)" in message


def test_units_outside_the_importers_scope_are_refused():
    hoan_kiem = Unit.objects.current().get(code="00070")
    report, _sink = run([GOOD[0], GOOD[1]], context={"within": hoan_kiem})
    assert [(e.row, e.column) for e in report.errors] == [(3, "Đơn vị")]
    assert report.errors[0].message == "“Xã Ba Vì” không thuộc Phường Hoàn Kiếm."


def test_units_are_resolved_in_a_few_queries_whatever_the_number_of_rows(
    django_assert_max_num_queries,
):
    data = xlsx(
        [HEADER]
        + [
            [f"Mô hình {i}", ["00070", "Xã Ba Vì", "Xã Khánh Thượng"][i % 3], "Kinh tế"]
            for i in range(300)
        ]
    )
    city = hanoi()
    with django_assert_max_num_queries(8):
        parsed = read(practice_schema(), data, "x.xlsx", context={"within": city})
    assert len(parsed.valid) == 300


# --- bad files: one clear message each -----------------------------------------------------


def test_a_renamed_program_is_not_a_spreadsheet():
    error = invalid(b"MZ\x90\x00\x03" + b"\x00" * 200, "mau.xlsx")
    assert error.code == "import.not_spreadsheet" and "không phải bảng tính" in error.message


def test_old_xls_ods_html_and_pdf_are_told_apart():
    assert ".xls" in invalid(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "a.xls").message
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    assert ".ods" in invalid(ods.getvalue(), "a.ods").message
    html = b"<html><body><table><tr><td>1</td></tr></table></body></html>"
    assert "HTML" in invalid(html, "bao-cao.xls").message
    assert invalid(b"%PDF-1.7\n...", "a.xlsx").code == "import.not_spreadsheet"


def test_a_broken_workbook_and_a_zip_that_is_not_one():
    assert invalid(b"PK\x03\x04 not really", "a.xlsx").code == "import.corrupt"
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
    assert invalid(other.getvalue(), "a.xlsx").code == "import.not_spreadsheet"


def test_missing_and_unknown_columns_are_named():
    error = invalid(xlsx([["Tên mô hình", "Lĩnh vuc", "Ghi chú"], ["a", "b", "c"]]))
    assert error.code == "import.missing_columns"
    assert "Thiếu cột: “Đơn vị”." in error.message and "“Ghi chú”" in error.message
    assert [c.key for c in error.missing] == ["unit"] and error.unknown == ["Ghi chú"]
    twice = invalid(xlsx([HEADER + ["Đơn vị"], GOOD[0]]))
    assert twice.code == "import.duplicate_columns" and "hai lần" in twice.message


def test_a_text_file_or_another_sheet_is_told_it_is_not_the_template():
    letter = invalid("Kính gửi Ủy ban nhân dân phường,\ntôi xin trình bày...\n".encode(), "don.txt")
    assert letter.code == "import.missing_columns"
    assert letter.message.startswith("Tệp này không phải bảng tính lập theo mẫu")
    other = invalid(xlsx([["Họ và tên", "Số điện thoại"], ["An", "0912"]]))
    assert "không phải bảng tính lập theo mẫu" in other.message
    near = invalid(xlsx([["Tên mô hình", "Lĩnh vuc"], ["a", "b"]]))
    assert "không phải bảng tính lập theo mẫu" not in near.message  # a column is there: named


def test_empty_files_and_sheets():
    assert invalid(b"", "a.csv").code == "import.empty"
    assert invalid(xlsx([])).code == "import.empty"
    header_only = invalid(xlsx([HEADER, [None, "  "]]))
    assert header_only.code == "import.empty" and "không có dòng dữ liệu" in header_only.message


def test_size_and_row_limits(settings):
    assert invalid(xlsx([HEADER] + [GOOD[0]] * 4), schema=practice_schema(max_rows=3)).code == (
        "import.too_many_rows"
    )
    settings.IMPORT_MAX_BYTES = 1000
    error = invalid(b"x" * 2000, "a.csv")
    assert error.code == "import.too_large" and error.status == 413


def test_csv_in_utf8_with_semicolons_or_utf16_tabs():
    text = "Tên mô hình;Đơn vị;Lĩnh vực;Kinh phí (đồng)\nTổ tự quản;00070;Kinh tế;1.500.000\n"
    parsed = read(practice_schema(), csv_bytes(text), "a.csv")
    assert parsed.valid[0]["funds_vnd"] == 1_500_000
    tabbed = text.replace(";", "\t")
    assert (
        read(practice_schema(), csv_bytes(tabbed, "utf-16"), "a.txt").valid[0]["name"]
        == "Tổ tự quản"
    )
    error = invalid("Tên mô hình,Đơn vị\nThôn Đông,00070\n".encode("cp1258", "ignore"), "a.csv")
    assert error.code == "import.bad_encoding" and "UTF-8" in error.message


# --- the template ----------------------------------------------------------------------


def test_template_has_the_header_notes_and_drop_down_lists():
    book = load_workbook(io.BytesIO(template_xlsx(practice_schema(title="Mô hình"))))
    assert book.sheetnames == ["Mô hình", "Hướng dẫn", "Danh mục"]
    data, notes, lists = book["Mô hình"], book["Hướng dẫn"], book["Danh mục"]
    assert [c.value for c in data[1]] == HEADER and lists.sheet_state == "hidden"
    assert "Bắt buộc" in data["A1"].comment.text
    texts = [row[0] for row in notes.iter_rows(values_only=True)]
    assert all(h in texts for h in HEADER)
    formulas = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert formulas == {"C2:C5001": "'Danh mục'!$A$1:$A$3", "F2:F5001": "'Danh mục'!$B$1:$B$2"}
    assert [lists.cell(row=i, column=1).value for i in (1, 2, 3)] == [
        label for _v, label in Field.choices
    ]


def test_a_filled_template_imports():
    book = load_workbook(io.BytesIO(template_xlsx(practice_schema())))
    book.worksheets[0].append(GOOD[0])
    out = io.BytesIO()
    book.save(out)
    report = run_import(practice_schema(), out.getvalue(), "mau.xlsx", write=Sink())
    assert report.ok and report.created == 1


def test_errors_as_a_workbook():
    report, _sink = run([["", "00070", "Kinh tế"]])
    sheet = load_workbook(io.BytesIO(errors_xlsx(report.errors))).active
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Dòng", "Cột", "Lỗi"),
        (2, "Tên mô hình", "Không được để trống."),
    ]


def test_a_schema_refuses_headers_that_look_alike():
    schema = Schema("x", [Column("a", "Ngày"), Column("b", "ngay")])
    with pytest.raises(ValueError, match="look alike"):
        schema.header_index()


def test_csv_delimiter_comes_from_the_header_not_from_a_cell():
    schema = Schema("x", [Column("code", "Mã"), Column("items", "Các mục", type="list")])
    parsed = read(schema, csv_bytes("Mã,Các mục\nA,1.001;1.002\nB,\n"), "a.csv")
    assert [dict(r) for r in parsed.rows] == [
        {"code": "A", "items": ["1.001", "1.002"]},
        {"code": "B", "items": []},
    ]
