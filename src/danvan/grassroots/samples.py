"""Rows in any state for the generic workflow property test (tests/workflow, docs/workflow.md).
Only the tests import this module; it needs the demo world (phường Hoàn Kiếm, its personas)."""

import datetime as dt

from django.utils import timezone

from danvan.grassroots.models import (
    Hotspot,
    HotspotState,
    Kind,
    Matter,
    Petition,
    PetitionState,
)
from danvan.grassroots.services import new_tracking_code
from danvan.units.services import current_unit
from danvan.workflow.testing import Sample

WARD = "00070"


def make_petition(state) -> Petition:
    now = timezone.now()
    answered = state in (PetitionState.ANSWERED, PetitionState.CLOSED)
    return Petition.objects.create(
        tracking_code=new_tracking_code(),
        unit=current_unit(WARD),
        kind=Kind.FEEDBACK,
        category="infrastructure",
        channel="counter",
        title="Đèn chiếu sáng ngõ hỏng",
        description="Đèn chiếu sáng trong ngõ hỏng nhiều ngày.",
        petitioner_name="Nguyễn Văn Thử",
        state=state,
        received_at=now - dt.timedelta(days=1),
        due_at=now + dt.timedelta(days=5),
        answer="Đã thay bóng đèn." if answered else "",
        answered_at=now if answered else None,
    )


def petition_data(transition, obj) -> dict:
    return {
        "answer": {"answer": "Đã kiểm tra và thay bóng đèn trong ngõ."},
        "rate": {"satisfaction": 5},
        "transfer": {"transferred_to": "Công an phường Hoàn Kiếm"},
        "escalate": {"level": "province"},
    }.get(transition.action, {})


def make_hotspot(state) -> Hotspot:
    unit = current_unit(WARD)
    matter = Matter.objects.create(unit=unit, title="Tranh chấp lối đi chung ngõ 5")
    return Hotspot.objects.create(
        matter=matter,
        unit=unit,
        state=state,
        reasons=[],
        opened_at=timezone.now(),
        settled_at=timezone.now() if state == HotspotState.SETTLED else None,
    )


def hotspot_data(transition, obj) -> dict:
    if transition.action == "take_charge":
        return {
            "lead_body": "UBND phường Hoàn Kiếm",
            "responsible": "Phó Chủ tịch UBND phường",
            "plan": "Đối thoại với các hộ, đo đạc lại ranh giới.",
        }
    if transition.action == "refresh":
        return {"reasons": [], "score": 0}
    return {}


petition = Sample(make=make_petition, data=petition_data, examples=15, max_steps=5)
hotspot = Sample(make=make_hotspot, data=hotspot_data, examples=10, max_steps=4)
