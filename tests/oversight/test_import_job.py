"""The year's import as a background job (danvan.jobs): progress, all or nothing, errors by
sheet, row and column on the job page, one job for a double submit, scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.accounts.models import Role, RoleGrant, User
from danvan.jobs import services as jobs
from danvan.jobs.models import Job
from danvan.oversight import importer
from danvan.oversight.models import Dialogue, Supervision

pytestmark = pytest.mark.django_db


def _rows(code, bad=False):
    sup = [code, "Ủy ban MTTQ", "Tổ chức đoàn giám sát", "Cơ quan, tổ chức", "UBND phường",
           "Giám sát thu gom rác thải", "05/03/2025", "06/03/2025", "06/03/2025", "Đoàn 5 người",
           "Còn 3 điểm tập kết rác tự phát."]  # fmt: skip
    wrong = [code, "Hội Phụ nữ??", "Tổ chức đoàn giám sát", "Cơ quan, tổ chức", "UBND phường",
             "Giám sát khác", "31/02/2025", "", "", "", ""]  # fmt: skip
    dial = [code, "Đối thoại về an toàn thực phẩm", "Chủ tịch UBND", "12/05/2025", "Hội trường",
            "01/05/2025", 80, "15/05/2025"]  # fmt: skip
    sups = [sup, wrong] if bad else [sup]
    return importer.workbook({"oversight.supervisions": sups, "oversight.dialogues": [dial]})


def _upload(client, data, token, **extra):
    return client.post("/giam-sat/nhap/", {
        "file": SimpleUploadedFile("nam-2025.xlsx", data), "once_token": token, **extra,
    })  # fmt: skip


def _job(owner):
    return jobs.run_now(Job.objects.get(kind=importer.JOB_KIND, owner=owner))


def test_a_good_file_is_imported_by_the_job_with_progress(commune, officer, client):
    client.force_login(officer)
    r = _upload(client, _rows(commune.code), "tok-1")
    assert r.status_code == 302 and "/giam-sat/nhap/" in r["Location"]
    again = _upload(client, _rows(commune.code), "tok-1")  # a double submit: the same job
    assert again["Location"] == r["Location"]
    assert Job.objects.filter(kind=importer.JOB_KIND, owner=officer).count() == 1
    job = _job(officer)
    assert job.state == "succeeded", (job.error_code, job.error_message)
    assert (job.done, job.total) == (2, 2)
    assert Supervision.objects.filter(unit=commune).count() == 1
    assert Dialogue.objects.get(unit=commune).citizens == 80
    page = client.get(r["Location"]).content.decode()
    assert "Giám sát: 1" in page or "đã xử lý 2/2 dòng" in page
    assert 'id="import-errors"' not in page


def test_errors_by_sheet_row_and_column_on_the_job_page_and_nothing_written(
    commune, officer, client
):
    client.force_login(officer)
    r = _upload(client, _rows(commune.code, bad=True), "tok-2")
    job = _job(officer)
    assert job.state == "failed"
    assert not Supervision.objects.filter(unit=commune).exists()
    assert not Dialogue.objects.filter(unit=commune).exists()  # all or nothing across sheets
    page = client.get(r["Location"]).content.decode()
    assert 'id="import-errors"' in page
    assert "<td>Giám sát</td><td>3</td><td>Cơ quan chủ trì</td>" in page
    assert "<td>Giám sát</td><td>3</td><td>Ngày dự kiến</td>" in page
    assert "không dòng nào được nhập" in page and 'id="import-errors-file"' in page
    partial = client.get(r["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<section class="card" id="import-job"')


def test_dry_run_writes_nothing_and_others_do_not_see_the_job(commune, officer, client):
    client.force_login(officer)
    r = _upload(client, _rows(commune.code), "tok-3", dry_run="1")
    job = _job(officer)
    assert job.state == "succeeded" and job.result["dry_run"]
    assert not Supervision.objects.filter(unit=commune).exists()
    bad = client.post(
        "/giam-sat/nhap/", {"file": SimpleUploadedFile("a.pdf", b"%PDF"), "once_token": "t"}
    )
    assert bad.status_code == 422 and "Chỉ nhận tệp .xlsx" in bad.content.decode()
    reader = User.objects.create_user("mob.imp", password="x", full_name="Cán bộ dân vận")
    RoleGrant.objects.create(user=reader, role=Role.MOBILIZER, unit=commune)
    client.force_login(reader)
    assert client.post("/giam-sat/nhap/", {}).status_code == 403
    assert client.get(r["Location"]).status_code == 404  # not the reader's job
