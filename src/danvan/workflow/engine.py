"""The one ``transition()`` every state change of the project goes through.

It locks the row, checks the version, the person (role on the object's unit, through
``danvan.accounts.scope``), the table (source state, closed states, sub-state), the guard and the
reason; runs the effect; sets the state; adds one to the version; writes the event row and the
audit record; and sends ``transitioned`` after the commit. See docs/workflow.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import scope
from danvan.audit.services import Pending, record_many
from danvan.core.errors import Conflict, DomainError, Forbidden, Invalid
from danvan.workflow.confirm import confirm
from danvan.workflow.events import json_safe, write_generic
from danvan.workflow.registry import for_model
from danvan.workflow.signals import transitioned
from danvan.workflow.table import RESUME, STAY, Transition, Workflow


@dataclass
class Context:
    """What a guard and an effect see. ``data`` is kept on the event row (an effect may add to
    it, e.g. the number of the receipt it wrote); ``after`` is the state the object moves to."""

    obj: Any
    workflow: Workflow
    transition: Transition
    by: Any
    now: dt.datetime
    data: dict = field(default_factory=dict)
    before: Any = None
    after: Any = None
    reason: str = ""
    system: str = ""
    authorization: Any = None  # the PIN confirmation (needs_pin transitions)
    event: Any = None

    @property
    def action(self) -> str:
        return self.transition.action

    @property
    def actor(self):
        """The signed-in person, or None (machine callers, anonymous)."""
        return self.by if getattr(self.by, "is_authenticated", False) else None


def transition(obj, action: str, *, by, expected_version: int | None, **kwargs):
    """Apply ``action`` to ``obj``'s row and return the row as saved. ``expected_version`` None
    skips the version check (callers that hold a fresher claim: a batch item, a gateway).

    Keyword arguments: ``reason``, ``now``, ``system`` (a trusted machine caller: no person
    checks), ``authorization`` (a PIN confirmation already made, e.g. by a batch), ``pin``;
    everything else is ``ctx.data``."""
    return perform(obj, action, by=by, expected_version=expected_version, **kwargs).obj


def perform(
    obj,
    action: str,
    *,
    by,
    expected_version: int | None,
    reason: str = "",
    now: dt.datetime | None = None,
    system: str = "",
    authorization=None,
    pin: str = "",
    **data,
) -> Context:
    """``transition()``, returning the whole Context (the effect's additions to ``data``)."""
    flow = for_model(type(obj))
    t = _transition_of(flow, action)
    now = now or timezone.now()
    if t.needs_pin and authorization is None:
        # Checked before the row lock: a wrong PIN stays audited (and counts towards the
        # lock-out) while the object is left untouched. Machine callers have no PIN.
        fresh = _read(flow, obj.pk, lock=False)
        ctx = Context(fresh, flow, t, by, now, dict(data), reason=reason)
        _check(ctx, expected_version)
        authorization = confirm(by, pin, fresh)
    with transaction.atomic():
        locked = _read(flow, obj.pk, lock=True)
        ctx = Context(locked, flow, t, by, now, data, reason=reason, system=system)
        ctx.authorization = authorization
        _check(ctx, expected_version)
        _apply(ctx)
    return ctx


def create(obj, action: str, *, by, system: str = "", reason: str = "", now=None, then=(), **data):
    """Insert ``obj`` (unsaved) in the state its creation transition (``sources={NEW}``) names,
    with the event row and the audit record. Whether this person may create it is the calling
    service's rule. ``then``: actions applied right after, in the same transaction, by the same
    person (a counter intake is submitted and received at once); the new row needs no lock,
    no other transaction sees it yet."""
    flow = for_model(type(obj))
    t = _transition_of(flow, action)
    if not t.creates:
        raise ImproperlyConfigured(f"{flow.name}.{action} is not a creation (sources={{NEW}})")
    now = now or timezone.now()
    ctx = Context(obj, flow, t, by, now, data, after=t.target, reason=reason, system=system)
    _check_guard_and_reason(ctx)
    # In the caller's transaction, without a savepoint: a creation that fails half-way leaves
    # nothing for the caller to carry on with.
    # The audit entries of the creation and its follow-ups are appended together at the end:
    # the unit's chain is locked once, for the last moments of the transaction.
    audit: list[Pending] = []
    with transaction.atomic(savepoint=False):
        setattr(obj, flow.state_field, t.target)
        obj.save()
        if t.effect is not None:
            t.effect(ctx)
        _record(ctx, audit)
        for follow in [then] if isinstance(then, str) else then:
            ctx = Context(obj, flow, _transition_of(flow, follow), by, now, system=system)
            _check(ctx, obj.version)
            _apply(ctx, audit)
        record_many(audit)
    return obj


def check(obj, action: str, *, by, expected_version=None, system: str = "", reason="", **data):
    """Raise the DomainError ``transition()`` would raise before running the effect (no lock,
    no write, no PIN). The batch signer asks the table this way which dossiers it may sign."""
    flow = for_model(type(obj))
    t = _transition_of(flow, action)
    ctx = Context(obj, flow, t, by, timezone.now(), data, reason=reason, system=system)
    _check(ctx, expected_version)


def allowed_for(obj, user) -> list[Transition]:
    """The transitions ``user`` may apply to ``obj`` now: the buttons, the API's allowed actions."""
    flow = for_model(type(obj))
    unit = flow.unit_of(obj)
    allowed = []
    for t in flow.transitions:
        if t.creates or not _person_may(user, t, unit):
            continue
        ctx = Context(obj, flow, t, user, timezone.now())
        try:
            _check_table(ctx)
            if t.guard is not None:
                t.guard(ctx)
        except DomainError:
            continue
        allowed.append(t)
    return allowed


# --- checks ----------------------------------------------------------------------------------


def _transition_of(flow: Workflow, action: str) -> Transition:
    t = flow.actions.get(action)
    if t is None:
        raise Invalid(
            flow.code("unknown_action"),
            _("Thao tác không tồn tại: %(action)s.") % {"action": str(action)[:40]},
            fields={"action": str(action)[:40]},
        )
    return t


def _read(flow: Workflow, pk, *, lock: bool):
    qs = flow.model_class.objects.select_related(*flow.select_related)
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=pk)


def _check(ctx: Context, expected_version: int | None) -> None:
    if not ctx.system:
        _check_person(ctx)
    obj, flow = ctx.obj, ctx.workflow
    if expected_version is not None and expected_version != obj.version:
        raise Conflict(
            flow.code("version_conflict"),
            _("%(noun)s đã được cập nhật (phiên bản %(version)s); vui lòng tải lại rồi thao tác.")
            % {"noun": str(flow.noun).capitalize(), "version": obj.version},
            fields={"version": obj.version},
        )
    _check_table(ctx)
    _check_guard_and_reason(ctx)


def _check_person(ctx: Context) -> None:
    by, t, flow = ctx.by, ctx.transition, ctx.workflow
    if not getattr(by, "is_authenticated", False):
        raise Forbidden(
            flow.code("role_forbidden"),
            _("Cần đăng nhập để thực hiện “%(label)s”.") % {"label": t.label},
        )
    unit = flow.unit_of(ctx.obj)
    scope.require_unit(by, unit)
    if not _person_may(by, t, unit):
        raise Forbidden(
            flow.code("role_forbidden"),
            _("Vai trò của bạn không được thực hiện “%(label)s”.") % {"label": t.label},
        )


def _person_may(user, t: Transition, unit) -> bool:
    if not t.roles or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or scope.covers(user, unit, t.roles)


def _check_table(ctx: Context) -> None:
    """Source state, closed states, RESUME's remembered state, sub-state; sets ``ctx.after``."""
    obj, flow, t = ctx.obj, ctx.workflow, ctx.transition
    ctx.before = getattr(obj, flow.state_field)
    if flow.state(ctx.before) not in t.sources or flow.is_closed(ctx.before):
        raise _invalid(ctx)
    ctx.after = _target(ctx)
    if t.sub_states is not None:
        sub_state = getattr(obj, flow.sub_state_field)
        if sub_state not in t.sub_states:
            code, message = t.not_ready or (
                flow.code("not_ready"),
                _("Không thể “%(label)s” lúc này.") % {"label": t.label},
            )
            display = getattr(obj, f"get_{flow.sub_state_field}_display", lambda: sub_state)
            raise Conflict(code, str(message), fields={flow.sub_state_field: str(display())})


def _target(ctx: Context):
    t, flow = ctx.transition, ctx.workflow
    if t.target is STAY:
        return ctx.before
    if t.target is RESUME:
        remembered = flow.state(getattr(ctx.obj, flow.resume_field)) or t.fallback
        if remembered is None:
            raise _invalid(ctx)
        return remembered
    return t.target


def _invalid(ctx: Context) -> Conflict:
    flow = ctx.workflow
    return Conflict(
        flow.code("invalid_transition"),
        _("Không thể “%(label)s” khi %(noun)s đang ở trạng thái “%(state)s”.")
        % {"label": ctx.transition.label, "noun": flow.noun, "state": flow.state_label(ctx.before)},
    )


def _check_guard_and_reason(ctx: Context) -> None:
    t, flow = ctx.transition, ctx.workflow
    if t.guard is not None:
        t.guard(ctx)
    if t.needs_reason and len((ctx.reason or "").strip()) < flow.reason_min_length:
        raise Invalid(
            flow.code("reason_required"),
            _("Cần ghi rõ lý do (ít nhất %(n)s ký tự).") % {"n": flow.reason_min_length},
            fields={"reason": _("Bắt buộc.")},
        )


# --- applying --------------------------------------------------------------------------------


def _apply(ctx: Context, audit: list[Pending] | None = None) -> None:
    obj, flow, t = ctx.obj, ctx.workflow, ctx.transition
    if t.effect is not None:
        t.effect(ctx)
    if getattr(obj, flow.state_field) != ctx.before:
        raise ImproperlyConfigured(f"{flow.name}.{t.action}: an effect set the state itself")
    if t.remember:
        setattr(obj, flow.resume_field, ctx.before)
    setattr(obj, flow.state_field, ctx.after)
    obj.version += 1
    obj.save()
    _record(ctx, audit)


def _record(ctx: Context, audit: list[Pending] | None = None) -> None:
    """The event row, the audit record (appended to ``audit`` when the caller writes several
    together) and, after the commit, the signal."""
    obj, flow, t = ctx.obj, ctx.workflow, ctx.transition
    ctx.event = (flow.write_event or write_generic)(ctx)
    if flow.audited:
        data = {"from": ctx.before, "to": ctx.after, "reason": ctx.reason}
        if ctx.system:
            data["system"] = ctx.system
        data.update(flow.audit_data(ctx) if flow.audit_data else {})
        entry = Pending(
            t.audit_code(flow, ctx),
            actor=ctx.by,
            unit=flow.unit_of(obj),
            obj=flow.audit_object(obj) if flow.audit_object else obj,
            data=json_safe(data),
        )
        if audit is None:
            record_many([entry])
        else:
            audit.append(entry)
    transaction.on_commit(lambda: _send(ctx), robust=True)


def _send(ctx: Context) -> None:
    transitioned.send(
        sender=type(ctx.obj),
        workflow=ctx.workflow,
        obj=ctx.obj,
        transition=ctx.transition,
        before=ctx.before,
        after=ctx.after,
        by=ctx.by,
        system=ctx.system,
        event=ctx.event,
        data=ctx.data,
    )
