"""The property test of every workflow table registered in the project (tests/workflow/properties.py).

A new table is covered by registering it with a ``sample`` (danvan.workflow.testing.Sample);
no new test is written for it.
"""

import dataclasses

import pytest

from danvan.workflow import Transition, workflows
from danvan.workflow.registry import override
from danvan.workflow.testing import sample_of
from tests.workflow import properties
from tests.workflow.things import THING_FLOW, ThingState

NAMES = [flow.name for flow in workflows()]


@pytest.mark.parametrize("name", NAMES)
def test_every_table_has_a_sample_for_the_property_test(name):
    flow = next(f for f in workflows() if f.name == name)
    assert sample_of(flow) is not None, (
        f"{name}: register it with sample='…' (see docs/workflow.md)"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_table_properties_hold_on_real_rows(name, thing_table):
    flow = next(f for f in workflows() if f.name == name)
    properties.check_table(flow, sample_of(flow))


def _planted(**changes) -> object:
    return dataclasses.replace(THING_FLOW, **changes)


def _with(transition: Transition):
    kept = [t for t in THING_FLOW.transitions if t.action != transition.action]
    return _planted(transitions=[*kept, transition])


REOPEN = Transition(
    "open", "Bắt đầu", sources={ThingState.DRAFT, ThingState.DONE}, target=ThingState.OPEN,
    roles=("mobilizer",),
)  # fmt: skip
VANISH = Transition(
    "note", "Ghi chú", sources={ThingState.OPEN}, target="gone", roles=("mobilizer",)
)


@pytest.mark.django_db
def test_a_planted_source_in_a_closed_state_fails_the_check(thing_table):
    planted = _with(REOPEN)
    sample = sample_of(THING_FLOW)
    with pytest.raises(AssertionError, match="open: leaves a closed state"):
        properties.check_table(planted, sample)
    # The run on rows catches it too: the table says "open" leaves DONE, the engine refuses.
    with override(planted), pytest.raises(AssertionError, match="from 'done'"):
        properties.check_forbidden(planted, sample, properties.Actors(planted, sample))


@pytest.mark.django_db
def test_a_planted_target_outside_the_states_fails_the_check(thing_table):
    planted = _with(VANISH)
    sample = sample_of(THING_FLOW)
    with pytest.raises(AssertionError, match="note: target 'gone' is not a state"):
        properties.check_table(planted, sample)
    with override(planted), pytest.raises(AssertionError, match="reached 'gone', not a state"):
        actors = properties.Actors(planted, sample)
        properties.check_sequences(planted, sample, actors, shrink=False)
