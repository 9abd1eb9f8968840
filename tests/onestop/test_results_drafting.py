"""Result documents: drafted from the procedure's template, previewed, numbered in the unit's register."""

import datetime as dt
import subprocess

import pytest
from django.utils import timezone

from danvan.core.errors import Conflict, Forbidden, Invalid
from danvan.onestop import drafting, results, services
from danvan.onestop.models import DocumentRegister
from danvan.onestop.titles import result_title
from danvan.procedures.models import Procedure
from tests.helpers import save_result_draft
from tests.onestop.conftest import applicant, at

MARITAL = "1.004873"


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True)
    return out.stdout.decode()


@pytest.fixture
def processing(receive, persona):
    d = receive(MARITAL, applicant=applicant(date_of_birth=dt.date(1990, 3, 5), sex="Nữ"))
    services.transition(
        d.pk,
        services.Command("assign", d.version, handler=persona("specialist.hoankiem")),
        by=persona("clerk.hoankiem"),
    )
    d.refresh_from_db()
    return d


@pytest.mark.django_db
def test_the_title_has_no_catalogue_text():
    proc = Procedure.objects.get(code=MARITAL)
    assert result_title(proc) == "Giấy xác nhận tình trạng hôn nhân"
    assert "bản chính" not in result_title(Procedure.objects.get(code="1.001193")).lower()


@pytest.mark.django_db
def test_draft_preview_has_the_legal_content_and_no_dossier_code_number(processing, persona):
    specialist = persona("specialist.hoankiem")
    drafting.save(
        processing.pk,
        {
            **drafting.current(processing)[1],
            "status": "Chưa đăng ký kết hôn với ai.",
            "purpose": "Đăng ký kết hôn với ông Trần Văn Bình",
        },
        by=specialist,
        expected_version=0,
    )
    pdf = results.render_result(processing, at(2026, 12, 2, 9, 0)).data
    text = _text(pdf)
    assert "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN" in text
    assert "(01" not in text and "06 THÁNG" not in text
    assert "Nguyễn Thị Hằng" in text and "Đăng ký kết hôn với ông Trần Văn Bình" in text
    assert "Hoàn Kiếm, ngày 02 tháng 12 năm 2026" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "…/UBND-XNTTHN" in text or ".../UBND-XNTTHN" in text
    assert processing.code not in text.split("Quét mã")[0].split("Số:")[1].splitlines()[0]


@pytest.mark.django_db
def test_a_stale_or_double_draft_save_changes_nothing(processing, persona):
    specialist = persona("specialist.hoankiem")
    values = drafting.current(processing)[1]
    drafting.save(processing.pk, values, by=specialist, expected_version=0)
    with pytest.raises(Conflict):
        drafting.save(
            processing.pk, {**values, "purpose": "khác"}, by=specialist, expected_version=0
        )
    assert drafting.current(processing)[2] == 1
    assert drafting.current(processing)[1]["purpose"] == values["purpose"]


@pytest.mark.django_db
def test_only_a_specialist_drafts_and_required_fields_are_checked(processing, persona):
    values = drafting.current(processing)[1]
    with pytest.raises(Forbidden):
        drafting.save(processing.pk, values, by=persona("leader.hoankiem"), expected_version=0)
    with pytest.raises(Invalid) as exc:
        drafting.save(
            processing.pk,
            {**values, "full_name": ""},
            by=persona("specialist.hoankiem"),
            expected_version=0,
        )
    assert "full_name" in exc.value.fields


@pytest.mark.django_db
def test_signing_numbers_the_result_in_the_yearly_register(processing, persona):
    specialist, leader = persona("specialist.hoankiem"), persona("leader.hoankiem")
    save_result_draft(processing, specialist)
    services.transition(
        processing.pk, services.Command("propose", processing.version), by=specialist
    )
    processing.refresh_from_db()
    before = DocumentRegister.objects.filter(unit=processing.unit).values_list("last", flat=True)
    start = before[0] if before else 0
    services.transition(
        processing.pk, services.Command("approve", processing.version, pin="123456"), by=leader
    )
    processing.refresh_from_db()
    year = timezone.localtime().year
    assert processing.result_code == f"{start + 1:02d}/UBND-XNTTHN"
    assert DocumentRegister.objects.get(unit=processing.unit, year=year).last == start + 1
    with processing.result_file.open("rb") as fh:
        text = _text(fh.read())
    assert f"Số: {start + 1:02d}/UBND-XNTTHN" in text
    assert "Thời gian ký:" in text and "T0" not in text.split("Thời gian ký:")[1][:30]


@pytest.mark.django_db
def test_draft_page_saves_once_and_the_leader_previews_before_the_pin(processing, client_as):
    specialist = client_as("specialist.hoankiem")
    url = f"/mot-cua/ho-so/{processing.code}/ket-qua/soan/"
    page = specialist.get(url)
    assert page.status_code == 200 and "Giấy xác nhận tình trạng hôn nhân" in page.content.decode()
    form = {**drafting.current(processing)[1], "purpose": "Kết hôn", "draft_version": "0"}
    assert specialist.post(url, form).status_code == 302
    again = specialist.post(url, form)  # the same form submitted twice
    assert again.status_code == 302
    assert drafting.current(processing)[2] == 1
    bad = specialist.post(url, {**form, "full_name": "", "draft_version": "1"})
    assert bad.status_code == 422
    preview = specialist.get(f"/mot-cua/ho-so/{processing.code}/ket-qua/xem-truoc/")
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert "Kết hôn" in _text(preview.content)
    dossier_page = specialist.get(f"/mot-cua/ho-so/{processing.code}/").content.decode()
    assert 'id="draft-result"' in dossier_page
    services.transition(
        processing.pk,
        services.Command("propose", processing.version),
        by=processing.handler,
    )
    leader_page = client_as("leader.hoankiem").get(f"/mot-cua/ho-so/{processing.code}/")
    assert 'id="sign-preview"' in leader_page.content.decode()
    assert (
        'id="draft-result"'
        not in specialist.get(f"/mot-cua/ho-so/{processing.code}/").content.decode()
    )
    assert client_as("clerk.bavi").get(url).status_code == 404


@pytest.mark.django_db
def test_the_store_keeps_the_certificate_title_not_the_catalogue_text(processing, persona):
    from danvan.onestop import fees
    from danvan.vault.models import VaultDocument

    assert "(" in processing.procedure.result_name  # the catalogue's "(01 bản chính; …)"
    save_result_draft(processing, persona("specialist.hoankiem"))
    steps = [
        ("propose", "specialist.hoankiem", {}),
        ("approve", "leader.hoankiem", {"pin": "123456"}),
        ("seal", "seal.hoankiem", {"pin": "123456"}),
    ]
    for action, who, kw in steps:
        processing.refresh_from_db()
        services.transition(
            processing.pk, services.Command(action, processing.version, **kw), by=persona(who)
        )
    processing.refresh_from_db()
    clerk = persona("clerk.hoankiem")
    if fees.due_vnd(processing):
        services.transition(
            processing.pk,
            services.Command("collect_fee", processing.version, payment_method="cash"),
            by=clerk,
        )
        processing.refresh_from_db()
    services.transition(
        processing.pk,
        services.Command("return_result", processing.version, delivery="electronic"),
        by=clerk,
    )
    processing.refresh_from_db()
    doc = VaultDocument.objects.get(source_dossier=processing)
    assert doc.title == "Giấy xác nhận tình trạng hôn nhân"
    assert doc.number == processing.result_code and "/UBND-XNTTHN" in doc.number
