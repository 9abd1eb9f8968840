"""Rows in any state for the generic workflow property test (tests/workflow, docs/workflow.md).

Only the tests import this module; it needs the demo world they load (the Hoàn Kiếm ward, its
personas with the demo signing PIN, the catalogue's procedures).
"""

import datetime as dt
import itertools
import secrets

from django.utils import timezone

from danvan.accounts.models import Role, User
from danvan.onestop.codes import new_code
from danvan.onestop.models import Channel, Dossier, Payment, PaymentIntent
from danvan.onestop.states import CLOSED, Status, SubStatus
from danvan.procedures.services import procedure_by_code
from danvan.units.services import current_unit
from danvan.workflow.testing import Sample

WARD = "00070"  # Phường Hoàn Kiếm
NORMAL, NO_WAIT = "1.001612", "2.000815"
PIN = "123456"  # the demo signing PIN (signing/demo.py)
PERSONAS = {
    Role.COUNTER_CLERK: "clerk.hoankiem",
    Role.SPECIALIST: "specialist.hoankiem",
    Role.SIGNER: "leader.hoankiem",
    Role.OFFICE_CLERK: "seal.hoankiem",
}
S, SS = Status, SubStatus
# What each state implies besides the status (the sub-state a dossier usually has there).
_SUB = {
    S.SUPPLEMENT_REQUESTED: SS.SUPPLEMENT_FROM_CITIZEN,
    S.PROCESSING: SS.AWAITING_SIGNATURE,
    S.PROCESSED: SS.SIGNED_AWAITING_SEAL,  # no signed file: the seal is refused, state kept
}
_RESUME = {S.SUPPLEMENT_REQUESTED: S.RECEIVED, S.FINANCIAL_OBLIGATION: S.PROCESSING}
_turn = itertools.count()


def make_dossier(state) -> Dossier:
    """Every other dossier is of a "no-wait" procedure (it may be completed on the spot)."""
    unit, now = current_unit(WARD), timezone.now()
    procedure = procedure_by_code(NO_WAIT if next(_turn) % 2 else NORMAL)
    received = state != S.REGISTERED_ONLINE
    clerk = User.objects.get(username=PERSONAS[Role.COUNTER_CLERK])
    return Dossier.objects.create(
        code=new_code(unit, timezone.localdate()),
        unit=unit,
        procedure=procedure,
        channel=Channel.IN_PERSON if received else Channel.ONLINE,
        status=state,
        sub_status=_SUB.get(state, SS.NONE),
        resume_status=_RESUME.get(state),
        applicant_name="Nguyễn Văn Thử",
        national_id="001190099999",
        submitted_at=now - dt.timedelta(hours=2),
        received_at=now - dt.timedelta(hours=1) if received else None,
        received_by=clerk if received else None,
        clock_started_at=now - dt.timedelta(hours=1) if received else None,
        due_at=now + dt.timedelta(days=3) if received else None,
        handler=clerk if received else None,
        supplement_requested_at=now if state == S.SUPPLEMENT_REQUESTED else None,
        is_no_wait=procedure.is_no_wait,
        fee_vnd=50_000,
        closed_at=now if state in CLOSED else None,
    )


def _persona(role, obj) -> User:
    return User.objects.get(username=PERSONAS[role])


def _dossier_data(t, dossier) -> dict:
    return {
        "pin": PIN,
        "what_to_do": "Nộp bản sao giấy chứng nhận",
        "new_due_at": (dossier.due_at or timezone.now()) + dt.timedelta(days=7),
        "payment_method": Payment.Method.CASH,
        "delivery": "paper",
    }


def dossier() -> Sample:
    return Sample(make=make_dossier, actor=_persona, data=_dossier_data, examples=20, max_steps=8)


def make_intent(state) -> PaymentIntent:
    d = make_dossier(S.FINANCIAL_OBLIGATION)
    return PaymentIntent.objects.create(
        dossier=d,
        provider="fake",
        reference=f"{d.code[-20:]}-{secrets.token_hex(4).upper()}",
        amount_vnd=d.fee_vnd,
        state=state,
    )


def _intent_data(t, intent) -> dict:
    """A gateway's settlement: "pay" links the receipt the dossier's record_payment wrote."""
    if t.action != "pay":
        return {"transaction": "FAKE0001", "message": "Ngân hàng từ chối."}
    receipt = f"BL-{intent.dossier.code}-{secrets.token_hex(3)}"
    Payment.objects.create(
        dossier=intent.dossier, amount_vnd=intent.amount_vnd, method="online", receipt_no=receipt
    )
    return {"transaction": "FAKE0001", "receipt_no": receipt}


def payment_intent() -> Sample:
    return Sample(make=make_intent, data=_intent_data, examples=10, max_steps=3)
