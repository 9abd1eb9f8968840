"""Scope (Must show): a ward's Front officer sees only the ward; the city sees everything; the
city Women's Union officer sees her organization's supervisions across the city and nothing
else; mobilizers read but never write."""

import json

import pytest
from django.utils import timezone

from danvan.core.errors import DomainError
from danvan.oversight import scoping, services
from danvan.oversight.models import Dialogue, Recommendation, Supervision
from danvan.workflow import transition
from tests.conftest import error_code

pytestmark = pytest.mark.django_db
HK_SUPERVISION = "Giám sát việc giải quyết thủ tục hành chính tại Bộ phận Một cửa phường"


def _units(user):
    return set(
        scoping.supervisions(Supervision.objects.all(), user).values_list("unit__code", flat=True)
    )


def test_the_ward_officer_sees_only_the_ward_and_the_city_sees_all(persona):
    assert _units(persona("front.hoankiem")) == {"00070"}
    assert _units(persona("front.hanoi")) == {"01", "00070", "09700"}
    assert _units(persona("mobilizer.hoankiem")) == {"00070"}
    assert _units(persona("clerk.hoankiem")) == set()


def test_the_city_womens_union_officer_sees_her_organizations_supervisions_across_the_city(persona):
    women = persona("phunu.hanoi")
    rows = scoping.supervisions(Supervision.objects.all(), women)
    assert rows.count() >= 2
    assert set(rows.values_list("organizer__kind", flat=True)) == {"womens_union"}
    assert {"01", "00070"} <= set(rows.values_list("unit__code", flat=True))  # city and a ward
    recs = scoping.recommendations(Recommendation.objects.all(), women)
    assert set(recs.values_list("supervision__organizer__kind", flat=True)) == {"womens_union"}
    assert not scoping.records(Dialogue.objects.all(), women).exists()


def test_pages_and_api_follow_the_scope(client_as, api_as, persona):
    bavi = Supervision.objects.filter(unit__code="09700").first()
    assert client_as("front.hoankiem").get(f"/giam-sat/giam-sat/{bavi.pk}/").status_code == 404
    assert client_as("front.hanoi").get(f"/giam-sat/giam-sat/{bavi.pk}/").status_code == 200
    body = api_as("front.hoankiem").get("/api/v1/oversight/supervisions?page_size=500").json()
    assert {row["unit"] for row in body["items"]} == {"00070"}
    women = api_as("phunu.hanoi").get("/api/v1/oversight/supervisions?page_size=500").json()
    assert {row["organizer_kind"] for row in women["items"]} == {"womens_union"}
    page = client_as("front.hoankiem").get("/giam-sat/").content.decode()
    assert "Công an phường Hoàn Kiếm" in page  # the escalated one is not overdue, others are
    assert "Bảo hiểm xã hội thành phố Hà Nội" not in page  # a city recommendation


def test_a_mobilizer_reads_but_cannot_act(persona, client_as, api_as):
    sup = Supervision.objects.get(title=HK_SUPERVISION)
    mobilizer = persona("mobilizer.hoankiem")
    with pytest.raises(DomainError) as err:
        transition(sup, "follow_up", by=mobilizer, expected_version=sup.version)
    assert err.value.status == 403
    assert client_as("mobilizer.hoankiem").get(f"/giam-sat/giam-sat/{sup.pk}/").status_code == 200
    r = api_as("mobilizer.hoankiem").post(
        f"/api/v1/oversight/supervisions/{sup.pk}/transitions",
        json.dumps({"action": "follow_up", "expected_version": sup.version}),
    )
    assert r.status_code == 403 and error_code(r) == "supervision.role_forbidden"
    with pytest.raises(DomainError) as err:
        services.require_writer(mobilizer, sup.unit)
    assert err.value.code == "oversight.read_only"


def test_the_womens_union_officer_plans_only_her_organizations_supervisions(persona):
    from danvan.accounts.models import Organization
    from danvan.core.errors import Invalid
    from danvan.oversight.services import SupervisionInput
    from danvan.units.services import current_unit

    women = persona("phunu.hanoi")
    city = current_unit("01")
    front = Organization.objects.get(unit=city, kind="fatherland_front")
    data = {"form": "team", "subject_kind": "policy", "subject": "Chính sách dân số",
            "title": "Giám sát công tác dân số", "planned_on": timezone.localdate()}  # fmt: skip
    with pytest.raises(Invalid) as err:
        services.plan_supervision(SupervisionInput(organizer=front, **data), unit=city, by=women)
    assert err.value.code == "supervision.other_organization"
    own = Organization.objects.get(unit=city, kind="womens_union")
    sup = services.plan_supervision(SupervisionInput(organizer=own, **data), unit=city, by=women)
    assert scoping.supervisions(Supervision.objects.filter(pk=sup.pk), women).exists()
