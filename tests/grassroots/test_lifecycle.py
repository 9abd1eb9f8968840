"""A petition from intake to the citizen's rating, on the workflow engine."""

import datetime as dt

import pytest
from django.utils import timezone

from danvan.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from danvan.core.indicators import evaluate
from danvan.grassroots import services
from danvan.grassroots.models import Petition
from danvan.workflow import history


def test_receive_route_handle_answer_rate(make_petition, officer):
    p = make_petition(kind="complaint")
    assert p.state == "received" and p.acceptance_due_at > p.received_at
    p = services.apply(p, "route", by=officer, expected_version=p.version)
    assert p.state == "routed" and p.handling_body == "Ủy ban nhân dân Phường Hoàn Kiếm"
    assert p.due_at > timezone.now() and "Luật Khiếu nại 2011, Điều 28" in p.deadline_basis
    p = services.apply(p, "start", by=officer, expected_version=p.version)
    assert p.handler == officer
    p = services.apply(
        p, "answer", by=officer, expected_version=p.version, answer="Đã kiểm tra và xử lý."
    )
    assert p.state == "answered" and p.answered_on_time is True
    p = services.rate(p.tracking_code, 5)
    assert p.state == "closed" and p.satisfaction == 5
    assert [s.action for s in history(p)] == ["receive", "route", "start", "answer", "rate"]


def test_an_answer_after_the_deadline_is_overdue(make_petition, officer, ward):
    p = make_petition()
    p = services.apply(p, "route", by=officer, expected_version=p.version)
    Petition.objects.filter(pk=p.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    p.refresh_from_db()
    p = services.apply(p, "answer", by=officer, expected_version=p.version, answer="Đã xử lý.")
    assert p.answered_on_time is False
    today = timezone.localdate()
    assert evaluate("grassroots.petitions_overdue", unit=ward, start=today, end=today).value >= 1
    rate = evaluate("grassroots.petitions_on_time_rate", unit=ward, start=today, end=today)
    assert rate.denominator >= 1 and rate.numerator < rate.denominator


def test_an_unsatisfied_citizen_reopens_it(make_petition, officer):
    p = make_petition()
    p = services.apply(p, "route", by=officer, expected_version=p.version)
    p = services.apply(p, "answer", by=officer, expected_version=p.version, answer="Đã xử lý.")
    p = services.rate(p.tracking_code, 1, "Rác vẫn còn nguyên")
    assert p.state == "handling" and p.reopen_count == 1 and p.satisfaction == 1


def test_transfer_records_the_competent_body(make_petition, officer):
    p = make_petition()
    with pytest.raises(Invalid):
        services.apply(
            p, "transfer", by=officer, expected_version=p.version, reason="Không thuộc thẩm quyền"
        )
    p = services.apply(
        p,
        "transfer",
        by=officer,
        expected_version=p.version,
        reason="Không thuộc thẩm quyền",
        transferred_to="Công an phường Hoàn Kiếm",
    )
    assert p.state == "transferred" and p.transferred_to == "Công an phường Hoàn Kiếm"
    assert services.public_view(p)["handling_body"] == "Công an phường Hoàn Kiếm"


def test_a_stale_version_is_refused_once(make_petition, officer):
    p = make_petition()
    v = p.version
    services.apply(p, "route", by=officer, expected_version=v)
    with pytest.raises(Conflict) as err:
        services.apply(p, "route", by=officer, expected_version=v)
    assert err.value.code in ("petition.version_conflict", "petition.invalid_transition")
    assert Petition.objects.get(pk=p.pk).version == v + 1


def test_scope_and_roles(make_petition, persona):
    p = make_petition()
    with pytest.raises(Forbidden):  # a reader (mobilizer) may see it, not route it
        services.apply(p, "route", by=persona("mobilizer.hoankiem"), expected_version=p.version)
    with pytest.raises(NotFound):  # another commune's leader does not learn it exists
        services.apply(p, "route", by=persona("leader.bavi"), expected_version=p.version)
    with pytest.raises(NotFound):
        services.get_visible(persona("leader.bavi"), p.tracking_code)
    assert services.get_visible(persona("front.hanoi"), p.tracking_code) == p
    with pytest.raises(DomainError):  # intake needs a handler role on the unit
        make_petition(by=persona("mobilizer.hoankiem"))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "rumour"}, "kind"),
        ({"category": "?"}, "category"),
        ({"description": "ngắn"}, "description"),
        ({"people_count": 0}, "people_count"),
        ({"people_count": 3, "representatives": 4}, "representatives"),
        ({"kind": "denunciation", "petitioner_name": ""}, "petitioner_name"),
        ({"petitioner_national_id": "12345"}, "petitioner_national_id"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(make_petition, change, field):
    with pytest.raises(Invalid) as err:
        make_petition(**change)
    assert field in err.value.fields and err.value.code == "petition.invalid"


def test_the_inbox_counts_acceptance_and_settlement_deadlines(make_petition, officer, client_as):
    late = make_petition(description="Đơn chưa phân loại đã quá hạn thụ lý từ lâu")
    Petition.objects.filter(pk=late.pk).update(
        acceptance_due_at=timezone.now() - dt.timedelta(days=2)
    )
    routed = make_petition(description="Đơn đã chuyển xử lý, hạn giải quyết ngày mai")
    routed = services.apply(routed, "route", by=officer, expected_version=routed.version)
    Petition.objects.filter(pk=routed.pk).update(due_at=timezone.now() + dt.timedelta(days=1))
    qs = services.visible(officer).filter(pk__in=[late.pk, routed.pk])
    counts = services.inbox_counts(qs)
    assert counts["overdue"] == 1 and counts["due_soon"] == 1 and counts["new"] == 1
    page = client_as("petitions.hoankiem").get("/don-thu/?loc=qua-han").content.decode()
    assert late.tracking_code in page and routed.tracking_code not in page
