"""What an app supplies so the generic property test (tests/workflow) runs its table on real rows.

    Workflow(..., sample="danvan.movement.samples.practice")   # a Sample, or a callable making one

The property test imports it only when it runs; nothing here is used in production.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string

from danvan.workflow.table import Transition, Workflow


@dataclass(frozen=True)
class Sample:
    # A saved row in this state (with whatever the state implies: a unit, dates, a sub-state).
    make: Callable[[Any], Any]
    # Someone holding ``role`` on the row's unit; None: the test makes a user with that one grant.
    actor: Callable[[str, Any], Any] | None = None
    # Keyword arguments that let the effect of ``transition`` succeed on ``obj`` (not the reason:
    # the test decides whether to give one).
    data: Callable[[Transition, Any], dict] | None = None
    examples: int = 20  # random sequences per run (each creates rows: keep it small)
    max_steps: int = 6


def sample_of(flow: Workflow) -> Sample | None:
    if not flow.sample:
        return None
    found = import_string(flow.sample)
    return found if isinstance(found, Sample) else found()
