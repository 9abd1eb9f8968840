"""Background jobs in the API (SPEC §8):

GET /api/v1/jobs               the caller's own jobs, newest first (paginated)
GET /api/v1/jobs/{id}          state, progress (done/total), result, error (code + Vietnamese message)
GET /api/v1/jobs/{id}/result   the result file

Only the owner and administrators see a job; anyone else gets 404 ``job.not_found``.
"""

import datetime as dt
import uuid

from django.http import FileResponse
from ninja import Query, Router, Schema
from pydantic import Field

from danvan.api.pagination import PageParams, paginate
from danvan.jobs import services

router = Router()


class JobErrorOut(Schema):
    code: str
    message: str = Field(description="thông báo lỗi bằng tiếng Việt")


class JobOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    state: str = Field(description="queued | running | succeeded | failed")
    state_label: str
    done: int = Field(description="số phần đã xử lý")
    total: int | None = Field(None, description="tổng số phần (chưa biết: null)")
    percent: int | None = None
    attempts: int
    stalled: bool = Field(description="tiến trình chạy nền đã dừng; công việc sẽ được chạy tiếp")
    result: dict | list | None = None
    summary: str = Field("", description="kết quả tóm tắt bằng tiếng Việt")
    result_name: str | None = None
    result_url: str | None = Field(None, description="tải tệp kết quả")
    error: JobErrorOut | None = None
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


class JobPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[JobOut]


@router.get("", response=JobPage, summary="Công việc nền của tôi")
def list_jobs(request, page: Query[PageParams]):
    return paginate(services.mine(request.auth), page, services.status)


@router.get("/{job_id}", response=JobOut, summary="Tiến độ và kết quả một công việc nền")
def get_job(request, job_id: uuid.UUID):
    return services.status(services.get_for(request.auth, job_id))


@router.get("/{job_id}/result", url_name="job_result", summary="Tải tệp kết quả của công việc")
def get_result(request, job_id: uuid.UUID):
    job = services.result_file(request.auth, job_id)
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
