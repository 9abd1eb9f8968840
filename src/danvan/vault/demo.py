"""Demo store: the document-type catalogue and a citizen account (congdan.hang) with documents.

The citizen is Nguyễn Thị Hằng of the one-stop demo (001190012345), who has an open dossier in
Phường Hoàn Kiếm: her ID card and birth certificate were digitized at the counter (sealed by the
ward's system seal), a marriage-status certificate was returned to her, and an older one expired.
An organization (Công ty TNHH Xây dựng Ánh Dương, tax code 0101234567) has an open dossier in
Phường Hoàn Kiếm (a construction permit, filed by her on the company's behalf); the company's
business registration and land-use certificates were digitized into the company's store.
Idempotent.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.core.demo import DEMO_PASSWORD
from danvan.core.uploads import check_upload
from danvan.documents.admin_doc import DocumentSpec, Para, render_document
from danvan.signing.seal import system_seal
from danvan.units.services import current_unit
from danvan.vault import access, catalogue, services
from danvan.vault.models import Purpose, Source, VaultDocument

CITIZEN = ("congdan.hang", "Nguyễn Thị Hằng", "001190012345")
HOAN_KIEM = "00070"
SOCIAL_ALLOWANCE = "1.001776"  # its shown documents include the birth certificate
ORGANIZATION = ("0101234567", "Công ty TNHH Xây dựng Ánh Dương")
CONSTRUCTION_PERMIT = "1.013225"


def _paper(title: str, lines: list[str]) -> bytes:
    spec = DocumentSpec(
        title=title.upper(),
        issuing_body="BẢN GIẤY DO CÔNG DÂN XUẤT TRÌNH",
        body=[Para(line) for line in lines],
    )
    return render_document(spec).data


def _citizen() -> User:
    username, name, national_id = CITIZEN
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": name, "national_id": national_id}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _documents(clerk, unit) -> int:
    _, name, nid = CITIZEN
    today = timezone.localdate()
    papers = [
        (
            services.DocumentMeta(
                "id_card",
                "Căn cước công dân",
                nid,
                "Cục Cảnh sát QLHC về TTXH",
                dt.date(2021, 4, 10),
                dt.date(2030, 3, 12),
            ),
            ["Họ và tên: " + name, "Số định danh cá nhân: " + nid, "Ngày sinh: 12/03/1990"],
        ),
        (
            services.DocumentMeta(
                "birth_certificate",
                "Giấy khai sinh",
                "145/1990",
                "UBND phường Hàng Trống",
                dt.date(1990, 3, 20),
            ),
            ["Họ và tên: " + name, "Nơi sinh: Hà Nội"],
        ),
    ]
    for meta, lines in papers:
        upload = check_upload(f"{meta.doc_type}.pdf", _paper(meta.title, lines))
        services.digitize(upload, meta, owner_id=nid, unit=unit, by=clerk)
    marriage = catalogue.type_for_result("1.004873")
    for issued, number in (
        (today - dt.timedelta(days=40), "88/XNHN"),
        (dt.date(2025, 3, 2), "12/XNHN"),
    ):
        meta = services.DocumentMeta(
            marriage.code, marriage.name, number, "UBND phường Hoàn Kiếm", issued
        )
        data = _paper(marriage.name, [f"Xác nhận bà {name} hiện không đăng ký kết hôn với ai."])
        # Results we returned are signed; the demo seals them with the ward's seal.
        sealed = system_seal(
            data, unit=unit, by=clerk, object_type="vault.document", object_id=f"demo:{number}"
        )
        if sealed is not None:
            with sealed.file.open("rb") as fh:
                data = fh.read()
        services._store(
            nid,
            marriage,
            meta,
            data,
            f"xac-nhan-hon-nhan-{issued:%Y%m%d}.pdf",
            source=Source.RESULT,
            by=clerk,
            unit=unit,
            signed_document=sealed,
            signed=sealed is not None,
        )
    return 4


def _reusing_dossier(clerk, unit) -> None:
    """A dossier of hers whose birth certificate comes from the store: the reuse shows in the reports."""
    from danvan.onestop import intake
    from danvan.procedures.models import Procedure

    proc = Procedure.objects.filter(code=SOCIAL_ALLOWANCE).first()
    birth = VaultDocument.objects.filter(
        owner_id=CITIZEN[2], doc_type__code="birth_certificate"
    ).first()
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
    from danvan.onestop import intake
    from danvan.procedures.models import Procedure

    tax_code, org_name = ORGANIZATION
    proc = Procedure.objects.filter(code=CONSTRUCTION_PERMIT).first()
    if proc is None or VaultDocument.objects.filter(owner_id=tax_code).exists():
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
    types = catalogue.load_default()
    citizen = _citizen()
    clerk = User.objects.filter(username="clerk.hoankiem").first()
    created = 0
    if (
        clerk is not None
        and not VaultDocument.objects.filter(
            owner_id=citizen.national_id, source=Source.DIGITIZED
        ).exists()
    ):
        unit = current_unit(HOAN_KIEM)
        created = _documents(clerk, unit)
        _reusing_dossier(clerk, unit)
        specialist = User.objects.filter(username="specialist.hoankiem").first()
        if specialist is not None and access.handling_dossier(specialist, citizen.national_id):
            access.open_store(specialist, citizen.national_id, purpose=Purpose.STORE)
    if clerk is not None:
        created += _organization(clerk, current_unit(HOAN_KIEM))
    return {**types, "citizen": citizen.username, "documents": created}
