"""The generic property check of a workflow table on real rows (hypothesis).

The table is the specification; ``predict`` reads it (and only it, plus the scope rule) to say
what the engine must answer. ``check_table`` runs, for one workflow:

- the static check (``registry.problems``: sources and targets are states, nothing leaves a
  closed state…);
- every (state, action, actor) the table forbids, from every state: refused with the documented
  error code, neither the state nor the version moved; from a closed state, everything refused;
- random sequences of (action, actor) from every state: only defined states are reached, closed
  states stay closed, the state reached is the table's target, the version grows by exactly one
  per applied transition and not at all on a refusal.

Actors: a holder of each role of the table (the workflow's Sample may name them, e.g. personas
with a signing PIN), someone holding another role, a superuser, an anonymous caller, an official
of a unit outside the object's, and a trusted machine caller (``system=``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from danvan.accounts import scope
from danvan.accounts.models import Role, RoleGrant, User
from danvan.core.errors import DomainError
from danvan.units.models import Unit
from danvan.workflow import perform
from danvan.workflow.registry import override, problems
from danvan.workflow.table import RESUME, STAY, Workflow
from danvan.workflow.testing import Sample

SYSTEM = "workflow.property-test"
REASON = "Lý do kiểm thử đủ dài"
KINDS = ("other_role", "superuser", "anonymous", "outsider", "system")


def table_roles(flow: Workflow) -> list[str]:
    return sorted({r for t in flow.transitions for r in t.roles})


def actor_kinds(flow: Workflow) -> list[str]:
    return [f"role:{r}" for r in table_roles(flow)] + list(KINDS)


def actions(flow: Workflow) -> list[str]:
    return [t.action for t in flow.transitions if not t.creates]


@dataclass
class Actors:
    """The people (and the machine) who try the transitions, made once per unit; and which
    actions the run managed to apply (a run that applies nothing proves nothing)."""

    flow: Workflow
    sample: Sample
    made: dict = field(default_factory=dict)
    applied: set = field(default_factory=set)

    def get(self, kind: str, obj) -> tuple[User | None, str]:
        if kind == "system":
            return None, SYSTEM
        if kind == "anonymous":
            return None, ""
        unit = self.flow.unit_of(obj)
        key = (kind, getattr(unit, "pk", None))
        if key not in self.made:
            self.made[key] = self._make(kind, unit, obj)
        user = self.made[key]
        scope.forget(user)
        return user, ""

    def _make(self, kind: str, unit, obj) -> User:
        if kind.startswith("role:") and self.sample.actor is not None:
            return self.sample.actor(kind[5:], obj)
        name = f"wf-{kind.replace(':', '-')}-{getattr(unit, 'pk', 'none')}"
        user, _ = User.objects.get_or_create(username=name[:150])
        if kind == "superuser":
            User.objects.filter(pk=user.pk).update(is_superuser=True)
            user.is_superuser = True
        elif unit is not None and kind.startswith("role:"):
            RoleGrant.objects.get_or_create(user=user, role=kind[5:], unit=unit)
        elif unit is not None and kind == "other_role":
            other = next(r for r in Role.values if r not in table_roles(self.flow))
            RoleGrant.objects.get_or_create(user=user, role=other, unit=unit)
        elif unit is not None and kind == "outsider":
            elsewhere = _unit_outside(unit)
            for role in table_roles(self.flow) or [Role.ADMIN]:
                RoleGrant.objects.get_or_create(user=user, role=role, unit=elsewhere)
        return user


def _unit_outside(unit: Unit) -> Unit:
    for other in Unit.objects.order_by("-depth", "pk").iterator():
        if not unit.path.startswith(other.path) and not other.path.startswith(unit.path):
            return other
    raise AssertionError("the property test needs a unit outside the object's")


def _v(state):
    return getattr(state, "value", state)


def state_of(flow: Workflow, obj):
    return flow.state(getattr(obj, flow.state_field))


def predict(flow: Workflow, obj, action: str, user, system: str) -> str | None:
    """The error code the table (and the scope rule) demands, or None when the table allows it."""
    t = flow.actions[action]
    if not system or t.needs_pin:  # a machine caller has no PIN: a signature needs a person
        unit = flow.unit_of(obj)
        if user is None:
            return flow.code("role_forbidden")
        if not scope.covers(user, unit):
            return "not_found"
        if not t.roles or not (user.is_superuser or scope.covers(user, unit, t.roles)):
            return flow.code("role_forbidden")
    if state_of(flow, obj) not in t.sources:
        return flow.code("invalid_transition")
    if t.target is RESUME and _remembered(flow, obj) is None and t.fallback is None:
        return flow.code("invalid_transition")
    if t.sub_states is not None and getattr(obj, flow.sub_state_field) not in t.sub_states:
        return t.not_ready[0] if t.not_ready else flow.code("not_ready")
    return None


def expected_target(flow: Workflow, obj, action: str):
    t = flow.actions[action]
    if t.target is STAY:
        return state_of(flow, obj)
    if t.target is RESUME:
        return _remembered(flow, obj) or t.fallback
    return t.target


def _remembered(flow: Workflow, obj):
    return flow.state(getattr(obj, flow.resume_field)) if flow.resume_field else None


def table_codes(flow: Workflow) -> set[str]:
    """Codes that only a table-level refusal may carry."""
    return {flow.code(c) for c in ("invalid_transition", "role_forbidden", "version_conflict")} | {
        "not_found",
        flow.code("unknown_action"),
    }


def reload(flow: Workflow, obj):
    return flow.model_class.objects.select_related(*flow.select_related).get(pk=obj.pk)


def attempt(flow, sample, actors, obj, action, kind, *, give_reason=True, stale=False):
    """Try one transition and check the engine's answer against the table; return the row after."""
    t = flow.actions[action]
    user, system = actors.get(kind, obj)
    code = predict(flow, obj, action, user, system)
    before, version = state_of(flow, obj), obj.version
    where = f"{flow.name}: {action} by {kind} from {_v(before)!r} (v{version})"
    data = sample.data(t, obj) if sample.data else {}
    try:
        perform(
            obj,
            action,
            by=user,
            expected_version=version - 1 if stale else version,
            reason=REASON if give_reason else "",
            system=system,
            **data,
        )
    except DomainError as exc:
        after = reload(flow, obj)
        assert after.version == version, f"{where}: refused ({exc.code}) yet the version moved"
        assert state_of(flow, after) == before, f"{where}: refused ({exc.code}) yet the state moved"
        if code is not None:
            assert exc.code == code, (
                f"{where}: the table demands {code}, the engine said {exc.code}"
            )
        elif stale:
            assert exc.code == flow.code("version_conflict"), f"{where}: stale version, {exc.code}"
        else:
            assert exc.code not in table_codes(flow), (
                f"{where}: the table allows it, the engine refused it with {exc.code}"
            )
        return after, False
    after = reload(flow, obj)
    now = state_of(flow, after)
    assert code is None, f"{where}: the table demands {code}, the engine applied it"
    assert not stale, f"{where}: applied over a stale version"
    assert not flow.is_closed(before), f"{where}: left the closed state {_v(before)!r}"
    assert not t.needs_reason or give_reason, f"{where}: applied without the required reason"
    assert now is not None, f"{where}: reached {getattr(after, flow.state_field)!r}, not a state"
    assert now == expected_target(flow, obj, action), f"{where}: reached {_v(now)!r}"
    assert after.version == version + 1, f"{where}: version {version} -> {after.version}"
    actors.applied.add(action)
    return after, True


def check_forbidden(flow: Workflow, sample: Sample, actors: Actors) -> int:
    """From every state, every (action, actor) the table forbids; from closed states, all."""
    tried = 0
    for state in flow.states:
        obj = sample.make(state)
        for action in actions(flow):
            for kind in actor_kinds(flow):
                user, system = actors.get(kind, obj)
                if predict(flow, obj, action, user, system) is None and state not in flow.closed:
                    continue
                obj, applied = attempt(flow, sample, actors, obj, action, kind)
                assert not applied
                tried += 1
        _check_stale_version(flow, sample, actors, obj)
    return tried


def _check_stale_version(flow, sample, actors, obj) -> None:
    for action in actions(flow):
        for kind in actor_kinds(flow):
            user, system = actors.get(kind, obj)
            if predict(flow, obj, action, user, system) is None:
                attempt(flow, sample, actors, obj, action, kind, stale=True)
                return


def check_sequences(flow: Workflow, sample: Sample, actors: Actors, *, shrink=True) -> None:
    states = list(flow.states)
    kinds = actor_kinds(flow)

    @settings(
        max_examples=sample.examples,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples on every run: CI never flakes, a failure replays
        suppress_health_check=list(HealthCheck),
        phases=list(Phase) if shrink else [Phase.generate],
    )
    @given(st.data())
    def run(data):
        obj = sample.make(data.draw(st.sampled_from(states), label="start"))
        for _ in range(data.draw(st.integers(0, sample.max_steps), label="steps")):
            action, kind = _draw_step(data, flow, obj, kinds)
            give_reason = data.draw(st.integers(0, 9), label="reason") > 0  # 1 in 10: none
            obj, _ = attempt(flow, sample, actors, obj, action, kind, give_reason=give_reason)

    run()


def _draw_step(data, flow: Workflow, obj, kinds: list[str]) -> tuple[str, str]:
    """Mostly a step the table allows from here (so sequences go deep), else anything."""
    here = state_of(flow, obj)
    open_steps = [
        (t.action, f"role:{r}") for t in flow.transitions if here in t.sources for r in t.roles
    ]
    open_steps += [(t.action, "system") for t in flow.transitions if here in t.sources]
    if open_steps and data.draw(st.integers(0, 3), label="mode") > 0:
        return data.draw(st.sampled_from(open_steps), label="step")
    action = data.draw(st.sampled_from(actions(flow)), label="action")
    return action, data.draw(st.sampled_from(kinds), label="actor")


def check_table(flow: Workflow, sample: Sample) -> None:
    found = problems(flow)
    assert not found, f"{flow.name}: " + "; ".join(found)
    with override(flow):
        actors = Actors(flow, sample)
        check_forbidden(flow, sample, actors)
        check_sequences(flow, sample, actors)
    assert actors.applied, f"{flow.name}: no transition was ever applied; fix its Sample"
