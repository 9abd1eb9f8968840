"""Dossier transitions: a thin wrapper over the one engine (danvan.workflow) with the dossier's
inputs as a Command, as the pages, the API, payments and batch signing send them."""

import datetime as dt
from dataclasses import dataclass, field

from danvan import workflow
from danvan.accounts import scope
from danvan.accounts.models import Role, User
from danvan.core.errors import NotFound
from danvan.onestop.models import Dossier, DossierComponent
from danvan.signing import services as signing
from danvan.workflow import Transition

# Everyone who may read a dossier of a unit they cover (pages, API, the vault panel).
READERS = (
    Role.COUNTER_CLERK,
    Role.SPECIALIST,
    Role.SIGNER,
    Role.OFFICE_CLERK,
    Role.REPORTER,
    Role.ADMIN,
)


def visible_dossier(user, code: str, roles=READERS) -> Dossier:
    """The dossier with this code in a unit the user's `roles` cover; 404 otherwise (never 403,
    so a code of another unit is not confirmed to exist)."""
    qs = Dossier.objects.select_related("unit", "procedure", "handler")
    dossier = scope.scoped(qs, user, roles=roles).filter(code=code[:60]).first()
    if dossier is None:
        raise NotFound(
            "dossier.not_found", "Không tìm thấy hồ sơ (hoặc hồ sơ không thuộc đơn vị của bạn)."
        )
    return dossier


def open_dossier_of(user, match: dict, code: str, roles) -> Dossier | None:
    """The newest open dossier of an applicant (`match`: national_id or tax_code) that the user
    handles in a unit they cover; `code` narrows it to one dossier. The vault asks this."""
    qs = Dossier.objects.open().filter(**match).select_related("unit")
    if code:
        qs = qs.filter(code=code[:60])
    return scope.scoped(qs, user, roles=roles).order_by("-submitted_at").first()


def lock_component(dossier: Dossier, component_id: int) -> DossierComponent | None:
    """A component row of the dossier, locked for update (the vault attaches a document to it)."""
    return (
        DossierComponent.objects.select_for_update(of=("self",))
        .select_related("dossier", "component")
        .filter(dossier=dossier, pk=component_id)
        .first()
    )


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
