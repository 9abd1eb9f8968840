"""A workflow as data: its states, which of them are closed, and its transitions.

Nothing here touches the database; ``danvan.workflow.engine`` applies a table to model rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from danvan.workflow.engine import Context


class _Marker:
    """A target or source that is not a state of the table."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name

    def __reduce__(self):
        return self.name


STAY = _Marker("STAY")  # target: the state does not change (a note, an apology, a reassignment)
RESUME = _Marker("RESUME")  # target: back to the state a ``remember=True`` transition left
NEW = _Marker("NEW")  # source of a creation transition: the object does not exist yet


@dataclass(frozen=True)
class Transition:
    """One row of a table. ``roles``: any one of them on the object's unit may apply it; empty
    means no person may (only trusted machine callers, ``system=``). Superusers pass role checks
    of transitions that have roles."""

    action: str
    label: str
    sources: frozenset = frozenset()
    target: Any = STAY
    roles: tuple[str, ...] = ()
    needs_reason: bool = False
    needs_pin: bool = False  # a signature is made: the actor confirms with their PIN first
    remember: bool = False  # store the state left in the workflow's ``resume_field``
    fallback: Any = None  # RESUME when nothing was remembered (None: refused)
    sub_states: frozenset | None = None  # only from these sub-states (None: any)
    not_ready: tuple[str, str] | None = None  # (code, message) when the sub-state does not allow it
    form: str | None = None  # the document (form) this transition issues
    guard: Callable[[Context], None] | None = None  # raises a DomainError to refuse; no writes
    effect: Callable[[Context], None] | None = None  # mutates ctx.obj, writes other rows
    audit: str | Callable[[Context], str] = ""  # audit code suffix (default: the action)
    sentence: str = ""  # audit sentence (default: the workflow's, with {label})

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "roles", tuple(self.roles))
        if self.sub_states is not None:
            object.__setattr__(self, "sub_states", frozenset(self.sub_states))

    @property
    def creates(self) -> bool:
        return NEW in self.sources

    def ready(self, sub_state) -> bool:
        return self.sub_states is None or sub_state in self.sub_states

    def audit_code(self, workflow: Workflow, ctx: Context | None = None) -> str:
        suffix = self.audit(ctx) if callable(self.audit) else (self.audit or self.action)
        return f"{workflow.name}.{suffix}"


def _default_unit(obj):
    return getattr(obj, "unit", None)


@dataclass
class Workflow:
    """The table of one model's lifecycle. See docs/workflow.md."""

    name: str  # audit code of an applied transition: f"{name}.{action}"
    model: str | type[models.Model]  # "app_label.Model"
    states: type[models.Choices]
    transitions: Iterable[Transition]
    state_field: str = "state"
    closed: frozenset = frozenset()
    error_prefix: str = ""  # default: the last part of ``name``
    noun: str = gettext_lazy("đối tượng")  # in messages: “Không thể … khi {noun} đang …”
    unit_of: Callable[[Any], Any] = _default_unit
    select_related: tuple[str, ...] = ()
    resume_field: str = ""  # where ``remember=True`` keeps the state left
    sub_state_field: str = ""  # what ``Transition.sub_states`` checks
    write_event: Callable[[Context], Any] | None = None  # None: the generic WorkflowEvent table
    read_events: Callable[[Any], Iterable] | None = None  # rows oldest first, for history()
    event_fields: tuple[str, str] = ("from_state", "to_state")  # names on the event rows
    audited: bool = True
    audit_data: Callable[[Context], dict] | None = None  # extra audit data (e.g. {"code": …})
    audit_sentence: str = "{label}"  # placeholders: {label} and the audit data
    reason_min_length: int = 5
    sample: str = ""  # dotted path of the property test's Sample (danvan.workflow.testing)
    actions: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        self.transitions = tuple(self.transitions)
        self.closed = frozenset(self.closed)
        self.error_prefix = self.error_prefix or self.name.rsplit(".", 1)[-1]
        self.actions = {t.action: t for t in self.transitions}

    @property
    def model_class(self) -> type[models.Model]:
        if isinstance(self.model, str):
            return apps.get_model(self.model)
        return self.model

    @property
    def model_label(self) -> str:
        return self.model_class._meta.label_lower

    def code(self, what: str) -> str:
        return f"{self.error_prefix}.{what}"

    def state(self, value):
        """The choice member of a stored value (a row keeps 2 or "2"; the table has Status.RECEIVED)."""
        for candidate in (value, _as_int(value)):
            try:
                return self.states(candidate)
            except (ValueError, TypeError):
                continue
        return None

    def state_label(self, value) -> str:
        member = self.state(value)
        return str(member.label) if member is not None else str(value)

    def label(self, action: str) -> str:
        t = self.actions.get(action)
        return str(t.label) if t is not None else action

    def is_closed(self, value) -> bool:
        return self.state(value) in self.closed


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
