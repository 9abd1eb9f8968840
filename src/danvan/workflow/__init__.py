"""The one workflow engine (issue 8): tables as data, one ``transition()``. See docs/workflow.md.

from danvan.workflow import Workflow, Transition, STAY, RESUME, NEW, register
from danvan.workflow import transition, create, allowed_for, history
"""

import importlib

from danvan.workflow.table import NEW, RESUME, STAY, Transition, Workflow

# Django imports this package while it loads the app registry, before any model may be defined:
# the names that need models (the engine, the event table) load on first use (PEP 562).
_LAZY = {
    "Context": "danvan.workflow.engine",
    "allowed_for": "danvan.workflow.engine",
    "check": "danvan.workflow.engine",
    "create": "danvan.workflow.engine",
    "perform": "danvan.workflow.engine",
    "transition": "danvan.workflow.engine",
    "Step": "danvan.workflow.events",
    "history": "danvan.workflow.events",
    "for_model": "danvan.workflow.registry",
    "get": "danvan.workflow.registry",
    "register": "danvan.workflow.registry",
    "workflows": "danvan.workflow.registry",
    "register_confirmer": "danvan.workflow.confirm",
}

__all__ = ["NEW", "RESUME", "STAY", "Transition", "Workflow", *sorted(_LAZY)]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
