"""Taking dossiers in: at the counter, online (portal), by post, or through the API."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db.models import prefetch_related_objects
from django.utils import timezone

from danvan import workflow
from danvan.core.errors import Invalid
from danvan.core.identifiers import (
    PHONE,
    TAX_CODE,
    TAX_CODE_MESSAGE,
    clean_phone,
    identity_mismatch,
    national_id_problem,
)
from danvan.core.storage import atomic_with_files
from danvan.core.uploads import CheckedUpload
from danvan.onestop.codes import reserve_code
from danvan.onestop.models import Channel, Digitization, Dossier, DossierComponent
from danvan.procedures.services import Procedure


@dataclass
class Applicant:
    name: str
    national_id: str
    phone: str = ""
    email: str = ""
    address: str = ""
    date_of_birth: dt.date | None = None
    sex: str = ""
    owner_name: str = ""

    def __post_init__(self):
        # Every way in (counter, portal, API, post) stores "0912 345 678" as "0912345678", so
        # lookups by the last 4 digits, search and SMS all see the same number.
        self.phone = clean_phone(self.phone)


@dataclass
class ComponentInput:
    component_id: int
    upload: CheckedUpload | None = None
    vault_document_id: int | None = None
    reused_result: bool = False
    # vault.services.DocumentMeta: also keep the scan in the citizen's store (digitization at intake).
    store_as: object | None = None


@dataclass
class IntakeRequest:
    procedure: Procedure
    applicant: Applicant
    components: list[ComponentInput] = field(default_factory=list)
    channel: str = Channel.IN_PERSON
    summary: str = ""
    sets_count: int = 1
    result_delivery: str = ""
    vneid_authenticated: bool = False
    # Filed on behalf of an organization (its tax code): its store is offered and gets the result.
    tax_code: str = ""

    def owners(self) -> list[str]:
        """Whose stores may fill this dossier: the applicant's, and the organization's if any."""
        return [self.applicant.national_id] + ([self.tax_code] if self.tax_code else [])


def validate(req: IntakeRequest) -> None:
    """Tell the applicant everything that is wrong in one go (Decree 61/2018 Art 15)."""
    fields: dict[str, str] = {}
    a = req.applicant
    if not a.name.strip():
        fields["applicant.name"] = "Chưa nhập họ tên người nộp."
    if problem := national_id_problem(a.national_id):
        fields["applicant.national_id"] = problem
    mismatch = identity_mismatch(a.national_id, a.date_of_birth, a.sex)
    for name, message in mismatch.items():
        fields[f"applicant.{name}"] = message
    if req.tax_code and not TAX_CODE.match(req.tax_code):
        fields["tax_code"] = TAX_CODE_MESSAGE
    if a.phone and not PHONE.match(a.phone):
        fields["applicant.phone"] = "Số điện thoại không hợp lệ."
    if not req.procedure.is_active:
        fields["procedure"] = "Thủ tục này không còn áp dụng."
    missing = _missing_components(req)
    if missing:
        fields["components"] = "Còn thiếu: " + "; ".join(missing)
    fields.update(_reuse_errors(req))
    if fields:
        # A birth date or sex the ID contradicts has its own code (API clients ask to re-check
        # the ID card); the message and fields still list every problem.
        code = "dossier.identity_mismatch" if mismatch else "dossier.invalid"
        raise Invalid(code, "Hồ sơ chưa hợp lệ: " + " ".join(fields.values()), fields=fields)


def _reuse_errors(req: IntakeRequest) -> dict[str, str]:
    """A stored document must exist, be valid, belong to the applicant (or the organization the
    dossier is filed for) and fit the component."""
    from danvan.vault.services import reuse_errors

    wanted = {
        c.component_id: c.vault_document_id
        for c in req.components
        if c.vault_document_id and not c.upload
    }
    owners = req.owners() if TAX_CODE.match(req.tax_code or "") else [req.applicant.national_id]
    return reuse_errors(req.procedure, owners, wanted)


def _missing_components(req: IntakeRequest) -> list[str]:
    given = {c.component_id for c in req.components if c.upload or c.vault_document_id}
    return [
        c.name[:120]
        for c in req.procedure.components.all()
        if c.required and not c.shown_only and c.pk not in given
    ]


def register(req: IntakeRequest, *, unit, by=None, received: bool, now=None) -> Dossier:
    """Create the dossier: status 2 (received) at the counter, 1 (awaiting intake) online."""
    # validate() and the components attached read the same list: one query.
    prefetch_related_objects([req.procedure], "components")
    validate(req)
    wanted = [c.vault_document_id for c in req.components if c.vault_document_id and not c.upload]
    if wanted:
        from danvan.vault.services import check_reuse_actor, owners_of

        # Outside the transaction: a refusal stays logged. Each store used is checked on its own
        # (a citizen signed in as themself may not fill a dossier from an organization's store).
        for owner_id in owners_of(wanted) or [req.applicant.national_id]:
            check_reuse_actor(by, owner_id, unit)
    now = now or timezone.now()
    code = reserve_code(unit, timezone.localtime(now).date())
    return _register(req, unit=unit, by=by, received=received, now=now, code=code)


@atomic_with_files()
def _register(req: IntakeRequest, *, unit, by, received: bool, now, code: str) -> Dossier:
    dossier = _new_dossier(req, unit, now, code)
    # The files are written first (removed again if the intake fails): no lock is held yet, so
    # the disk's time is not spent holding the unit's audit chain.
    rows = _component_rows(req)
    # The table's creation ("submit"), and at the counter its "receive" in the same transaction.
    workflow.create(
        dossier, "submit", by=by, now=now, then=["receive"] if received else [], channel=req.channel
    )
    _attach_components(dossier, rows, req, by)
    return dossier


def _new_dossier(req: IntakeRequest, unit, now, code: str) -> Dossier:
    """The unsaved dossier; the engine inserts it in the state of the table's "submit"."""
    a, proc = req.applicant, req.procedure
    return Dossier(
        code=code,
        unit=unit,
        procedure=proc,
        channel=req.channel,
        applicant_name=a.name.strip(),
        national_id=a.national_id,
        date_of_birth=a.date_of_birth,
        sex=a.sex,
        address=a.address,
        phone=a.phone,
        email=a.email,
        owner_name=a.owner_name,
        tax_code=req.tax_code,
        summary=req.summary,
        sets_count=req.sets_count,
        result_delivery=req.result_delivery,
        submitted_at=now,
        is_no_wait=proc.is_no_wait,
        needs_paper_result=proc.needs_paper_result,
        fee_vnd=proc.fee_vnd or 0,
        uses_population_data=proc.uses_population_data,
        vneid_authenticated=req.vneid_authenticated,
    )


def _component_rows(req: IntakeRequest) -> list[DossierComponent]:
    """One unsaved row per component of the procedure, with its upload stored."""
    by_id = {c.component_id: c for c in req.components}
    rows = []
    for comp in req.procedure.components.all():
        given = by_id.get(comp.pk)
        row = DossierComponent(
            component=comp,
            name=comp.name,
            copy_kind=comp.copy_kind,
            quantity=comp.quantity,
            required=comp.required,
            shown_only=comp.shown_only,
        )
        if given and given.upload:
            up = given.upload
            row.file.save(up.name, ContentFile(up.data), save=False)
            row.file_name, row.content_type, row.size, row.sha256 = (
                up.name,
                up.content_type,
                up.size,
                up.sha256,
            )
            row.provided, row.digitization = True, Digitization.DIGITIZED
        row.provided = row.provided or comp.shown_only
        rows.append(row)
    return rows


def _attach_components(dossier: Dossier, rows: list[DossierComponent], req, by=None) -> None:
    """The rows in one insert; then what the citizen's store keeps of them."""
    from danvan.vault import services as vault

    for row in rows:
        row.dossier = dossier
    DossierComponent.objects.bulk_create(rows)  # the ids come back (RETURNING): the store's links
    by_id = {c.component_id: c for c in req.components}
    for row in rows:
        given = by_id.get(row.component_id)
        if given and given.upload and given.store_as is not None:
            vault.digitize_component(row, given.upload, given.store_as, by=by)
        elif given and given.vault_document_id and not given.upload:
            vault.record_reuse(row, given.vault_document_id, by=by)
