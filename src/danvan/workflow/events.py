"""Event rows (the object's own model, or the generic ``WorkflowEvent``) and ``history``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

from danvan.workflow.models import WorkflowEvent
from danvan.workflow.registry import for_model

if TYPE_CHECKING:
    from danvan.workflow.engine import Context


def json_safe(data: dict) -> dict:
    """What an event row or an audit record can keep: model instances by pk, dates as ISO text."""

    def default(value):
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        return str(value)

    return json.loads(json.dumps(data or {}, default=default, ensure_ascii=False))


def state_text(value) -> str:
    return "" if value is None else str(getattr(value, "value", value))


def write_generic(ctx: Context) -> WorkflowEvent:
    return WorkflowEvent.objects.create(
        workflow=ctx.workflow.name,
        object_type=ctx.workflow.model_label,
        object_id=str(ctx.obj.pk),
        action=ctx.transition.action,
        from_state=state_text(ctx.before),
        to_state=state_text(ctx.after),
        at=ctx.now,
        by=ctx.actor,
        system=ctx.system[:64],
        reason=ctx.reason,
        data=json_safe(ctx.data),
    )


def read_generic(obj):
    return (
        WorkflowEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("by")
        .order_by("at", "id")
    )


@dataclass(frozen=True)
class Step:
    """One line of an object's history, in words a user reads (never the internal action name)."""

    action: str
    label: str
    from_state: Any
    to_state: Any
    from_label: str
    to_label: str
    by: Any
    at: dt.datetime
    reason: str
    data: dict
    row: Any


def history(obj) -> list[Step]:
    """Every transition applied to ``obj``, oldest first, with labels from its table."""
    flow = for_model(type(obj))
    rows = (flow.read_events or read_generic)(obj)
    from_field, to_field = flow.event_fields
    steps = []
    for row in rows:
        before, after = getattr(row, from_field), getattr(row, to_field)
        steps.append(
            Step(
                action=row.action,
                label=flow.label(row.action),
                from_state=before,
                to_state=after,
                from_label=flow.state_label(before) if before not in (None, "") else "",
                to_label=flow.state_label(after),
                by=getattr(row, "by", None),
                at=row.at,
                reason=getattr(row, "reason", ""),
                data=getattr(row, "data", {}) or {},
                row=row,
            )
        )
    return steps
