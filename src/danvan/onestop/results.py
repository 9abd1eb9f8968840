"""The result document of a dossier and the slips (Circular 03/2025 Annex I) rendered from records."""

import datetime as dt

from django.utils import timezone, translation

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
from danvan.onestop.titles import result_title
from danvan.procedures.services import CopyKind

HOTLINE = "1022"


def _vietnamese(label) -> str:
    """A choice label as printed on the document: documents stay Vietnamese in every language."""
    with translation.override("vi"):
        return str(label())


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
        channel=_vietnamese(dossier.get_channel_display),
        owner=dossier.owner_name,
        components=comps,
        sets=dossier.sets_count,
        statutory_time=dossier.procedure.statutory_time_text(),
        result_at=dossier.result_delivery or f"Bộ phận Một cửa {dossier.unit.name}",
        lookup_url=lookup_url(dossier),
        hotline=HOTLINE,
        officer=officer,
    )


def _ward_place(dossier: Dossier) -> str:
    """Decree 30/2020 Annex I: a commune-level body writes its own name ("Hoàn Kiếm")."""
    name = dossier.unit.name
    for prefix in ("Phường ", "Xã ", "Thị trấn ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _title_and_subtitle(dossier: Dossier, template) -> tuple[str, list[str]]:
    if dossier.outcome == "refused":
        return "THÔNG BÁO", [f"Về việc không giải quyết hồ sơ {dossier.procedure.name.lower()}"]
    if template.code == "decision":
        return "QUYẾT ĐỊNH", [
            f"Về việc {result_title(dossier.procedure).removeprefix('Quyết định ')}"
        ]
    return result_title(dossier.procedure).upper(), []


def _refusal_body(dossier: Dossier, reason: str) -> list:
    return [
        Para(
            f"Ủy ban nhân dân {dossier.unit.name[:1].lower()}{dossier.unit.name[1:]} đã nhận hồ sơ {dossier.code} của ông/bà "
            f"{dossier.applicant_name} đề nghị {dossier.summary or dossier.procedure.name}."
        ),
        Para(f"Hồ sơ không được giải quyết vì: {reason or 'không đủ điều kiện theo quy định'}."),
        Para("Ông/bà có quyền khiếu nại, khởi kiện theo quy định của pháp luật."),
    ]


def render_result(
    dossier: Dossier,
    now: dt.datetime,
    *,
    final: bool = False,
    authority: list[str] | None = None,
    signer_name: str = "",
    number: str = "",
    reason: str = "",
) -> RenderedPdf:
    """The result document from the procedure's template and the specialist's draft
    (onestop.drafting).

    ``final``: the copy that is signed (no draft marker); ``number`` its number in the unit's
    register (a preview shows "…/SYMBOL"); ``authority`` are the title lines of the signature block
    (Decree 30/2020: "TM. ỦY BAN NHÂN DÂN" then e.g. "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"). The returned
    ``signature_box`` is where the signer's visible stamp goes.
    """
    from danvan.onestop import drafting

    template, values, _version = drafting.current(dossier)
    lines = ["TM. ỦY BAN NHÂN DÂN", *(authority if authority is not None else ["CHỦ TỊCH"])]
    title, subtitle = _title_and_subtitle(dossier, template)
    body = (
        _refusal_body(dossier, reason)
        if dossier.outcome == "refused"
        else template.body(dossier, values)
    )
    spec = DocumentSpec(
        title=title,
        subtitle=subtitle,
        governing_body="",
        issuing_body=f"Ủy ban nhân dân {dossier.unit.name}".upper(),
        number=number or dossier.result_code or drafting.placeholder_number(dossier),
        place=_ward_place(dossier),
        date=timezone.localtime(now).date(),
        draft=not (final or dossier.result_signed),
        body=[
            *body,
            QrBlock(lookup_url(dossier), caption="Quét mã để tra cứu, kiểm tra văn bản"),
        ],
        signatures=[SignatureBlock(lines, signer_name)],
        recipients=[f"Ông/bà {dossier.applicant_name}", "Lưu: VT"],
    )
    return render_document(spec)


def attach_signed(dossier: Dossier, stored_name: str, number: str = "") -> None:
    """Point the dossier's result at the signed file itself: the e-result and any paper copy are
    printed from the same bytes (SPEC §3); ``number`` is its number in the unit's register."""
    if number:
        dossier.result_code = number
    dossier.result_file.name = stored_name
