"""The one transition function every dossier state change goes through (SPEC §2.2).

It locks the row, checks the expected version, the state table, the role and the unit scope,
applies the transition's effects, writes the control-slip row and the audit entry.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from danvan.accounts import scope
from danvan.accounts.models import User
from danvan.audit.services import record
from danvan.core.errors import Conflict, Forbidden, Invalid
from danvan.onestop import effects
from danvan.onestop.models import Dossier, DossierEvent
from danvan.onestop.workflow import TRANSITIONS, Status, SubStatus, Transition
from danvan.signing import services as signing


@dataclass
class Command:
    action: str
    expected_version: int | None = None
    reason: str = ""
    what_to_do: str = ""
    items: list[str] = field(default_factory=list)
    handler: User | None = None
    new_due_at: dt.datetime | None = None
    payment_method: str = ""
    amount_vnd: int | None = None
    delivery: str = ""
    data: dict = field(default_factory=dict)
    pin: str = ""  # for the transitions that sign (never stored or logged)
    # Set by _confirm after the PIN check, or by the batch runner from a PIN-confirmed batch.
    authorization: signing.Authorization | None = None


def transition(
    dossier_id: int, cmd: Command, *, by: User | None, now=None, system: str = ""
) -> Dossier:
    """``system`` names a trusted machine caller (e.g. "payment:fake") acting without a user:
    role and unit checks are skipped, everything else (version, state table) still applies."""
    spec = TRANSITIONS.get(cmd.action)
    if spec is not None and spec.needs_pin and cmd.authorization is None:
        _confirm(dossier_id, cmd, by)
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update()
            .select_related("unit", "procedure")
            .get(pk=dossier_id)
        )
        spec = _check(dossier, cmd, by, system=system)
        if system:
            cmd.data["system"] = system
        now = now or timezone.now()
        before = dossier.status
        effects.apply(spec, dossier, cmd, by=by, now=now)
        if spec.target is not None and spec.action not in ("supplement",):
            dossier.status = spec.target
        dossier.version += 1
        dossier.save()
        _log(dossier, spec, cmd, before, by, now)
    return dossier


def _confirm(dossier_id: int, cmd: Command, by: User | None) -> None:
    """The signer's PIN, checked before the dossier's transaction: a wrong PIN stays audited
    (and counts towards the lock-out) while the dossier is left untouched. Machine callers
    (``system``) cannot sign: they have no PIN."""
    dossier = Dossier.objects.select_related("unit", "procedure").get(pk=dossier_id)
    _check(dossier, cmd, by)
    cmd.authorization = signing.confirm(by, cmd.pin, obj=dossier)


def _check(dossier: Dossier, cmd: Command, by: User | None, *, system: str = "") -> Transition:
    spec = TRANSITIONS.get(cmd.action)
    if spec is None:
        raise Invalid("dossier.unknown_action", f"Thao tác không tồn tại: {cmd.action}.")
    if not system:
        _check_person(dossier, spec, by)
    if cmd.expected_version is not None and cmd.expected_version != dossier.version:
        raise Conflict(
            "dossier.version_conflict",
            f"Hồ sơ đã được cập nhật (phiên bản {dossier.version}); vui lòng tải lại rồi thao tác.",
            fields={"version": dossier.version},
        )
    if dossier.status not in spec.sources:
        raise Conflict(
            "dossier.invalid_transition",
            f"Không thể “{spec.label}” khi hồ sơ đang ở trạng thái “{Status(dossier.status).label}”.",
        )
    if spec.no_wait_only and not dossier.is_no_wait:
        raise Conflict(
            "dossier.not_no_wait", "Chỉ thủ tục “không chờ” mới được giải quyết và trả ngay."
        )
    if not spec.ready(dossier.sub_status):
        code, message = spec.not_ready or (
            "dossier.invalid_transition",
            f"Không thể “{spec.label}” lúc này.",
        )
        raise Conflict(code, message, fields={"sub_status": SubStatus(dossier.sub_status).label})
    if spec.needs_reason and (len(cmd.reason.strip()) < 5):
        raise Invalid(
            "dossier.reason_required",
            "Cần ghi rõ lý do (ít nhất 5 ký tự).",
            fields={"reason": "Bắt buộc."},
        )
    return spec


def _log(dossier, spec, cmd, before, by, now) -> None:
    DossierEvent.objects.create(
        dossier=dossier,
        action=spec.action,
        from_status=before,
        to_status=dossier.status,
        at=now,
        by=by,
        handed_to=dossier.handler,
        body=dossier.step_name,
        step_due_at=dossier.step_due_at,
        reason=cmd.reason,
        data={"what_to_do": cmd.what_to_do, "items": cmd.items, **cmd.data},
    )
    record(
        f"onestop.dossier.{spec.action}",
        actor=by,
        unit=dossier.unit,
        obj=dossier,
        data={"code": dossier.code, "from": before, "to": dossier.status, "reason": cmd.reason},
    )


def _check_person(dossier: Dossier, spec: Transition, by: User | None) -> None:
    if by is None or not by.is_authenticated:
        raise Forbidden("dossier.role_forbidden", f"Cần đăng nhập để thực hiện “{spec.label}”.")
    scope.require_unit(by, dossier.unit)
    if not by.is_superuser and not scope.covers(by, dossier.unit, spec.roles):
        raise Forbidden(
            "dossier.role_forbidden", f"Vai trò của bạn không được thực hiện “{spec.label}”."
        )


def allowed_for(dossier: Dossier, user: User) -> list[Transition]:
    """Transitions this user may do now: what the screens show as buttons."""
    from danvan.onestop.workflow import allowed_actions

    roles = {g for g in scope.roles_of(user) if scope.covers(user, dossier.unit, [g])}
    actions = allowed_actions(
        dossier.status, roles, superuser=user.is_superuser, sub_status=dossier.sub_status
    )
    if not dossier.is_no_wait:
        actions = [t for t in actions if not t.no_wait_only]
    if dossier.rescheduled:
        actions = [t for t in actions if t.action != "apologize"]
    return actions
