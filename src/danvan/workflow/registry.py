"""Every workflow of the project, registered by its app in ``AppConfig.ready()``.

``register`` checks the table (sources and targets are states, nothing leaves a closed state…)
and registers its audit sentences, so a table that does not hold together never starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy

from danvan.audit.registry import register as register_sentence
from danvan.workflow.table import NEW, RESUME, STAY, Workflow

_BY_NAME: dict[str, Workflow] = {}
_BY_MODEL: dict[str, Workflow] = {}


def problems(flow: Workflow) -> list[str]:
    """What is wrong with a table, in words (empty when it holds together)."""
    states = set(flow.states)
    found = []
    if not flow.closed <= states:
        found.append(f"closed states not in the table: {sorted(map(str, flow.closed - states))}")
    seen = set()
    for t in flow.transitions:
        if t.action in seen:
            found.append(f"{t.action}: declared twice")
        seen.add(t.action)
        found += _transition_problems(flow, t, states)
    return found


def _transition_problems(flow: Workflow, t, states: set) -> list[str]:
    found = []
    sources = t.sources - {NEW}
    if not t.sources:
        found.append(f"{t.action}: no source state")
    if not sources <= states:
        found.append(f"{t.action}: source not a state: {sorted(map(str, sources - states))}")
    if sources & flow.closed:
        found.append(f"{t.action}: leaves a closed state {sorted(map(str, sources & flow.closed))}")
    if t.target not in (STAY, RESUME) and t.target not in states:
        found.append(f"{t.action}: target {t.target!r} is not a state")
    if t.creates and (t.sources != {NEW} or t.target in (STAY, RESUME)):
        found.append(f"{t.action}: a creation comes from NEW only and names its state")
    if t.target is RESUME and not flow.resume_field:
        found.append(f"{t.action}: RESUME needs the workflow's resume_field")
    if t.remember and not flow.resume_field:
        found.append(f"{t.action}: remember=True needs the workflow's resume_field")
    if t.sub_states is not None and not flow.sub_state_field:
        found.append(f"{t.action}: sub_states needs the workflow's sub_state_field")
    if t.needs_pin and not t.roles:
        found.append(f"{t.action}: a PIN transition needs a person (roles)")
    return found


def register(flow: Workflow) -> Workflow:
    found = problems(flow)
    if found:
        raise ImproperlyConfigured(f"workflow {flow.name}: " + "; ".join(found))
    known = _BY_NAME.get(flow.name)
    if known is not None and known is not flow:
        raise ImproperlyConfigured(f"workflow {flow.name} is registered twice")
    _BY_NAME[flow.name] = flow
    _BY_MODEL[flow.model_label] = flow
    if flow.audited:
        _register_sentences(flow)
    return flow


def _register_sentences(flow: Workflow) -> None:
    for t in flow.transitions:
        if callable(t.audit):
            continue  # the app registers the codes its function returns
        template = t.sentence or flow.audit_sentence
        register_sentence(t.audit_code(flow), _sentence(template, t.label))


def _compose(template, label) -> str:
    return str(template).replace("{label}", str(label))


# Read in the language active when the sentence is shown (both parts are lazy translations).
_sentence = lazy(_compose, str)


def workflows() -> list[Workflow]:
    return [_BY_NAME[name] for name in sorted(_BY_NAME)]


def get(name: str) -> Workflow:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise LookupError(f"no workflow named {name!r}") from None


def for_model(model) -> Workflow:
    label = model._meta.label_lower
    try:
        return _BY_MODEL[label]
    except KeyError:
        raise LookupError(f"no workflow registered for {label}") from None


@contextmanager
def override(flow: Workflow) -> Iterator[Workflow]:
    """Run ``flow`` for its model inside the block, unchecked (tests plant faults this way)."""
    label = flow.model_label
    previous = _BY_MODEL.get(label)
    _BY_MODEL[label] = flow
    try:
        yield flow
    finally:
        if previous is None:
            _BY_MODEL.pop(label, None)
        else:
            _BY_MODEL[label] = previous
