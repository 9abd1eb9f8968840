"""The job page (progress polled with htmx, result, error), the list, and the API; only the owner
and administrators see a job."""

import pytest

from danvan.jobs import services as jobs
from danvan.jobs.models import Job, JobState
from tests.conftest import error_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(owner):
    return jobs.run_now(jobs.start("tests.jobs.rows", owner=owner, params={"rows": 12}))


def test_the_owner_sees_progress_while_it_runs_and_polling_stops_when_done(owner, client_as):
    job = jobs.start("tests.jobs.rows", owner=owner, params={"rows": 40})
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, done=15, total=40, attempts=1)
    client = client_as("mobilizer.hoankiem")
    page = client.get(f"/cong-viec/{job.public_id}/").content.decode()
    assert "Ghi dòng thử" in page and "Đang chạy" in page
    assert 'id="job-done">15</span>/40' in page and "(38%)" in page
    assert f'hx-get="/cong-viec/{job.public_id}/tien-do/"' in page and "every 1s" in page
    panel = client.get(f"/cong-viec/{job.public_id}/tien-do/").content.decode()
    assert panel.startswith('\n<section class="card" id="job-progress"') and "15</span>/40" in panel

    Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED)  # back to its worker
    jobs.run_now(job)
    done = client.get(f"/cong-viec/{job.public_id}/tien-do/").content.decode()
    assert "Đã xong" in done and "40</span>/40" in done and "hx-trigger" not in done
    assert "Đã ghi 40 dòng" in done and "Tải tệp kết quả: dong.csv" in done


def test_the_result_file_downloads_for_the_owner_and_admin_only(finished, client_as, api_as):
    for who in ("mobilizer.hoankiem", "admin"):
        r = client_as(who).get(f"/cong-viec/{finished.public_id}/ket-qua/")
        assert r.status_code == 200 and 'filename="dong.csv"' in r["Content-Disposition"]
        assert b"".join(r.streaming_content).startswith(b"0\n1\n2\n")
        r = api_as(who).get(f"/api/v1/jobs/{finished.public_id}/result")
        assert r.status_code == 200 and b"".join(r.streaming_content).endswith(b"11")
    for who in ("mobilizer.hanoi", "clerk.hoankiem", "leader.bavi"):
        assert client_as(who).get(f"/cong-viec/{finished.public_id}/").status_code == 404
        assert client_as(who).get(f"/cong-viec/{finished.public_id}/ket-qua/").status_code == 404
        r = api_as(who).get(f"/api/v1/jobs/{finished.public_id}")
        assert r.status_code == 404 and error_code(r) == "job.not_found"
        assert "Không tìm thấy công việc" in r.json()["error"]["message"]
    assert api_as(None).get(f"/api/v1/jobs/{finished.public_id}").status_code == 401


def test_the_api_shows_state_progress_result_and_error(finished, owner, api_as):
    api = api_as("mobilizer.hoankiem")
    body = api.get(f"/api/v1/jobs/{finished.public_id}").json()
    assert (body["state"], body["state_label"], body["done"], body["total"]) == (
        "succeeded",
        "Đã xong",
        12,
        12,
    )
    assert body["result"] == {"written": 12} and body["summary"] == "Đã ghi 12 dòng"
    assert body["result_url"] == f"/api/v1/jobs/{finished.public_id}/result"
    assert body["error"] is None and body["attempts"] == 1 and body["stalled"] is False

    refused = jobs.run_now(jobs.start("tests.jobs.refused", owner=owner))
    body = api.get(f"/api/v1/jobs/{refused.public_id}").json()
    assert body["state"] == "failed" and body["result_url"] is None
    assert body["error"] == {
        "code": "import.not_spreadsheet",
        "message": "Tệp không phải bảng tính .xlsx hoặc .csv.",
    }
    missing = api.get(f"/api/v1/jobs/{refused.public_id}/result")
    assert missing.status_code == 404 and error_code(missing) == "job.no_result_file"
    listed = api.get("/api/v1/jobs?page_size=1").json()
    assert listed["count"] == 2 and listed["items"][0]["id"] == str(refused.public_id)


def test_a_failed_job_shows_its_vietnamese_error_on_the_page(owner, client_as):
    job = jobs.run_now(jobs.start("tests.jobs.refused", owner=owner))
    page = client_as("mobilizer.hoankiem").get(f"/cong-viec/{job.public_id}/").content.decode()
    assert "Không thành công" in page and "Tệp không phải bảng tính .xlsx hoặc .csv." in page
    assert "import.not_spreadsheet" in page and "hx-trigger" not in page


def test_my_jobs_lists_only_mine_newest_first(finished, owner, persona, client_as):
    jobs.start("tests.jobs.rows", owner=persona("mobilizer.hanoi"), params={"rows": 1})
    later = jobs.start("tests.jobs.flaky", owner=owner)
    page = client_as("mobilizer.hoankiem").get("/cong-viec/").content.decode()
    assert page.index(str(later.public_id)) < page.index(str(finished.public_id))
    assert page.count("/cong-viec/") >= 2 and "Việc chập chờn" in page
    other = client_as("mobilizer.hanoi").get("/cong-viec/").content.decode()
    assert str(finished.public_id) not in other and "Ghi dòng thử" in other


def test_a_stalled_job_says_it_will_resume(owner, client_as):
    import datetime as dt

    from django.utils import timezone

    job = jobs.start("tests.jobs.rows", owner=owner, params={"rows": 40})
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        done=10,
        total=40,
        attempts=1,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=10),
    )
    page = client_as("mobilizer.hoankiem").get(f"/cong-viec/{job.public_id}/").content.decode()
    assert "bị gián đoạn" in page and "tự chạy tiếp" in page


def test_administrators_may_list_every_job_they_administer(finished, client_as):
    everyone = client_as("admin").get("/cong-viec/?tat-ca=1").content.decode()
    # System jobs too (the demo's notifications: the connections outbox drain, owner "Hệ thống").
    assert str(finished.public_id) in everyone and "Hệ thống" in everyone
    assert "Đỗ Thị Mai" in everyone  # the owner column
    mine = client_as("admin").get("/cong-viec/").content.decode()
    assert str(finished.public_id) not in mine and "?tat-ca=1" in mine
    other = client_as("mobilizer.hanoi").get("/cong-viec/?tat-ca=1").content.decode()
    assert str(finished.public_id) not in other and "?tat-ca=1" not in other
