"""Demo dossiers that use the citizen and company stores of `danvan.vault.demo` (run after it):
Nguyễn Thị Hằng's social-allowance dossier reuses her stored birth certificate, and the company's
construction-permit dossier has two papers digitized into its store. Idempotent."""

import datetime as dt

from django.db import transaction

from danvan.accounts.models import User
from danvan.core.uploads import check_upload
from danvan.onestop import intake
from danvan.onestop.models import Dossier
from danvan.procedures.services import procedure_by_code
from danvan.units.services import current_unit
from danvan.vault import access, services
from danvan.vault.demo import (
    CITIZEN,
    CONSTRUCTION_PERMIT,
    HOAN_KIEM,
    ORGANIZATION,
    SOCIAL_ALLOWANCE,
    _paper,
)
from danvan.vault.services import Purpose


def _reusing_dossier(clerk, unit) -> None:
    """A dossier of hers whose birth certificate comes from the store: the reuse shows in the reports."""
    proc = procedure_by_code(SOCIAL_ALLOWANCE)
    birth = services.stored_document(CITIZEN[2], "birth_certificate")
    if proc is None or birth is None:
        return
    paper = check_upload("to-khai.pdf", _paper("Tờ khai", ["Đề nghị trợ cấp xã hội hằng tháng"]))
    comps = [
        intake.ComponentInput(c.pk, vault_document_id=birth.pk)
        if "birth_certificate" in c.vault_types
        else intake.ComponentInput(c.pk, paper)
        for c in proc.components.all()
        if "birth_certificate" in c.vault_types or not c.shown_only
    ]
    applicant = intake.Applicant(
        CITIZEN[1], CITIZEN[2], "0912345678", address="12 Hàng Trống, Phường Hoàn Kiếm"
    )
    intake.register(
        intake.IntakeRequest(
            procedure=proc, applicant=applicant, components=comps, summary=proc.name[:200]
        ),
        unit=unit,
        by=clerk,
        received=True,
    )


def _organization(clerk, unit) -> int:
    """An open dossier filed for the company, and two of its papers digitized into its store."""
    tax_code, org_name = ORGANIZATION
    proc = procedure_by_code(CONSTRUCTION_PERMIT)
    if proc is None or services.has_documents(tax_code):
        return 0
    paper = check_upload(
        "ho-so.pdf", _paper("Đơn đề nghị", [f"{org_name} đề nghị cấp giấy phép xây dựng"])
    )
    comps = [intake.ComponentInput(c.pk, paper) for c in proc.components.all() if not c.shown_only]
    applicant = intake.Applicant(
        CITIZEN[1],
        CITIZEN[2],
        "0912345678",
        owner_name=org_name,
        address="25 Lý Thái Tổ, Phường Hoàn Kiếm",
    )
    dossier = intake.register(
        intake.IntakeRequest(
            procedure=proc,
            applicant=applicant,
            components=comps,
            summary=f"{org_name}: giấy phép xây dựng nhà xưởng",
            tax_code=tax_code,
        ),
        unit=unit,
        by=clerk,
        received=True,
    )
    papers = [
        services.DocumentMeta(
            "business_registration",
            "Giấy chứng nhận đăng ký doanh nghiệp",
            tax_code,
            "Phòng Đăng ký kinh doanh, Sở Tài chính Hà Nội",
            dt.date(2019, 6, 4),
        ),
        services.DocumentMeta(
            "land_use_certificate",
            "Giấy chứng nhận quyền sử dụng đất",
            "CS 04512",
            "Sở Tài nguyên và Môi trường Hà Nội",
            dt.date(2020, 9, 15),
        ),
    ]
    for meta in papers:
        upload = check_upload(
            f"{meta.doc_type}.pdf",
            _paper(meta.title, [f"Tổ chức: {org_name}", f"Mã số thuế: {tax_code}"]),
        )
        services.digitize(upload, meta, owner_id=tax_code, unit=unit, by=clerk, dossier=dossier)
    return len(papers)


@transaction.atomic
def load() -> dict:
    clerk = User.objects.filter(username="clerk.hoankiem").first()
    if clerk is None:
        return {"documents": 0}
    unit = current_unit(HOAN_KIEM)
    national_id = CITIZEN[2]
    if not Dossier.objects.filter(national_id=national_id, reuses__isnull=False).exists():
        _reusing_dossier(clerk, unit)
        specialist = User.objects.filter(username="specialist.hoankiem").first()
        if specialist is not None and access.handling_dossier(specialist, national_id):
            access.open_store(specialist, national_id, purpose=Purpose.STORE)
    return {"documents": _organization(clerk, unit)}
