"""Issue 5's scenario: digitize once, never ask for the same paper twice."""

import datetime as dt

from django.utils import timezone

from danvan.onestop import indicators, intake
from danvan.onestop.models import Digitization, Dossier
from danvan.onestop.services import Command, transition
from danvan.onestop.workflow import TRANSITIONS
from danvan.procedures.models import Procedure
from danvan.signing import services as signing
from danvan.signing.demo import DEMO_PIN
from danvan.vault import services
from danvan.vault.models import AccessLog, Reuse, Source, VaultDocument
from tests.helpers import save_result_draft
from tests.vault.conftest import CITIZEN_A, MARRIAGE_STATUS, applicant, component, upload


def _file_x(clerk, unit) -> Dossier:
    """Procedure X at the counter: the paper ID card is scanned and kept in the store."""
    proc = Procedure.objects.get(code=MARRIAGE_STATUS)
    id_card = component(proc, "id_card")
    meta = services.DocumentMeta(
        "id_card",
        "Căn cước công dân",
        CITIZEN_A,
        "Bộ Công an",
        dt.date(2022, 5, 1),
        dt.date(2040, 5, 1),
    )
    comps = [
        intake.ComponentInput(c.pk, upload(f"giay-{c.pk}.pdf"))
        for c in proc.components.all()
        if not c.shown_only
    ]
    comps.append(intake.ComponentInput(id_card.pk, upload("CCCD mặt trước.pdf"), store_as=meta))
    req = intake.IntakeRequest(procedure=proc, applicant=applicant(), components=comps)
    return intake.register(req, unit=unit, by=clerk, received=True)


def _sign_result(dossier: Dossier, persona) -> None:
    """The signing flow (leader signs, office clerk seals) unless the workflow already did it."""
    if dossier.result_signed:
        return
    with dossier.result_file.open("rb") as fh:
        pdf = fh.read()
    doc = signing.sign_document(
        pdf,
        signer=persona("leader.hoankiem"),
        pin=DEMO_PIN,
        object_type="onestop.dossier",
        object_id=str(dossier.pk),
    )
    doc = signing.seal_document(doc, by=persona("seal.hoankiem"), pin=DEMO_PIN)
    with doc.file.open("rb") as fh:
        dossier.result_file.save(f"{dossier.code}-ket-qua.pdf", fh, save=False)
    dossier.result_signed = True
    dossier.save(update_fields=["result_file", "result_signed"])


def _command(action: str, version: int, **kw) -> Command:
    # The signing flow (approve and seal confirmed by the signer's PIN) adds a `pin` to commands.
    if "pin" in Command.__dataclass_fields__:
        kw["pin"] = DEMO_PIN
    return Command(action, version, **kw)


def _process_and_return(dossier: Dossier, persona) -> Dossier:
    steps = [
        ("assign", "clerk.hoankiem"),
        ("propose", "specialist.hoankiem"),
        ("approve", "leader.hoankiem"),
    ]
    if "seal" in TRANSITIONS:
        steps.append(("seal", "seal.hoankiem"))
    for action, who in steps:
        if action == "propose":
            save_result_draft(dossier, persona(who))
        dossier = transition(dossier.pk, _command(action, dossier.version), by=persona(who))
    _sign_result(dossier, persona)
    dossier.refresh_from_db()
    return transition(
        dossier.pk,
        _command("return_result", dossier.version, delivery="electronic"),
        by=persona("clerk.hoankiem"),
    )


def test_citizen_files_x_then_y_reusing_id_card_and_result_x(persona, hoan_kiem, proc_y):
    clerk = persona("clerk.hoankiem")
    x = _file_x(clerk, hoan_kiem)

    id_card = VaultDocument.objects.get(owner_id=CITIZEN_A, doc_type__code="id_card")
    assert (
        id_card.source == Source.DIGITIZED
        and id_card.signed
        and id_card.signed_document is not None
    )
    assert id_card.file.read().startswith(b"%PDF")
    scanned = x.components.get(component=component(x.procedure, "id_card"))
    assert (
        scanned.digitization == Digitization.DIGITIZED and scanned.vault_document_id == id_card.pk
    )
    assert signing.verify(id_card.file.open("rb").read())["status"] == "valid"

    x = _process_and_return(x, persona)
    x.refresh_from_db()
    result = VaultDocument.objects.get(owner_id=CITIZEN_A, source=Source.RESULT)
    assert x.result_sent_to_store and result.source_dossier == x
    assert (
        result.doc_type.code == "marriage_status"
        and result.signed
        and result.signed_document is not None
    )
    # Decree 123/2015 Art 23: a marriage-status certificate is valid 6 months from issue.
    assert result.issued_on < result.expires_on <= result.issued_on + dt.timedelta(days=184)

    # A month later, procedure Y needs the ID card and the result of X: both offered.
    offers = services.find_reusable(proc_y, CITIZEN_A)
    id_comp, status_comp = component(proc_y, "id_card"), component(proc_y, "marriage_status")
    assert [d.pk for d in offers[id_comp.pk]] == [id_card.pk]
    assert [d.pk for d in offers[status_comp.pk]] == [result.pk]

    form = next(c for c in proc_y.components.all() if not c.vault_types)
    req = intake.IntakeRequest(
        procedure=proc_y,
        applicant=applicant(),
        components=[
            intake.ComponentInput(form.pk, upload("to-khai.pdf")),
            intake.ComponentInput(id_comp.pk, vault_document_id=id_card.pk),
            intake.ComponentInput(status_comp.pk, vault_document_id=result.pk),
        ],
    )
    later = timezone.now() + dt.timedelta(days=31)
    y = intake.register(req, unit=hoan_kiem, by=clerk, received=True, now=later)

    rows = {c.component_id: c for c in y.components.all()}
    assert (
        rows[id_comp.pk].digitization == Digitization.REUSED_DOCUMENT
        and rows[id_comp.pk].from_store
    )
    assert (
        rows[status_comp.pk].digitization == Digitization.REUSED_RESULT
        and rows[status_comp.pk].from_store
    )
    assert rows[status_comp.pk].sha256 == result.sha256  # the stored file, nothing uploaded
    assert set(Reuse.objects.filter(dossier=y).values_list("document_id", flat=True)) == {
        id_card.pk,
        result.pk,
    }
    assert AccessLog.objects.filter(owner_id=CITIZEN_A, purpose="reuse", dossier=y).count() == 2

    day = timezone.localdate(later)
    counts = indicators.digitization_counts(day, day, hoan_kiem)
    mine = [d for u in counts["units"] for d in u["per_dossier"] if d["code"] == y.code]
    assert mine == [{"code": y.code, "digitized": 1, "reused": 2}]
    assert indicators.reuse_by_dossier(day, day, hoan_kiem) == {y.code: 2}
