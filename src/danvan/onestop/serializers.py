"""What the API shows of a dossier; personal data masked in lists (ARCHITECTURE: rules of the house)."""

import datetime as dt

from ninja import Schema

from danvan.core.privacy import mask_national_id, mask_phone, reveal
from danvan.onestop.privacy import APPLICANT
from danvan.onestop.services import allowed_for
from danvan.onestop.timing import due_label, due_status, minutes_to_return
from danvan.onestop.workflow import Status


class DossierOut(Schema):
    code: str
    unit: str
    procedure: str
    procedure_name: str
    channel: str
    status: int
    status_label: str
    sub_status: str
    applicant_name: str
    national_id_masked: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    due_status: str
    due_status_label: str
    handler: str | None
    step_name: str
    step_due_at: dt.datetime | None
    version: int
    is_no_wait: bool


class ComponentOut(Schema):
    id: int
    name: str
    required: bool
    shown_only: bool
    provided: bool
    has_file: bool
    sha256: str
    digitization: str
    from_store: bool


class EventOut(Schema):
    action: str
    label: str  # what happened, in words (the table's label of the action)
    from_status: int | None
    to_status: int
    at: dt.datetime
    by: str | None
    handed_to: str | None
    reason: str


class ActionOut(Schema):
    action: str
    label: str
    needs_reason: bool
    needs_pin: bool
    form: str | None  # the form (mẫu) this action issues


class DossierDetailOut(DossierOut):
    national_id: str
    tax_code: str
    phone_masked: str
    address: str
    summary: str
    outcome: str
    supplement_count: int
    rescheduled: bool
    minutes_to_return: int | None
    fee_vnd: int
    has_result: bool
    components: list[ComponentOut]
    events: list[EventOut]
    actions: list[ActionOut]


def dossier_row(d, user) -> dict:
    status = due_status(d)
    return {
        "code": d.code,
        "unit": d.unit.code,
        "procedure": d.procedure.code,
        "procedure_name": d.procedure.name,
        "channel": d.channel,
        "status": d.status,
        "status_label": str(Status(d.status).label),
        "sub_status": d.sub_status,
        "applicant_name": d.applicant_name,
        "national_id_masked": mask_national_id(d.national_id),
        "received_at": d.received_at,
        "due_at": d.due_at,
        "due_status": status,
        "due_status_label": due_label(status),
        "handler": d.handler.username if d.handler else None,
        "step_name": d.step_name,
        "step_due_at": d.step_due_at,
        "version": d.version,
        "is_no_wait": d.is_no_wait,
    }


def dossier_detail(d, user) -> dict:
    events = d.events.select_related("by", "handed_to").order_by("at", "id")
    return {
        **dossier_row(d, user),
        "national_id": reveal(d.national_id, "national_id", user, APPLICANT, obj=d),
        "tax_code": d.tax_code,
        "phone_masked": mask_phone(d.phone),
        "address": reveal(d.address, "address", user, APPLICANT, obj=d),
        "summary": d.summary,
        "outcome": d.outcome,
        "supplement_count": d.supplement_count,
        "rescheduled": d.rescheduled,
        "minutes_to_return": minutes_to_return(d),
        "fee_vnd": d.fee_vnd,
        "has_result": bool(d.result_file),
        "components": [
            {
                "id": c.pk,
                "name": c.name,
                "required": c.required,
                "shown_only": c.shown_only,
                "provided": c.provided,
                "has_file": c.has_file,
                "sha256": c.sha256,
                "digitization": c.digitization,
                "from_store": c.from_store,
            }
            for c in d.components.all()
        ],
        "events": [
            {
                "action": e.action,
                "label": e.label,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "at": e.at,
                "by": e.by.username if e.by else None,
                "handed_to": e.handed_to.username if e.handed_to else None,
                "reason": e.reason,
            }
            for e in events
        ],
        "actions": [
            {
                "action": t.action,
                "label": str(t.label),
                "needs_reason": t.needs_reason,
                "needs_pin": t.needs_pin,
                "form": t.form,
            }
            for t in allowed_for(d, user)
        ],
    }
