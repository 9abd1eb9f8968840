import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from danvan.accounts.models import Organization, OrganizationKind, Role, RoleGrant, User
from danvan.oversight import services
from danvan.oversight.services import RecommendationInput, SupervisionInput
from danvan.workflow import transition
from tests.oversight.helpers import quiet_commune


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    cache.clear()  # units.calendar caches a unit's working calendar for 5 minutes
    yield
    cache.clear()


@pytest.fixture
def commune(db):
    return quiet_commune()


@pytest.fixture
def officer(commune):
    user = User.objects.create_user("front.test", password="x", full_name="Cán bộ Mặt trận thử")
    RoleGrant.objects.create(user=user, role=Role.FRONT_OFFICER, unit=commune)
    return user


def front_of(unit, kind=OrganizationKind.FATHERLAND_FRONT):
    return Organization.objects.filter(unit=unit, kind=kind).first()


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def reported_supervision(unit, by, *, title="Giám sát việc niêm yết thủ tục hành chính", ago=40,
                         organizer=None, form="team", level_unit=None):  # fmt: skip
    sup = services.plan_supervision(
        SupervisionInput(
            organizer=organizer or front_of(unit),
            form=form,
            subject_kind="body",
            subject="Ủy ban nhân dân phường",
            title=title,
            planned_on=days_ago(ago),
        ),  # fmt: skip
        unit=unit,
        by=by,
    )
    sup = transition(sup, "conduct", by=by, expected_version=sup.version,
                     started_on=days_ago(ago), ended_on=days_ago(ago))  # fmt: skip
    return transition(sup, "report", by=by, expected_version=sup.version,
                      findings="Niêm yết chưa đủ 30 ngày liên tục.", reported_on=days_ago(ago - 2))  # fmt: skip


def recommend(sup, by, *, sent_ago, due_ago, addressee="Ủy ban nhân dân phường", content=None):
    return services.add_recommendation(
        sup,
        RecommendationInput(
            addressee=addressee,
            content=content or f"Kiến nghị khắc phục số {sent_ago}-{due_ago}.",
            sent_on=days_ago(sent_ago),
            due_on=days_ago(due_ago),
        ),  # fmt: skip
        by=by,
    )
