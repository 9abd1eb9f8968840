"""Import of practices: a clean file, 3 bad rows reported exactly, not a spreadsheet, wrong
columns, the template imports as is, the API runs it as a job."""

import io

import pytest
from openpyxl import load_workbook

from danvan.core.errors import Invalid
from danvan.movement import importers
from danvan.movement.models import Practice
from danvan.units.services import current_unit

pytestmark = pytest.mark.django_db

HEADER = ["Tên mô hình", "Đơn vị đăng ký", "Cấp đăng ký", "Lĩnh vực", "Tên chủ thể", "Ngày đăng ký"]


def _xlsx(rows, header=HEADER) -> bytes:
    book = load_workbook(io.BytesIO(importers.template()))
    ws = book.worksheets[0]
    ws.delete_rows(1, ws.max_row)
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(n, prefix="Mô hình nhập"):
    return [[f"{prefix} {i}", "00070", "Xã, phường", "Kinh tế", "Phường Hoàn Kiếm", "15/03/2026"]
            for i in range(n)]  # fmt: skip


def test_clean_file_imports_with_history(persona):
    by = persona("mobilizer.hoankiem")
    report = importers.import_practices(_xlsx(_rows(30)), "mo-hinh.xlsx", by=by,
                                        within=[current_unit("00070")])  # fmt: skip
    assert report.ok and report.created == 30
    p = Practice.objects.get(name="Mô hình nhập 7")
    assert p.unit.code == "00070" and p.level == "commune" and p.field == "economy"
    assert p.year == 2026 and p.state == "registered" and p.created_by == by
    from danvan.workflow import history

    assert [s.label for s in history(p)] == ["Đăng ký mô hình"]


def test_three_bad_rows_reported_and_nothing_written(persona):
    rows = _rows(20, "Mô hình lỗi")
    rows[3][1] = "Phường Không Có"  # row 5: unit
    rows[9][5] = "31/02/2026"  # row 11: date
    rows[14][3] = "Thiên văn"  # row 16: field
    before = Practice.objects.count()
    report = importers.import_practices(_xlsx(rows), "loi.xlsx", by=persona("mobilizer.hanoi"))
    assert not report.ok and report.created == 0
    assert [(e.row, str(e.column)) for e in report.errors] == [
        (5, "Đơn vị đăng ký"),
        (11, "Ngày đăng ký"),
        (16, "Lĩnh vực"),
    ]
    assert Practice.objects.count() == before
    valid = importers.import_practices(_xlsx(rows), "loi.xlsx", by=persona("mobilizer.hanoi"),
                                       mode="valid_rows")  # fmt: skip
    assert valid.created == 17 and Practice.objects.count() == before + 17


def test_duplicates_in_file_and_database(persona):
    by = persona("mobilizer.hanoi")
    importers.import_practices(_xlsx(_rows(2, "Trùng")), "a.xlsx", by=by)
    rows = _rows(2, "Trùng") + [["trùng 5", "00070", "Xã, phường", "Kinh tế", "X", "1/1/2026"]] * 2
    report = importers.import_practices(_xlsx(rows), "b.xlsx", by=by)
    assert [e.row for e in report.errors] == [2, 3, 5]
    assert "đã có trong hệ thống" in report.errors[0].message
    assert "trùng với dòng 4" in report.errors[2].message


def test_not_a_spreadsheet_and_wrong_columns(persona):
    by = persona("mobilizer.hanoi")
    with pytest.raises(Invalid) as exc:
        importers.import_practices(b"%PDF-1.4 not a workbook", "mo-hinh.xlsx", by=by)
    assert exc.value.code == "import.not_spreadsheet"
    with pytest.raises(Invalid) as exc:
        importers.import_practices(_xlsx(_rows(1), header=["Tên", "Mã", "Ghi chú", "A", "B", "C"]),
                                   "cot.xlsx", by=by)  # fmt: skip
    assert exc.value.code in ("import.missing_columns", "import.unknown_columns")
    assert "Tên mô hình" in exc.value.message


def test_downloaded_template_imports_as_is(client_as, persona):
    data = client_as("mobilizer.hoankiem").get("/dan-van-kheo/nhap/mau.xlsx").content
    book = load_workbook(io.BytesIO(data))
    ws = book.worksheets[0]
    headers = [c.value for c in ws[1]]
    values = {"Tên mô hình": "Mô hình từ tệp mẫu", "Đơn vị đăng ký": "Phường Hoàn Kiếm",
              "Cấp đăng ký": "Xã, phường", "Lĩnh vực": "Chuyển đổi số",
              "Tên chủ thể": "Đoàn Thanh niên phường", "Ngày đăng ký": "02/03/2026"}  # fmt: skip
    ws.append([values.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    report = importers.import_practices(
        out.getvalue(), "mau.xlsx", by=persona("mobilizer.hoankiem")
    )
    assert report.ok and report.created == 1, report.errors


def test_api_import_runs_as_a_job(api_as):
    client = api_as("mobilizer.hoankiem")
    upload = io.BytesIO(_xlsx(_rows(3, "Qua API")))
    upload.name = "api.xlsx"
    r = client.post("/api/v1/movement/practices/import", {"file": upload}, content_type=None)
    assert r.status_code == 202, r.content
    job = client.get(r.json()["url"]).json()
    assert job["state"] in ("queued", "running", "succeeded")
    if job["state"] == "succeeded":
        assert Practice.objects.filter(name__startswith="Qua API").count() == 3
    none = client.post("/api/v1/movement/practices/import", {}, content_type=None)
    assert none.status_code == 422 and none.json()["error"]["code"] == "import.no_file"


def test_shipped_sample_imports(persona):
    from pathlib import Path

    data = (Path(__file__).parents[2] / "docs/samples/mo-hinh-dan-van-kheo.xlsx").read_bytes()
    report = importers.import_practices(data, "mo-hinh-dan-van-kheo.xlsx",
                                        by=persona("mobilizer.hanoi"), dry_run=True)  # fmt: skip
    assert report.ok and report.valid == 3, report.errors
