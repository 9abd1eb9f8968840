"""Pages, drill-down, exports, API and CLI of the reports, with their permissions and bad input."""

import io
import json
import shutil
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from danvan.onestop.states import Status
from tests.conftest import error_code
from tests.reports.helpers import dossier, unit

pytestmark = pytest.mark.django_db
H1 = {"from": "2026-01-01", "to": "2026-06-30"}


@pytest.fixture
def data():
    """H1 2026: Hoàn Kiếm 3 received (2 on time), Ba Vì 1 (late). H2 2025: Hoàn Kiếm 1 on time."""
    for where, day, late in [("00070", "2026-02-02", False), ("00070", "2026-03-02", False),
                             ("00070", "2026-04-02", True), ("09700", "2026-05-04", True),
                             ("00070", "2025-09-01", False)]:  # fmt: skip
        d = int(day[-2:])
        dossier(unit(where), day, due_at=f"{day[:8]}{d + 5:02d}",
                processed_at=f"{day[:8]}{d + (9 if late else 1):02d}", status=Status.PROCESSED)  # fmt: skip


def _figure(report, code):
    return next(f for f in report["operational"] if f["code"] == code)


def test_api_service_quality_json_for_the_city(api_as, data):
    r = api_as("reporter.hanoi").get("/api/v1/reports/service-quality", data={"unit": "01", **H1})
    assert r.status_code == 200
    body = r.json()
    assert body["report"] == "service-quality" and body["unit"]["code"] == "01"
    on_time = _figure(body, "onestop.sq_on_time")
    assert on_time["current"]["numerator"] >= 2 and on_time["records_url"].startswith("/bao-cao/")
    item = next(i for g in body["index"]["groups"] for i in g["items"] if i["code"] == "2.1")
    assert item["numerator"] == on_time["current"]["numerator"]
    assert item["denominator"] == on_time["current"]["denominator"]
    ward = next(c for c in body["children"] if c["unit"]["code"] == "00070")
    assert (ward["numerator"], ward["denominator"]) == (2, 3)


def test_api_mobilization_shows_missing_apps_as_such(api_as, data):
    r = api_as("chairman.hoankiem").get(
        "/api/v1/reports/mobilization", data={"unit": "00070", **H1}
    )
    assert r.status_code == 200
    figures = [f for s in r.json()["sections"] for f in s["figures"]]
    service = next(f for f in figures if f["code"] == "onestop.sq_on_time")
    assert service["current"] == {"from": "2026-01-01", "to": "2026-06-30", "numerator": 2,
                                  "denominator": 3, "value": round(2 / 3, 6)}  # fmt: skip
    assert service["previous"]["numerator"] == 1 and service["previous"]["denominator"] == 1
    for f in figures:
        if not f["available"]:
            assert f["current"] is None and f["status"] == "chưa có phân hệ"


def test_api_refuses_bad_input_and_other_units(api_as, data):
    chairman = api_as("chairman.hoankiem")
    r = chairman.get("/api/v1/reports/service-quality", data={"unit": "01", **H1})
    assert r.status_code == 403
    r = chairman.get(
        "/api/v1/reports/service-quality",
        data={"unit": "00070", "from": "2026-02-01", "to": "2026-01-01"},
    )
    assert r.status_code == 422 and error_code(r) == "report.period_reversed"
    r = chairman.get("/api/v1/reports/service-quality", data={"unit": "99999", **H1})
    assert r.status_code == 404
    r = chairman.get(
        "/api/v1/reports/service-quality", data={"unit": "00070", "from": "x", "to": "y"}
    )
    assert r.status_code == 422
    r = chairman.get(
        "/api/v1/reports/service-quality", data={"unit": "00070", **H1, "format": "exe"}
    )
    assert r.status_code == 422
    assert (
        api_as("clerk.bavi")
        .get("/api/v1/reports/mobilization", data={"unit": "09700", **H1})
        .status_code
        == 403
    )
    assert (
        api_as(None).get("/api/v1/reports/mobilization", data={"unit": "01", **H1}).status_code
        == 401
    )


def test_exports_xlsx_docx_pdf(api_as, data, tmp_path):
    client = api_as("reporter.hanoi")
    xlsx = client.get(
        "/api/v1/reports/service-quality", data={"unit": "01", **H1, "format": "xlsx"}
    )
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert len(wb.sheetnames) == 3 and wb.sheetnames[0].startswith("1. Chỉ số Quyết định 766")
    ws = wb.worksheets[0]
    codes = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    row = codes["2.1"]
    assert isinstance(ws.cell(row=row, column=6).value, int)  # numbers stay numbers
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=") for r in ws.iter_rows() for c in r
    )
    pdf = client.get("/api/v1/reports/mobilization", data={"unit": "01", **H1, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get("/api/v1/reports/mobilization", data={"unit": "01", **H1, "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    from docx import Document

    doc = Document(io.BytesIO(docx.content))
    words = " ".join(
        [p.text for p in doc.paragraphs]
        + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in words and "Nơi nhận" in words
    assert "Hồ sơ giải quyết đúng hạn (chỉ số 2.1)" in words, words[-3000:]
    if shutil.which("pdftotext"):
        (tmp_path / "r.pdf").write_bytes(pdf.content)
        text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        text = " ".join(text.split())
        assert (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        )
        assert "Nơi nhận" in text and "Số:" in text and "Hồ sơ giải quyết đúng hạn" in text


def test_pages_and_drill_down_for_the_ward_chairman(client_as, data):
    ward = unit("00070")
    c = client_as("chairman.hoankiem")
    page = c.get("/bao-cao/", data={"unit": ward.pk, "kind": "half", "year": 2026, "n": 1})
    assert page.status_code == 200 and "Phường Hoàn Kiếm" in page.content.decode()
    page = c.get("/bao-cao/chat-luong-phuc-vu/", data={"unit": ward.pk, **H1})
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "Bộ chỉ số Quyết định 766" in html
    listed = c.get("/bao-cao/chi-tiet/onestop.sq_on_time/", data={"unit": ward.pk, **H1})
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 2  # the figure's numerator, the same query
    assert (
        c.get(
            "/bao-cao/chi-tiet/onestop.sq_on_time/",
            data={"unit": ward.pk, **H1, "q": "nothing-like-this"},
        )
        .context["page"]
        .paginator.count
        == 0
    )
    export = c.get(
        "/bao-cao/chi-tiet/onestop.sq_on_time/", data={"unit": ward.pk, **H1, "format": "xlsx"}
    )
    ws = load_workbook(io.BytesIO(export.content)).active
    assert ws.max_row == 2 + 2  # title, header, two dossiers
    assert (
        c.get("/bao-cao/chi-tiet/movement.no_such_code/", data={"unit": ward.pk, **H1}).status_code
        == 404
    )
    assert c.get("/bao-cao/dan-van/", data={"unit": unit("01").pk, **H1}).status_code == 403


def test_entering_a_figure_from_the_page(client_as):
    ward = unit("00070")
    c = client_as("chairman.hoankiem")
    form = {"unit": ward.pk, "indicator": "1.1", "from": "2026-01-01", "to": "2026-06-30",
            "numerator": "3", "denominator": "4", "evidence": "Quyết định công bố số 12/QĐ-UBND"}  # fmt: skip
    assert c.post("/bao-cao/nhap-so-lieu/", form).status_code == 302
    assert c.post("/bao-cao/nhap-so-lieu/", form).status_code == 302  # twice: one figure
    from danvan.reports.models import EnteredFigure

    assert EnteredFigure.objects.filter(unit=ward, indicator="1.1").count() == 1
    bad = c.post("/bao-cao/nhap-so-lieu/", form | {"numerator": "9"})
    assert bad.status_code == 200 and "Tử số không được lớn hơn mẫu số" in bad.content.decode()
    assert client_as("leader.hoankiem").post("/bao-cao/nhap-so-lieu/", form).status_code == 403


def test_city_export_runs_as_a_job(client_as, data, settings):
    city = unit("01")
    c = client_as("reporter.hanoi")
    r = c.post(f"/bao-cao/xuat-toan-thanh-pho/?from={H1['from']}&to={H1['to']}",
               {"unit": city.pk, "report": "service-quality", "format": "xlsx"})  # fmt: skip
    assert r.status_code == 302 and "/cong-viec/" in r["Location"]
    from danvan.jobs.models import Job
    from danvan.jobs.services import run_now

    job = Job.objects.filter(kind="reports.export").latest("pk")
    job = run_now(job)
    assert job.state == "succeeded" and job.result_name.endswith(".xlsx")


def test_cli_report_json_and_file(data, tmp_path, capsys):
    call_command(
        "report",
        "service-quality",
        "--unit",
        "00070",
        "--from",
        H1["from"],
        "--to",
        H1["to"],
        "--format",
        "json",
    )
    body = json.loads(capsys.readouterr().out)
    assert _figure(body, "onestop.sq_on_time")["current"]["numerator"] == 2
    out = tmp_path / "r.docx"
    call_command(
        "report",
        "mobilization",
        "--unit",
        "01",
        "--from",
        H1["from"],
        "--to",
        H1["to"],
        "--format",
        "docx",
        "--output",
        str(out),
    )
    assert out.read_bytes()[:2] == b"PK"
