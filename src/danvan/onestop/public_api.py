"""GET /api/v1/public/dossiers/{code}?phone_last4=NNNN: state, due date, what is missing.
No personal data; rate-limited."""

import datetime as dt
import re

from ninja import Query, Router, Schema

from danvan.core.errors import NotFound
from danvan.core.identifiers import phone_last4 as last4
from danvan.core.ratelimit import limit_public
from danvan.onestop.models import Dossier
from danvan.onestop.timing import due_label, due_status
from danvan.onestop.workflow import Status

router = Router()


class PublicDossierOut(Schema):
    code: str
    procedure_name: str
    unit_name: str
    status: int
    status_label: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    due_status_label: str
    missing: list[str]
    what_to_do: str
    result_ready: bool


def public_view(d: Dossier) -> dict:
    missing, what = [], ""
    if d.status == Status.SUPPLEMENT_REQUESTED:
        ev = d.events.filter(action="request_supplement").order_by("-at").first()
        if ev:
            missing = ev.data.get("items") or []
            what = ev.data.get("what_to_do") or ev.reason
    return {
        "code": d.code,
        "procedure_name": d.procedure.name,
        "unit_name": d.unit.name,
        "status": d.status,
        "status_label": str(Status(d.status).label),
        "received_at": d.received_at,
        "due_at": d.due_at,
        "due_status_label": due_label(due_status(d)),
        "missing": missing,
        "what_to_do": what,
        "result_ready": d.status in (Status.PROCESSED, Status.RETURNED),
    }


SHORT_CODE = re.compile(r"^\d{6}-\d{4}$")  # "261201-0002", as staff lists show a code


def lookup(code: str, phone_last4: str) -> Dossier:
    qs = Dossier.objects.select_related("procedure", "unit")
    d = qs.filter(code=code).first()
    if d is None and SHORT_CODE.match(code) and len(phone_last4) == 4:
        # Every unit numbers its dossiers from 0001 each day: the short code with the phone's
        # last digits names one dossier, or none (never a guess between several).
        found = [
            x
            for x in qs.filter(code__endswith=f"-{code}", phone__endswith=phone_last4)[:2]
            if x.phone
        ]
        d = found[0] if len(found) == 1 else None
    # The same answer for a wrong code and a wrong phone: nothing to learn by guessing.
    if d is None or not d.phone or d.phone[-4:] != phone_last4:
        raise NotFound(
            "dossier.lookup_failed", "Không tìm thấy hồ sơ với mã và 4 số cuối điện thoại đã nhập."
        )
    return d


@router.get("/{code}", response=PublicDossierOut, auth=None, summary="Tra cứu hồ sơ (công khai)")
def public_lookup(
    request,
    code: str,
    phone_last4: str = Query(
        ...,
        min_length=4,
        max_length=20,
        description="4 số cuối điện thoại (hoặc cả số: 0912 345 678)",
    ),
):
    limit_public(request, "lookup")
    return public_view(lookup(code[:60], last4(phone_last4)))
