"""Rows in any state for the generic workflow property test (tests/workflow, docs/workflow.md).
Only the tests import this module; it needs the demo world (Phường Hoàn Kiếm and its Front
committee)."""

import datetime as dt
import itertools

from django.utils import timezone

from danvan.accounts.models import Organization, OrganizationKind
from danvan.oversight.models import Recommendation, Supervision
from danvan.oversight.states import Level, SubjectKind, SupervisionForm
from danvan.units.services import current_unit
from danvan.workflow.testing import Sample

WARD = "00070"
_turn = itertools.count()


def _supervision(state, unit=None) -> Supervision:
    unit = unit or current_unit(WARD)
    today = timezone.localdate()
    org = Organization.objects.get(unit=unit, kind=OrganizationKind.FATHERLAND_FRONT)
    return Supervision.objects.create(
        unit=unit,
        level=Level.COMMUNE,
        organizer=org,
        form=SupervisionForm.TEAM,
        subject_kind=SubjectKind.BODY,
        subject="Ủy ban nhân dân phường",
        title="Giám sát việc giải quyết thủ tục hành chính",
        planned_on=today - dt.timedelta(days=30),
        started_on=today - dt.timedelta(days=25),
        ended_on=today - dt.timedelta(days=25),
        reported_on=today - dt.timedelta(days=21),
        findings="Còn 12 hồ sơ trễ hạn trong quý, chưa có phiếu xin lỗi.",
        state=state,
    )


def _recommendation(state) -> Recommendation:
    today = timezone.localdate()
    late = next(_turn) % 2 == 0
    sup = _supervision("recommended")
    return Recommendation.objects.create(
        supervision=sup,
        unit=sup.unit,
        addressee="Ủy ban nhân dân phường Hoàn Kiếm",
        content="Rà soát và xin lỗi người dân có hồ sơ trễ hạn.",
        sent_on=today - dt.timedelta(days=20),
        due_on=today - dt.timedelta(days=3) if late else today + dt.timedelta(days=10),
        answered_on=today - dt.timedelta(days=1)
        if state in ("answered", "resolved", "unresolved")
        else None,
        state=state,
    )


def _data(transition, obj) -> dict:
    today = timezone.localdate()
    return {
        "answer": "Ủy ban đã rà soát, xin lỗi 12 trường hợp.",
        "answered_on": today,
        "escalated_to": "Ủy ban MTTQ Việt Nam thành phố Hà Nội",
        "due_on": today + dt.timedelta(days=30),
    }


def supervision() -> Sample:
    return Sample(make=_supervision, examples=12, max_steps=6)


def recommendation() -> Sample:
    return Sample(make=_recommendation, data=_data, examples=15, max_steps=6)
