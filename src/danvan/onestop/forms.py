"""Reading the intake form (counter and portal): applicant fields, component files, all errors at once."""

from dataclasses import dataclass, field

from danvan.core.errors import DomainError
from danvan.core.formatting import parse_date
from danvan.core.identifiers import clean_phone, clean_tax_code
from danvan.core.uploads import check_each, stage, unstage
from danvan.onestop.cccd import parse_cccd
from danvan.onestop.intake import Applicant, ComponentInput, IntakeRequest
from danvan.onestop.models import Channel, Dossier
from danvan.procedures.services import Procedure, active_procedure, active_procedures
from danvan.vault.forms import apply_to_intake

APPLICANT_FIELDS = ("name", "national_id", "phone", "email", "address", "date_of_birth", "sex")
SEX_CHOICES = ("Nam", "Nữ")


@dataclass
class IntakeForm:
    values: dict
    procedure: Procedure | None = None
    components: list[ComponentInput] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    staged: dict[int, dict] = field(
        default_factory=dict
    )  # component pk → kept upload (token, name, size)

    def request(self, channel: str = Channel.IN_PERSON) -> IntakeRequest:
        v = self.values
        applicant = Applicant(
            name=v["name"],
            national_id=v["national_id"],
            phone=v["phone"],
            email=v["email"],
            address=v["address"],
            date_of_birth=parse_date(v["date_of_birth"]),
            sex=v["sex"],
        )
        return IntakeRequest(
            procedure=self.procedure,
            applicant=applicant,
            components=self.components,
            channel=channel,
            summary=v.get("summary", ""),
            tax_code=v.get("tax_code", ""),
        )


def procedures_for_picker():
    return active_procedures()


def read_form(post, files) -> IntakeForm:
    values = {k: post.get(k, "").strip()[:300] for k in (*APPLICANT_FIELDS, "procedure", "summary")}
    values["national_id"] = values["national_id"].replace(" ", "")
    values["phone"] = clean_phone(values["phone"])
    values["tax_code"] = clean_tax_code(post.get("tax_code"))
    _fill_from_card(values, post.get("qr", ""))
    form = IntakeForm(values=values)
    form.procedure = active_procedure(values["procedure"])
    if form.procedure is None:
        form.errors["procedure"] = "Chưa chọn thủ tục hành chính."
        return form
    if values["date_of_birth"] and parse_date(values["date_of_birth"]) is None:
        form.errors["date_of_birth"] = "Ngày sinh không hợp lệ (dd/mm/yyyy)."
    _read_files(form, files, post)
    _read_vault(form, post)
    return form


def _read_vault(form: IntakeForm, post) -> None:
    apply_to_intake(form, post, ComponentInput)


def _fill_from_card(values: dict, qr: str) -> None:
    """The scanned CCCD QR text fills whatever the clerk left empty (the JS does it instantly too)."""
    card = parse_cccd(qr)
    if card is None:
        return
    found = {
        "national_id": card.national_id,
        "name": card.name,
        "address": card.address,
        "sex": card.sex,
        "date_of_birth": card.date_of_birth.isoformat() if card.date_of_birth else "",
    }
    for key, value in found.items():
        if not values.get(key):
            values[key] = value


def _read_files(form: IntakeForm, files, post) -> None:
    sent = []
    for comp in form.procedure.components.all():
        upload = files.get(f"file_{comp.pk}")
        if upload is None:
            _reuse_staged(form, comp.pk, post.get(f"staged_{comp.pk}", ""))
        else:
            sent.append((comp.pk, upload.name, upload.read()))
    # One sandbox child checks the lot; each file keeps its own error.
    results = check_each([(name, data) for _pk, name, data in sent])
    for (pk, _name, _data), result in zip(sent, results, strict=True):
        if isinstance(result, DomainError):
            form.errors[f"file_{pk}"] = result.message
        else:
            form.components.append(ComponentInput(component_id=pk, upload=result))


def _reuse_staged(form: IntakeForm, component_id: int, token: str) -> None:
    """A file sent with an earlier, failed submission of this form: no need to pick it again."""
    kept = unstage(token.strip())
    if kept is None:
        return
    form.components.append(ComponentInput(component_id=component_id, upload=kept))
    form.staged[component_id] = {"token": token.strip(), "name": kept.name, "size": kept.size}


def stage_uploads(form: IntakeForm) -> None:
    """The form failed: keep every file it carried, so the re-shown form still has them."""
    for comp in form.components:
        if comp.upload is not None and comp.component_id not in form.staged:
            form.staged[comp.component_id] = {
                "token": stage(comp.upload),
                "name": comp.upload.name,
                "size": comp.upload.size,
            }


def merge_domain_errors(form: IntakeForm, exc: DomainError) -> None:
    """Map intake.validate's field keys onto the form's field names."""
    for key, message in (exc.fields or {}).items():
        form.errors.setdefault(key.removeprefix("applicant."), message)
    if not exc.fields:
        form.errors.setdefault("__all__", exc.message)


def missing_component_ids(form: IntakeForm) -> set[int]:
    given = {c.component_id for c in form.components}
    return {
        c.pk
        for c in form.procedure.components.all()
        if c.required and not c.shown_only and c.pk not in given
    }


def known_applicant(dossiers, national_id: str, phone_last4: str | None = None) -> dict:
    """Name, phone, address… from the applicant's latest dossier in `dossiers` (a queryset)."""
    if len(national_id) != 12 or not national_id.isdigit():
        return {}
    qs = dossiers.filter(national_id=national_id).order_by("-submitted_at")
    if phone_last4 is not None:
        qs = qs.filter(phone__endswith=phone_last4) if len(phone_last4) == 4 else qs.none()
    last: Dossier | None = qs.first()
    if last is None:
        return {}
    return {
        "name": last.applicant_name,
        "phone": last.phone,
        "email": last.email,
        "address": last.address,
        "sex": last.sex,
        "date_of_birth": last.date_of_birth.isoformat() if last.date_of_birth else "",
    }
