"""The engine on its own test table (tests/workflow/things.py): every guarantee of transition()."""

import dataclasses

import pytest
from django.core.exceptions import ImproperlyConfigured

from danvan.accounts.models import User
from danvan.audit.models import AuditEntry
from danvan.audit.registry import describe
from danvan.core.errors import Conflict, Forbidden, Invalid, NotFound
from danvan.signing.models import SigningPin
from danvan.units.services import current_unit
from danvan.workflow import (
    NEW,
    STAY,
    Transition,
    Workflow,
    allowed_for,
    check,
    create,
    history,
    transition,
)
from danvan.workflow import engine as engine_module
from danvan.workflow.models import WorkflowEvent
from danvan.workflow.registry import override, problems, register
from danvan.workflow.signals import transitioned
from tests.workflow.things import HOAN_KIEM, PIN, THING_FLOW, Thing, ThingState, make

S = ThingState
pytestmark = pytest.mark.usefixtures("things")


def who(username):
    return User.objects.get(username=username)


def act(thing, action, username, **kw):
    return transition(
        thing, action, by=who(username) if username else None, expected_version=thing.version, **kw
    )


def test_an_applied_transition_moves_the_state_and_adds_one_to_the_version():
    t = make(S.DRAFT)
    t = act(t, "open", "mobilizer.hoankiem")
    assert t.state == S.OPEN and t.version == 1
    assert Thing.objects.get(pk=t.pk).state == S.OPEN


def test_stale_version_is_a_409_and_changes_nothing():
    t = make(S.DRAFT)
    with pytest.raises(Conflict) as err:
        transition(t, "open", by=who("mobilizer.hoankiem"), expected_version=t.version + 1)
    assert err.value.code == "thing.version_conflict" and err.value.status == 409
    assert err.value.fields == {"version": 0}
    assert Thing.objects.get(pk=t.pk).version == 0


@pytest.mark.parametrize("state", [S.OPEN, S.DONE, S.DROPPED])
def test_a_transition_from_a_state_not_in_its_sources_is_a_409(state):
    t = make(state)
    with pytest.raises(Conflict) as err:
        act(t, "open", "mobilizer.hoankiem")
    assert err.value.code == "thing.invalid_transition"
    assert "Bắt đầu" in err.value.message and str(S(state).label) in err.value.message


def test_role_scope_and_sign_in_are_checked():
    t = make(S.DRAFT)
    with pytest.raises(Forbidden) as err:
        act(t, "open", "specialist.hoankiem")
    assert err.value.code == "thing.role_forbidden" and err.value.status == 403
    with pytest.raises(NotFound):  # a unit outside the official's: not even revealed
        act(t, "open", "clerk.bavi")
    with pytest.raises(Forbidden) as err:
        act(t, "open", None)
    assert err.value.code == "thing.role_forbidden"
    assert act(t, "note", "front.hanoi").note == ""  # a grant on the city covers its wards


def test_superusers_pass_role_checks_but_machine_only_transitions_need_a_machine():
    t = make(S.OPEN)
    with pytest.raises(Forbidden):
        act(t, "expire", "admin")
    t = transition(t, "expire", by=None, system="test:clock", expected_version=t.version)
    assert t.state == S.DONE
    event = WorkflowEvent.objects.get(
        workflow=THING_FLOW.name, object_id=str(t.pk), action="expire"
    )
    assert event.system == "test:clock" and event.by is None
    assert act(make(S.DRAFT), "open", "admin").state == S.OPEN


def test_a_reason_is_required_where_the_table_says_so():
    t = make(S.OPEN)
    with pytest.raises(Invalid) as err:
        act(t, "pause", "mobilizer.hoankiem", reason="  ab ")
    assert err.value.code == "thing.reason_required" and err.value.status == 422
    t = act(t, "pause", "mobilizer.hoankiem", reason="Chờ kinh phí")
    assert t.state == S.PAUSED and t.resume_state == S.OPEN


def test_resume_goes_back_to_the_state_the_pause_left():
    t = make(S.DRAFT)
    t = act(t, "pause", "mobilizer.hoankiem", reason="Chờ kinh phí")
    t = act(t, "resume", "mobilizer.hoankiem")
    assert t.state == S.DRAFT and t.version == 2


def test_stay_keeps_the_state_but_counts_a_version_and_keeps_the_data():
    t = act(make(S.OPEN), "note", "mobilizer.hoankiem", text="Họp dân ngày 5/12")
    assert t.state == S.OPEN and t.version == 1 and t.note == "Họp dân ngày 5/12"
    event = WorkflowEvent.objects.get(workflow=THING_FLOW.name, object_id=str(t.pk))
    assert event.data == {"text": "Họp dân ngày 5/12", "noted": True}
    assert (event.from_state, event.to_state) == ("open", "open")


def test_the_sub_state_guard_has_its_own_error():
    t = make(S.OPEN)
    with pytest.raises(Conflict) as err:
        act(t, "finish", "leader.hoankiem", pin=PIN)
    assert err.value.code == "thing.not_checked"
    assert "finish" not in {x.action for x in allowed_for(t, who("leader.hoankiem"))}
    t = act(t, "check", "specialist.hoankiem")
    assert "finish" in {x.action for x in allowed_for(t, who("leader.hoankiem"))}
    t = act(t, "finish", "leader.hoankiem", pin=PIN)
    assert t.state == S.DONE


def test_a_guard_refuses_and_hides_the_button():
    t = make(S.OPEN, note="keep")
    with pytest.raises(Conflict) as err:
        act(t, "drop", "mobilizer.hoankiem", reason="Không còn cần")
    assert err.value.code == "thing.kept"
    assert "drop" not in {x.action for x in allowed_for(t, who("mobilizer.hoankiem"))}
    with pytest.raises(Conflict):
        check(t, "drop", by=who("mobilizer.hoankiem"), reason="Không còn cần")


def test_the_pin_is_checked_before_the_row_lock_and_a_wrong_pin_changes_nothing(monkeypatch):
    t = act(make(S.OPEN), "check", "specialist.hoankiem")
    order = []
    real_read = engine_module._read
    monkeypatch.setattr(
        engine_module,
        "_read",
        lambda flow, pk, lock: (
            order.append("lock" if lock else "read") or real_read(flow, pk, lock=lock)
        ),
    )
    real_confirm = engine_module.confirm
    monkeypatch.setattr(
        engine_module, "confirm", lambda *a: order.append("pin") or real_confirm(*a)
    )
    with pytest.raises(Forbidden) as err:
        act(t, "finish", "leader.hoankiem", pin="000000")
    assert err.value.code == "signing.pin_wrong"
    assert AuditEntry.objects.filter(
        action="signing.pin_failed", object_type="workflow_tests.thing", object_id=str(t.pk)
    ).exists()
    assert order == ["read", "pin"]
    assert Thing.objects.get(pk=t.pk).version == t.version
    SigningPin.objects.filter(user__username="leader.hoankiem").update(failures=0)
    order.clear()
    assert act(t, "finish", "leader.hoankiem", pin=PIN).state == S.DONE
    assert order == ["read", "pin", "lock"]


def test_a_machine_caller_cannot_sign():
    t = act(make(S.OPEN), "check", "specialist.hoankiem")
    with pytest.raises(Forbidden):
        transition(t, "finish", by=None, system="test", expected_version=t.version)


def test_a_failing_effect_leaves_nothing_half_written():
    t = make(S.OPEN)

    def boom(ctx):
        ctx.obj.note = "half"
        raise Invalid("thing.boom", "Lỗi.")

    flow = _copy(effect_of={"note": boom})
    with override(flow), pytest.raises(Invalid):
        act(t, "note", "mobilizer.hoankiem")
    t.refresh_from_db()
    assert (t.note, t.version) == ("", 0)
    assert not WorkflowEvent.objects.filter(workflow=THING_FLOW.name, object_id=str(t.pk)).exists()


def test_an_effect_may_not_set_the_state_itself():
    def sneaky(ctx):
        ctx.obj.state = S.DONE

    with override(_copy(effect_of={"note": sneaky})), pytest.raises(ImproperlyConfigured):
        act(make(S.OPEN), "note", "mobilizer.hoankiem")


def test_event_row_audit_record_history_and_signal(django_capture_on_commit_callbacks):
    seen = []

    def receiver(sender, **kw):
        seen.append((sender, kw["transition"].action, kw["before"], kw["after"]))

    transitioned.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            t = act(make(S.DRAFT), "open", "mobilizer.hoankiem")
        assert seen == []  # not before the commit
        for callback in callbacks:
            callback()
    finally:
        transitioned.disconnect(receiver)
    assert seen == [(Thing, "open", S.DRAFT, S.OPEN)]
    entry = AuditEntry.objects.get(action="workflow_tests.thing.open", object_id=str(t.pk))
    assert entry.data["from"] == "draft" and entry.data["to"] == "open"
    assert entry.actor.username == "mobilizer.hoankiem"
    assert describe(entry.action, entry.data) == f"Bắt đầu: việc {t.pk}"
    steps = history(t)
    assert [(s.action, s.label, s.from_label, s.to_label) for s in steps] == [
        ("open", "Bắt đầu", "Dự thảo", "Đang thực hiện")
    ]


def test_create_inserts_in_the_creation_state_and_then_applies_follow_ups():
    t = create(
        Thing(unit=current_unit(HOAN_KIEM)),
        "create",
        by=who("mobilizer.hoankiem"),
        then="open",
        text="x",
    )
    assert t.pk and t.state == S.OPEN and t.version == 1
    assert [s.action for s in history(t)] == ["create", "open"]
    assert history(t)[0].from_state == ""
    audited = AuditEntry.objects.filter(object_type="workflow_tests.thing", object_id=str(t.pk))
    assert list(audited.values_list("action", flat=True)) == [
        "workflow_tests.thing.create",
        "workflow_tests.thing.open",
    ]
    with pytest.raises(Conflict) as err:  # a creation is never a transition of an existing row
        transition(t, "create", by=None, system="test", expected_version=t.version)
    assert err.value.code == "thing.invalid_transition"


def test_unknown_action_is_a_422():
    with pytest.raises(Invalid) as err:
        act(make(S.DRAFT), "fly", "admin")
    assert err.value.code == "thing.unknown_action"


def test_allowed_for_lists_what_this_person_may_do_now():
    t = make(S.OPEN)
    assert {x.action for x in allowed_for(t, who("mobilizer.hoankiem"))} == {
        "note",
        "pause",
        "drop",
    }
    assert {x.action for x in allowed_for(t, who("front.hanoi"))} == {"note"}
    assert allowed_for(t, who("clerk.bavi")) == []
    assert allowed_for(make(S.DONE), who("admin")) == []


def test_register_refuses_a_table_that_does_not_hold_together():
    bad = _copy(
        extra=[
            Transition("reopen", "Mở lại", sources={S.DONE}, target=S.OPEN, roles=("mobilizer",)),
            Transition("vanish", "Biến mất", sources={S.OPEN}, target="gone", roles=("x",)),
            Transition("again", "Lại", sources={NEW, S.OPEN}, target=STAY),
        ],
        name="workflow_tests.bad",
    )
    found = problems(bad)
    assert any("reopen: leaves a closed state" in p for p in found)
    assert any("vanish: target 'gone' is not a state" in p for p in found)
    assert any("again: a creation comes from NEW only" in p for p in found)
    with pytest.raises(ImproperlyConfigured):
        register(bad)
    assert problems(THING_FLOW) == []


def _copy(*, effect_of=None, extra=(), name=None) -> Workflow:
    transitions = [
        dataclasses.replace(t, effect=(effect_of or {}).get(t.action, t.effect))
        for t in THING_FLOW.transitions
    ]
    return dataclasses.replace(
        THING_FLOW, transitions=[*transitions, *extra], name=name or THING_FLOW.name
    )
