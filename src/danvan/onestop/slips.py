"""Forms 01–07 rendered from the dossier's records (never typed in)."""

import datetime as dt
from dataclasses import replace

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


REFUSAL_NEXT_STEP = (
    "liên hệ Bộ phận Một cửa (đường dây nóng {hotline}) để được hướng dẫn cơ quan có thẩm "
    "quyền, hoặc nộp lại hồ sơ khi đủ điều kiện"
)


def _by(d, event):
    """The slip signed by the official who issued it (the officer of the event, not the receiver)."""
    return replace(d, officer=event.by.display_name) if event.by else d


def _today(event) -> dt.date:
    return timezone.localtime(event.at).date()


def render_slip(dossier: Dossier, form: str) -> bytes:
    d = dossier_info(dossier)
    if form == "01":
        return forms.receipt_slip(d).data
    if form == "02":
        ev = _event(dossier, "request_supplement")
        what_to_do = ev.data.get("what_to_do") or ""
        # Each paper once; the reason and what to do once, under the list.
        items = [forms.SupplementItem(i) for i in (ev.data.get("items") or [])] or [
            forms.SupplementItem(what_to_do or ev.reason)
        ]
        return forms.supplement_request(
            _by(d, ev),
            items,
            issued_on=_today(ev),
            reason=ev.reason,
            what_to_do=what_to_do if items[0].what != what_to_do else "",
        ).data
    if form == "03":
        ev = _event(dossier, "refuse_intake")
        return forms.refusal_notice(
            _by(d, ev),
            [ev.reason],
            issued_on=_today(ev),
            what_to_do=ev.data.get("what_to_do") or REFUSAL_NEXT_STEP.format(hotline=d.hotline),
        ).data
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


APPLICANT = "Người nộp hồ sơ"


def handoffs(dossier: Dossier) -> list[forms.Handoff]:
    """The rows of form 06: who gave the dossier to whom. The applicant gives it to the desk at
    receipt; then each step gives it from the body that held it to the next one."""
    rows, previous, holder = [], None, ""
    applicant = dossier.applicant_name
    for ev in dossier.events.select_related("by", "handed_to").order_by("at", "id"):
        if ev.action == "submit":  # the filing itself: the receipt row below says who took it
            continue
        on_time = "Quá hạn" if ev.step_due_at and previous and ev.at > previous else "Đúng hạn"
        by = ev.by.display_name if ev.by else ""
        if ev.action == "receive":
            giver_body, giver, receiver_body, receiver = (
                APPLICANT,
                applicant,
                forms.RECEIVING_DESK,
                by,
            )
        elif ev.action == "request_supplement":  # back to the applicant until she supplements
            giver_body, giver = holder or forms.RECEIVING_DESK, by
            receiver_body, receiver = APPLICANT, applicant
        elif ev.action == "supplement":
            giver_body, giver = APPLICANT, applicant
            receiver_body = ev.body or forms.RECEIVING_DESK
            receiver = ev.handed_to.display_name if ev.handed_to else by
        else:
            giver_body = holder or forms.RECEIVING_DESK
            receiver_body = ev.body or giver_body
            giver = ev.by.display_name if ev.by else ""
            receiver = ev.handed_to.display_name if ev.handed_to else ""
        if receiver_body == giver_body and receiver in ("", giver):
            continue  # no hand-off (an apology, a note): the history page shows it
        rows.append(
            forms.Handoff(
                giver_body=giver_body,
                receiver_body=receiver_body,
                at=timezone.localtime(ev.at),
                giver=giver,
                receiver=receiver,
                result=on_time,
                note=ev.get_to_status_display(),
            )
        )
        holder, previous = receiver_body, ev.step_due_at
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


def _place(unit) -> str:
    """The date line's place: the province, as on the other slips ("Hà Nội")."""
    ancestors = unit.ancestors()
    province = ancestors[0].name if ancestors else unit.name
    return province.replace("Thành phố ", "").replace("Tỉnh ", "")


def register_pdf(unit, dossiers) -> bytes:
    return forms.dossier_register(
        register_entries(dossiers),
        governing_body=f"Ủy ban nhân dân {unit.name}",
        receiving_unit=f"Bộ phận Một cửa {unit.name}",
        place=_place(unit),
        issued_on=timezone.localdate(),
    ).data


def register_xlsx(unit, dossiers) -> bytes:
    return forms.dossier_register_xlsx(
        register_entries(dossiers), receiving_unit=f"Bộ phận Một cửa {unit.name}"
    )
