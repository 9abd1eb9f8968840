"""Imports as jobs (jobs.imports over danvan.core.importing): one call from a page, the report as
the result, the error workbook as the result file, progress visible while the rows are written."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from danvan.core.models import Notification
from danvan.jobs import imports
from danvan.jobs import services as jobs
from danvan.jobs.models import JobState
from danvan.units.models import Unit, UnitKind
from tests.jobs import kinds

pytestmark = pytest.mark.django_db


def _csv(rows: list[str]) -> tuple[str, bytes]:
    return "ten.csv", ("Tên,Số tiền (đồng)\n" + "\n".join(rows) + "\n").encode("utf-8-sig")


GOOD = [f"Người {i},{i}.000" for i in range(1, 8)]
BAD = {3: "Người 1,5", 5: ",100", 8: "Người 9,-4"}  # file row 3: a duplicate name; 5: no name


def _file_with_three_bad_rows() -> tuple[str, bytes]:
    rows = list(GOOD)
    for row, text in sorted(BAD.items()):
        rows.insert(row - 2, text)
    return _csv(rows)


def _written(job) -> int:
    return Notification.objects.filter(
        object_type="jobs.import", object_id__startswith=f"{job.pk}:"
    ).count()


def test_three_bad_rows_are_named_and_nothing_is_written(owner, client_as):
    job = imports.start("tests.jobs.import_names", owner=owner, file=_file_with_three_bad_rows())
    assert job.title == "Nhập tên thử: ten.csv" and job.params == {"mode": "all", "dry_run": False}
    job = jobs.run_now(job)
    assert (job.state, job.error_code) == (JobState.FAILED, "import.rows_invalid")
    assert job.error_message == "Tệp có 3 lỗi; chưa có thay đổi nào được lưu."
    assert _written(job) == 0
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [
        (3, "Tên"),
        (5, "Tên"),
        (8, "Số tiền (đồng)"),
    ]
    assert (job.result["total"], job.result["valid"], job.result["written"]) == (10, 7, 0)
    sheet = load_workbook(job.result_file.open("rb")).active
    assert [row[:2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        (3, "Tên"),
        (5, "Tên"),
        (8, "Số tiền (đồng)"),
    ]
    page = client_as("mobilizer.hoankiem").get(f"/cong-viec/{job.public_id}/").content.decode()
    assert "Tệp có 3 lỗi" in page and "loi-nhap-tep.xlsx" in page


def test_valid_rows_mode_writes_the_others(owner):
    job = imports.start(
        "tests.jobs.import_names", owner=owner, file=_file_with_three_bad_rows(), mode="valid_rows"
    )
    job = jobs.run_now(job)
    assert job.state == JobState.SUCCEEDED and _written(job) == 7
    assert (
        job.result["summary"]
        == "Đã nhập 7/10 dòng (7 mới, 0 cập nhật). 3 dòng có lỗi không được nhập."
    )
    assert (
        jobs.status(job)["summary"] == job.result["summary"]
        and job.result_name == "loi-nhap-tep.xlsx"
    )


def test_an_unreadable_file_fails_with_one_clear_message(owner):
    job = jobs.run_now(
        imports.start("tests.jobs.import_names", owner=owner, file=("anh.xlsx", b"\x89PNG\r\n"))
    )
    assert job.state == JobState.FAILED and job.error_code.startswith("import.")
    assert job.error_message and "Traceback" not in job.error_message


def test_progress_is_visible_while_the_import_transaction_is_open(owner):
    kinds.SEEN_WHILE_WRITING.clear()
    rows = [f"Người {i},{i}" for i in range(1, 1201)]  # three chunks of 500
    job = jobs.run_now(imports.start("tests.jobs.import_names", owner=owner, file=_csv(rows)))
    assert job.state == JobState.SUCCEEDED and _written(job) == 1200
    assert kinds.SEEN_WHILE_WRITING == [0, 500, 1000]  # before each chunk: the chunks before it
    assert (job.done, job.total) == (1200, 1200)


def test_a_dry_run_writes_nothing(owner):
    job = jobs.run_now(
        imports.start("tests.jobs.import_names", owner=owner, file=_csv(GOOD), dry_run=True)
    )
    assert job.state == JobState.SUCCEEDED and _written(job) == 0 and job.result["valid"] == 7
    assert "chạy thử" in job.result["summary"]


def test_a_bad_mode_is_refused(owner):
    from danvan.core.errors import Invalid

    with pytest.raises(Invalid) as err:
        imports.start("tests.jobs.import_names", owner=owner, file=_csv(GOOD), mode="some")
    assert err.value.code == "import.bad_mode"


def test_the_villages_importer_runs_as_a_job(owner):
    province = Unit.objects.create(code="T8", name="Tỉnh Thử", kind=UnitKind.PROVINCE)
    commune = Unit.objects.create(
        code="T8001",
        name="Xã Thử",
        kind=UnitKind.COMMUNE,
        parent=province,
        valid_from=dt.date(2025, 7, 1),
    )
    data = "Xã/phường,Tên,Loại\nT8001,Thôn Đông,thôn\nT8001,Thôn Đoài,thôn\n".encode()
    job = jobs.run_now(
        imports.start("tests.jobs.import_villages", owner=owner, file=("thon.csv", data))
    )
    assert job.state == JobState.SUCCEEDED and job.result["created"] == 2
    assert sorted(commune.children.values_list("name", flat=True)) == ["Thôn Đoài", "Thôn Đông"]
