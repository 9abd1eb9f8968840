"""Shared helpers for the one-stop page tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core.identifiers import birth_year, national_id_problem, sex_of
from danvan.onestop import intake
from danvan.procedures.models import Procedure
from danvan.units.models import Unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NO_WAIT = "2.000815"  # chứng thực bản sao từ bản chính
COMMON = "1.004873"  # xác nhận tình trạng hôn nhân


def files_for(procedure: Procedure, skip: int | None = None) -> dict:
    out = {}
    for comp in procedure.components.all():
        if not comp.shown_only and comp.pk != skip:
            out[f"file_{comp.pk}"] = SimpleUploadedFile(
                f"giay-to-{comp.pk}.pdf", PDF, "application/pdf"
            )
    return out


def intake_post(code: str, **applicant) -> dict:
    data = {
        "procedure": code,
        "name": "Nguyễn Thị Hồng Nhung",
        "national_id": "001190012345",
        "phone": "0912345678",
        "address": "12 Hàng Bạc, Hoàn Kiếm",
        "sex": "Nữ",
        "date_of_birth": "1990-03-15",
    }
    national_id = applicant.get("national_id", "")
    if national_id and not national_id_problem(national_id):  # birth date and sex agree with it
        data["date_of_birth"] = f"{birth_year(national_id)}-03-15"
        data["sex"] = "Nữ" if sex_of(national_id) == "female" else "Nam"
    data.update(applicant)
    return data


def make_dossier(unit_code: str, procedure_code: str, *, by=None, received=True, **applicant):
    procedure = Procedure.objects.get(code=procedure_code)
    comps = [
        intake.ComponentInput(component_id=c.pk, upload=_upload())
        for c in procedure.components.all()
        if not c.shown_only
    ]
    data = intake_post(procedure_code, **applicant)
    person = intake.Applicant(
        name=data["name"],
        national_id=data["national_id"],
        phone=data["phone"],
        address=data["address"],
        sex=data["sex"],
    )
    req = intake.IntakeRequest(procedure=procedure, applicant=person, components=comps)
    return intake.register(
        req, unit=Unit.objects.current().get(code=unit_code), by=by, received=received
    )


def _upload():
    from danvan.core.uploads import check_upload

    return check_upload("scan.pdf", PDF)
