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
from danvan.vault import catalogue, services
from danvan.vault.models import Source, VaultDocument

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
    return {**types, "citizen": citizen.username, "documents": created}
