"""Forms 01–07 rendered from the dossier's records (never typed in)."""

import datetime as dt

from django.utils import timezone

from danvan.core.errors import NotFound
from danvan.core.privacy import mask_phone
from danvan.documents import forms_onestop as forms
from danvan.onestop.models import Dossier
from danvan.onestop.results import dossier_info
from danvan.onestop.timing import STATUS_LABELS, due_status

SLIP_FORMS_PDF = {"01", "02", "03", "04", "05", "06", "07"}
TITLES = {
    "01": "giay-tiep-nhan",
    "02": "phieu-yeu-cau-bo-sung",
    "03": "phieu-tu-choi",
    "04": "phieu-xin-loi-hen-lai",
    "05": "thong-bao-dung",
    "06": "phieu-kiem-soat",
    "07": "so-theo-doi",
}


def _event(dossier: Dossier, action: str):
    event = dossier.events.filter(action=action).order_by("-at").first()
    if event is None:
        raise NotFound(
            "slip.not_applicable",
            "Hồ sơ này chưa có phiếu này (chưa phát sinh thao tác tương ứng).",
        )
    return event


def _signer(dossier: Dossier, event) -> forms.Signer:
    name = event.by.display_name if event.by else ""
    return forms.Signer(name=name, authority=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])


def _today(event) -> dt.date:
    return timezone.localtime(event.at).date()


def render_slip(dossier: Dossier, form: str) -> bytes:
    d = dossier_info(dossier)
    if form == "01":
        return forms.receipt_slip(d).data
    if form == "02":
        ev = _event(dossier, "request_supplement")
        items = [forms.SupplementItem(i, ev.reason) for i in (ev.data.get("items") or [])] or [
            forms.SupplementItem(ev.data.get("what_to_do") or ev.reason, ev.reason)
        ]
        return forms.supplement_request(d, items, issued_on=_today(ev)).data
    if form == "03":
        ev = _event(dossier, "refuse_intake")
        return forms.refusal_notice(d, [ev.reason], issued_on=_today(ev)).data
    if form == "04":
        ev = _event(dossier, "apologize")
        return forms.apology_letter(
            d,
            ev.reason,
            timezone.localtime(dossier.due_at),
            signer=_signer(dossier, ev),
            issued_on=_today(ev),
        ).data
    if form == "05":
        ev = _event(dossier, "stop")
        return forms.stop_notice(
            d, ev.reason, _today(ev), signer=_signer(dossier, ev), issued_on=_today(ev)
        ).data
    if form == "06":
        return forms.process_control_slip(
            d, handoffs(dossier), processing_body=f"UBND {dossier.unit.name}"
        ).data
    if form == "07":
        return register_pdf(dossier.unit, [dossier])
    raise NotFound("slip.unknown_form", "Mẫu phiếu không tồn tại (01–07).")


def handoffs(dossier: Dossier) -> list[forms.Handoff]:
    rows, previous = [], None
    for ev in dossier.events.select_related("by", "handed_to").order_by("at", "id"):
        on_time = "Quá hạn" if ev.step_due_at and previous and ev.at > previous else "Đúng hạn"
        rows.append(
            forms.Handoff(
                giver_body=ev.body or "Bộ phận tiếp nhận và trả kết quả",
                receiver_body=ev.body or "",
                at=timezone.localtime(ev.at),
                giver=ev.by.display_name if ev.by else "",
                receiver=ev.handed_to.display_name if ev.handed_to else "",
                result=on_time,
                note=ev.get_to_status_display(),
            )
        )
        previous = ev.step_due_at
    return rows


def register_entries(dossiers) -> list[forms.RegisterEntry]:
    def local_day(value):
        return timezone.localtime(value).date() if value else None

    return [
        forms.RegisterEntry(
            code=d.code,
            procedure=d.procedure.name,
            applicant=d.applicant_name,
            address_phone=f"{d.address}; {mask_phone(d.phone)}",
            lead_body=f"UBND {d.unit.name}",
            received_on=local_day(d.received_at or d.submitted_at),
            appointment_on=local_day(d.due_at),
            sets=d.sets_count,
            result_on=local_day(d.processed_at),
            returned_on=local_day(d.returned_at),
            note=STATUS_LABELS.get(due_status(d), ""),
        )
        for d in dossiers
    ]


def register_pdf(unit, dossiers) -> bytes:
    return forms.dossier_register(
        register_entries(dossiers),
        governing_body=f"Ủy ban nhân dân {unit.name}",
        receiving_unit=f"Bộ phận Một cửa {unit.name}",
        place="Hà Nội",
    ).data


def register_xlsx(unit, dossiers) -> bytes:
    return forms.dossier_register_xlsx(
        register_entries(dossiers), receiving_unit=f"Bộ phận Một cửa {unit.name}"
    )
