"""Dossier transitions: a thin wrapper over the one engine (danvan.workflow) with the dossier's
inputs as a Command, as the pages, the API, payments and batch signing send them."""

import datetime as dt
from dataclasses import dataclass, field

from danvan import workflow
from danvan.accounts.models import User
from danvan.onestop.models import Dossier
from danvan.signing import services as signing
from danvan.workflow import Transition


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
    # A PIN confirmation already made: the batch runner's, from a PIN-confirmed batch.
    authorization: signing.Authorization | None = None

    def inputs(self) -> dict:
        given = {
            "handler": self.handler,
            "new_due_at": self.new_due_at,
            "payment_method": self.payment_method,
            "amount_vnd": self.amount_vnd,
            "delivery": self.delivery,
        }
        kept = {k: v for k, v in given.items() if v not in (None, "")}
        return {"what_to_do": self.what_to_do, "items": self.items, **kept, **self.data}


def transition(
    dossier_id: int, cmd: Command, *, by: User | None, now=None, system: str = ""
) -> Dossier:
    """Apply ``cmd`` to the dossier through the engine; ``cmd.data`` gets what the effect added
    (e.g. "receipt_no"). ``system`` names a trusted machine caller (e.g. "payment:fake")."""
    ctx = workflow.perform(
        Dossier(pk=dossier_id),
        cmd.action,
        by=by,
        expected_version=cmd.expected_version,
        reason=cmd.reason,
        now=now,
        system=system,
        authorization=cmd.authorization,
        pin=cmd.pin,
        **cmd.inputs(),
    )
    cmd.data = ctx.data
    return ctx.obj


def allowed_for(dossier: Dossier, user: User) -> list[Transition]:
    """Transitions this user may do now: what the screens show as buttons."""
    return workflow.allowed_for(dossier, user)
