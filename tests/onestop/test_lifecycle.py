"""Whole flows through the one transition function: states, control-slip rows, audit, notifications."""

import pytest

from danvan.audit.models import AuditEntry
from danvan.core.errors import Conflict, Forbidden, Invalid, NotFound
from danvan.core.models import Notification
from danvan.onestop.models import Dossier
from danvan.onestop.samples import make_dossier
from danvan.onestop.services import Command, allowed_for, transition
from danvan.onestop.slips import render_slip
from danvan.onestop.states import CLOSED
from danvan.onestop.timing import due_status
from danvan.onestop.workflow import TRANSITIONS, Status
from tests.helpers import save_result_draft
from tests.onestop.conftest import NO_WAIT, at

PIN = "123456"  # the demo signing PIN (signing/demo.py)


def act(dossier, action, who, persona, **kw):
    d = Dossier.objects.get(pk=dossier.pk)
    if action == "propose":
        save_result_draft(d, persona(who))
    return transition(
        d.pk, Command(action=action, expected_version=d.version, **kw), by=persona(who)
    )


@pytest.mark.django_db
def test_normal_dossier_from_intake_to_return(receive, persona):
    d = receive(now=at(2026, 11, 26, 9, 0))
    assert d.status == Status.RECEIVED and "-261126-" in d.code
    assert d.due_at == at(2026, 12, 1, 17, 0)  # 3 working days: 27/11, 30/11, 1/12
    assert d.handler.username == "specialist.hoankiem"
    d = act(d, "assign", "clerk.hoankiem", persona)
    d = act(d, "propose", "specialist.hoankiem", persona)
    assert d.handler.username == "leader.hoankiem"
    d = act(d, "approve", "leader.hoankiem", persona, pin=PIN)
    assert (
        d.status == Status.PROCESSED and d.result_signed and d.handler.username == "seal.hoankiem"
    )
    assert not Notification.objects.filter(
        object_id=str(d.pk), kind="onestop.result_ready"
    ).exists()
    d = act(d, "seal", "seal.hoankiem", persona, pin=PIN)
    assert d.status == Status.PROCESSED and d.handler.username == "clerk.hoankiem"
    d = act(d, "return_result", "clerk.hoankiem", persona, delivery="electronic")
    assert d.status == Status.RETURNED and d.closed_at and d.handler is None
    actions = list(d.events.values_list("action", flat=True))
    assert actions == ["submit", "receive", "assign", "propose", "approve", "seal", "return_result"]
    audited = set(AuditEntry.objects.filter(object_id=str(d.pk)).values_list("action", flat=True))
    assert {
        "onestop.dossier.received",
        "onestop.dossier.approve",
        "onestop.dossier.seal",
        "onestop.dossier.return_result",
    } <= audited
    kinds = set(Notification.objects.filter(object_id=str(d.pk)).values_list("kind", flat=True))
    assert {"onestop.received", "onestop.result_ready"} <= kinds
    assert render_slip(d, "01").startswith(b"%PDF") and render_slip(d, "06").startswith(b"%PDF")


@pytest.mark.django_db
def test_supplemented_dossier_restarts_the_clock(receive, persona):
    d = receive(now=at(2026, 11, 26, 9, 0))
    d = transition(
        d.pk,
        Command(
            "request_supplement",
            d.version,
            reason="Thiếu biên bản họp",
            what_to_do="Nộp biên bản họp thành viên hộ gia đình",
        ),
        by=persona("specialist.hoankiem"),
        now=at(2026, 11, 27, 10, 0),
    )
    assert d.status == Status.SUPPLEMENT_REQUESTED and d.supplement_count == 1
    assert render_slip(d, "02").startswith(b"%PDF")
    d = transition(
        d.pk,
        Command("supplement", d.version),
        by=persona("clerk.hoankiem"),
        now=at(2026, 12, 2, 14, 0),
    )
    assert d.status == Status.RECEIVED
    assert d.due_at == at(2026, 12, 7, 17, 0)  # restarts: 3/12, 4/12, 7/12 (Decree 61 Art 19(4))


@pytest.mark.django_db
def test_refusal_and_supplement_need_a_reason_and_what_to_do(receive, persona):
    d = receive()
    with pytest.raises(Invalid) as err:
        act(d, "refuse", "leader.hoankiem", persona, reason="", pin=PIN)
    assert err.value.code == "dossier.reason_required"
    with pytest.raises(Invalid) as err:
        act(d, "request_supplement", "specialist.hoankiem", persona, reason="Thiếu giấy tờ")
    assert err.value.code == "dossier.what_to_do_required"
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED  # nothing half-saved
    with pytest.raises(Forbidden):  # the reply letter is signed by the leader, not the specialist
        act(
            d,
            "refuse",
            "specialist.hoankiem",
            persona,
            reason="Ngành nghề kinh doanh bị cấm",
            pin=PIN,
        )
    d = act(d, "refuse", "leader.hoankiem", persona, reason="Ngành nghề kinh doanh bị cấm", pin=PIN)
    assert d.status == Status.PROCESSED and d.outcome == "refused" and d.result_signed
    d = act(d, "seal", "seal.hoankiem", persona, pin=PIN)
    refused = Notification.objects.filter(object_id=str(d.pk), kind="onestop.refused")
    assert refused and all("Ngành nghề kinh doanh bị cấm" in n.body for n in refused)


@pytest.mark.django_db
def test_withdrawn_and_stopped_dossiers_close(receive, persona):
    d = act(receive(), "withdraw", "clerk.hoankiem", persona, reason="Công dân xin rút hồ sơ")
    assert d.status == Status.WITHDRAWN and not d.is_open
    s = act(receive(), "stop", "specialist.hoankiem", persona, reason="Công dân đề nghị dừng")
    assert s.status == Status.STOPPED and render_slip(s, "05").startswith(b"%PDF")


@pytest.mark.django_db
def test_overdue_dossier_gets_one_apology_only(receive, persona):
    d = receive(now=at(2026, 11, 26, 9, 0))
    new_due = at(2026, 12, 4, 17, 0)
    d = transition(
        d.pk,
        Command(
            "apologize", d.version, reason="Cần xác minh thêm tại địa phương", new_due_at=new_due
        ),
        by=persona("specialist.hoankiem"),
        now=at(2026, 11, 27, 9),
    )
    assert d.due_at == new_due and d.rescheduled and d.original_due_at == at(2026, 12, 1, 17, 0)
    assert d.events.get(action="apologize").data["timely"] is True
    assert render_slip(d, "04").startswith(b"%PDF")
    with pytest.raises(Conflict) as err:
        transition(
            d.pk,
            Command("apologize", d.version, reason="Lần hai", new_due_at=at(2026, 12, 10, 17)),
            by=persona("specialist.hoankiem"),
        )
    assert err.value.code == "dossier.already_rescheduled"
    assert "apologize" not in {t.action for t in allowed_for(d, persona("specialist.hoankiem"))}
    assert due_status(d, now=at(2026, 12, 5, 9)) == "late"


@pytest.mark.django_db
def test_no_wait_dossier_is_returned_in_same_sitting(receive, persona):
    d = receive(NO_WAIT, now=at(2026, 11, 26, 9, 0))
    assert d.is_no_wait and d.handler.username == "clerk.hoankiem"
    d = transition(
        d.pk,
        Command("complete_on_spot", d.version, pin=PIN, payment_method="cash"),
        by=persona("clerk.hoankiem"),
        now=at(2026, 11, 26, 9, 12),
    )
    assert d.status == Status.RETURNED and d.result_file and d.result_signed
    assert d.events.get(action="complete_on_spot").data["minutes"] == 12
    assert due_status(d) == "early"
    assert b"%PDF" in render_slip(d, "01")[:8]


@pytest.mark.django_db
def test_complete_on_spot_is_refused_for_ordinary_procedures(receive, persona):
    d = receive()
    with pytest.raises(Conflict):
        act(d, "complete_on_spot", "clerk.hoankiem", persona)


@pytest.mark.django_db
def test_wrong_role_wrong_unit_and_stale_version_are_refused(receive, persona):
    d = receive()
    with pytest.raises(Forbidden):
        act(d, "approve", "clerk.hoankiem", persona)
    with pytest.raises(NotFound):
        act(d, "assign", "clerk.bavi", persona)
    with pytest.raises(Conflict) as err:
        transition(d.pk, Command("assign", d.version - 1), by=persona("clerk.hoankiem"))
    assert err.value.code == "dossier.version_conflict"


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(Status), ids=lambda s: s.name)
def test_every_action_is_refused_from_a_state_the_table_forbids(persona, state):
    """From every state (not only a closed one), each action whose sources do not include it is
    refused with the table's code, even for a superuser, and leaves the dossier untouched."""
    d = make_dossier(state)
    forbidden = [a for a, t in sorted(TRANSITIONS.items()) if state not in t.sources]
    assert forbidden, f"every action is allowed from {state.name}?"
    if state in CLOSED:
        assert len(forbidden) == len(TRANSITIONS)
    for action in forbidden:
        with pytest.raises(Conflict) as err:
            transition(
                d.pk,
                Command(action, d.version, reason="Lý do đủ dài", pin=PIN),
                by=persona("admin"),
            )
        assert err.value.code == "dossier.invalid_transition", action
        assert Dossier.objects.get(pk=d.pk).version == d.version, action
