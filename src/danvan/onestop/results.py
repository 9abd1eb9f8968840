"""The result document of a dossier and the slips (Circular 03/2025 Annex I) rendered from records."""

import datetime as dt

from django.utils import timezone

from danvan.documents import forms_onestop as forms
from danvan.documents.admin_doc import (
    DocumentSpec,
    Para,
    QrBlock,
    RenderedPdf,
    SignatureBlock,
    render_document,
)
from danvan.onestop.models import Dossier
from danvan.onestop.notifications import lookup_url
from danvan.procedures.services import CopyKind

HOTLINE = "1022"


def _place(dossier: Dossier) -> str:
    ancestors = dossier.unit.ancestors()
    province = ancestors[0].name if ancestors else dossier.unit.name
    return province.replace("Thành phố ", "").replace("Tỉnh ", "")


def governing_body(dossier: Dossier) -> str:
    return f"Ủy ban nhân dân {dossier.unit.name.lower().replace('phường', 'phường').strip()}"


def dossier_info(dossier: Dossier) -> forms.DossierInfo:
    comps = [
        forms.Component(
            name=c.name,
            originals=c.quantity if c.copy_kind == CopyKind.ORIGINAL else 0,
            certified_copies=c.quantity if c.copy_kind == CopyKind.CERTIFIED_COPY else 0,
            photocopies=c.quantity if c.copy_kind == CopyKind.COPY else 0,
        )
        for c in dossier.components.all()
    ]
    received = timezone.localtime(dossier.received_at or dossier.submitted_at)
    appointment = (
        None if dossier.is_no_wait or dossier.due_at is None else timezone.localtime(dossier.due_at)
    )
    officer = dossier.received_by.display_name if dossier.received_by else ""
    return forms.DossierInfo(
        code=dossier.code,
        receiving_unit=f"Bộ phận Một cửa {dossier.unit.name}",
        governing_body=f"Ủy ban nhân dân {dossier.unit.name}",
        place=_place(dossier),
        submitter=forms.Person(
            dossier.applicant_name,
            dossier.national_id,
            dossier.address,
            dossier.phone,
            dossier.email,
        ),
        procedure=dossier.procedure.name,
        request_summary=dossier.summary or dossier.procedure.name,
        received_at=received,
        appointment=appointment,
        channel=dossier.get_channel_display(),
        owner=dossier.owner_name,
        components=comps,
        sets=dossier.sets_count,
        statutory_time=dossier.procedure.statutory_time_text(),
        result_at=dossier.result_delivery or f"Bộ phận Một cửa {dossier.unit.name}",
        lookup_url=lookup_url(dossier),
        hotline=HOTLINE,
        officer=officer,
    )


def render_result(
    dossier: Dossier,
    now: dt.datetime,
    *,
    final: bool = False,
    authority: list[str] | None = None,
    signer_name: str = "",
) -> RenderedPdf:
    """The result document from the procedure's template.

    ``final``: the copy that is signed (no draft marker); ``authority`` are the title lines of the
    signature block (Decree 30/2020: "TM. ỦY BAN NHÂN DÂN" then e.g. "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH").
    The returned ``signature_box`` is where the signer's visible stamp goes.
    """
    lines = ["TM. ỦY BAN NHÂN DÂN", *(authority if authority is not None else ["CHỦ TỊCH"])]
    verdict = "được giải quyết" if dossier.outcome != "refused" else "không được giải quyết"
    spec = DocumentSpec(
        title=(dossier.procedure.result_name or "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH").upper()[
            :200
        ],
        issuing_body=f"Ủy ban nhân dân {dossier.unit.name}".upper(),
        number=f"{dossier.code}/KQ",
        place=_place(dossier),
        date=timezone.localtime(now).date(),
        draft=not (final or dossier.result_signed),
        body=[
            Para(f"Thủ tục: {dossier.procedure.name}"),
            Para(
                f"Người yêu cầu: {dossier.applicant_name}; số định danh cá nhân: {dossier.national_id}."
            ),
            Para(f"Nội dung yêu cầu: {dossier.summary or dossier.procedure.name}."),
            Para(f"Kết quả: hồ sơ {dossier.code} {verdict}."),
            QrBlock(lookup_url(dossier), caption="Quét mã để tra cứu, kiểm tra văn bản"),
        ],
        signatures=[SignatureBlock(lines, signer_name)],
    )
    return render_document(spec)


def attach_signed(dossier: Dossier, stored_name: str) -> None:
    """Point the dossier's result at the signed file itself: the e-result and any paper copy are
    printed from the same bytes (SPEC §3)."""
    dossier.result_code = f"{dossier.code}/KQ"
    dossier.result_file.name = stored_name
