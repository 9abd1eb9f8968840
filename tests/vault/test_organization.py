"""An organization's store (by tax code): the same reuse, privacy and API rules as a citizen's."""

import datetime as dt

import pytest

from danvan.audit.models import AuditEntry
from danvan.core.errors import Forbidden, Invalid, NotFound
from danvan.onestop import intake
from danvan.onestop.models import Digitization, Dossier
from danvan.procedures.models import Procedure, ProcedureComponent
from danvan.vault import access, services
from danvan.vault.models import AccessLog, OwnerKind, Reuse, Source, VaultDocument
from tests.conftest import error_code
from tests.vault.conftest import CITIZEN_A, applicant, component, stored, upload
from tests.vault.test_reuse_scenario import _process_and_return

ORG_A = "0109876543"
ORG_B = "0109876543-002"  # a branch of the same company: a store of its own
ORG_DOCS = f"/api/v1/organizations/{ORG_A}/documents"


@pytest.fixture
def business_procs(db):
    """X: a business licence needing the enterprise registration certificate; Z: a later procedure
    needing that certificate and the result of X (a previous result)."""
    x = Procedure.objects.create(
        code="T.ORG.X",
        name="Cấp giấy phép kinh doanh (thử nghiệm)",
        field="Kinh doanh",
        time_value=3,
        time_unit="working_days",
    )
    ProcedureComponent.objects.create(procedure=x, position=1, name="Đơn đề nghị")
    ProcedureComponent.objects.create(
        procedure=x,
        position=2,
        name="Giấy chứng nhận đăng ký doanh nghiệp",
        vault_types=["business_registration"],
    )
    z = Procedure.objects.create(
        code="T.ORG.Z",
        name="Gia hạn giấy phép kinh doanh (thử nghiệm)",
        field="Kinh doanh",
        time_value=3,
        time_unit="working_days",
    )
    ProcedureComponent.objects.create(procedure=z, position=1, name="Đơn đề nghị gia hạn")
    ProcedureComponent.objects.create(
        procedure=z,
        position=2,
        name="Giấy chứng nhận đăng ký doanh nghiệp",
        vault_types=["business_registration"],
    )
    ProcedureComponent.objects.create(
        procedure=z, position=3, name="Giấy phép đã được cấp", vault_types=["previous_result"]
    )
    return x, z


def _file(proc, unit, by, tax_code=ORG_A, **reuse) -> Dossier:
    """A dossier of ``proc`` for the organization; components named in ``reuse`` come from the store."""
    comps = []
    for c in proc.components.all():
        picked = next((doc for vtype, doc in reuse.items() if vtype in c.vault_types), None)
        comps.append(
            intake.ComponentInput(c.pk, vault_document_id=picked.pk)
            if picked
            else intake.ComponentInput(c.pk, upload(f"giay-{c.pk}.pdf"))
        )
    req = intake.IntakeRequest(
        procedure=proc, applicant=applicant(), components=comps, tax_code=tax_code
    )
    return intake.register(req, unit=unit, by=by, received=True)


@pytest.mark.parametrize("good", ["0101234567", "0101234567-001", "0101 234 567"])
def test_well_formed_tax_codes(good):
    assert access.check_tax_code(good) == good.replace(" ", "")


@pytest.mark.parametrize(
    "bad", ["", "12345", "01012345678", "0101234567-01", "0101234567_001", "01012345ab"]
)
def test_malformed_tax_code_is_refused_with_a_stable_code(bad):
    with pytest.raises(Invalid) as info:
        access.check_tax_code(bad)
    assert info.value.code == "vault.bad_tax_code" and "10 chữ số" in info.value.message


def test_organization_scenario_digitize_result_then_both_offered(
    persona, hoan_kiem, business_procs
):
    x_proc, z_proc = business_procs
    clerk = persona("clerk.hoankiem")

    # X at the counter: the paper registration certificate is scanned into the ORGANIZATION's store.
    cert_comp = component(x_proc, "business_registration")
    meta = services.DocumentMeta(
        "business_registration",
        "Giấy chứng nhận đăng ký doanh nghiệp",
        ORG_A,
        "Phòng Đăng ký kinh doanh",
        dt.date(2020, 1, 6),
        owner_kind=OwnerKind.ORGANIZATION,
    )
    comps = [
        intake.ComponentInput(c.pk, upload(f"giay-{c.pk}.pdf"))
        for c in x_proc.components.all()
        if c.pk != cert_comp.pk
    ]
    comps.append(intake.ComponentInput(cert_comp.pk, upload("GCN DKDN.pdf"), store_as=meta))
    x = intake.register(
        intake.IntakeRequest(
            procedure=x_proc, applicant=applicant(), components=comps, tax_code=ORG_A
        ),
        unit=hoan_kiem,
        by=clerk,
        received=True,
    )
    assert x.tax_code == ORG_A
    cert = VaultDocument.objects.get(doc_type__code="business_registration", owner_id=ORG_A)
    assert (
        cert.owner_kind == OwnerKind.ORGANIZATION
        and cert.source == Source.DIGITIZED
        and cert.signed
    )
    assert x.components.get(component=cert_comp).digitization == Digitization.DIGITIZED
    assert not VaultDocument.objects.filter(
        owner_id=CITIZEN_A
    ).exists()  # nothing in the person's store
    assert AuditEntry.objects.filter(action="vault.document.org_digitized").exists()

    # Its signed result lands in the organization's store.
    x = _process_and_return(x, persona)
    result = VaultDocument.objects.get(source=Source.RESULT, source_dossier=x)
    assert (result.owner_kind, result.owner_id) == (OwnerKind.ORGANIZATION, ORG_A)

    # The next dossier of the same organization: both offered at the counter, attached in one action.
    offers = services.offers_for(clerk, z_proc, CITIZEN_A, unit=hoan_kiem, tax_code=ORG_A)
    assert [d.pk for d in offers[component(z_proc, "business_registration").pk]] == [cert.pk]
    assert [d.pk for d in offers[component(z_proc, "previous_result").pk]] == [result.pk]
    assert AccessLog.objects.filter(owner_id=ORG_A, purpose="offer", actor=clerk).exists()
    # Without the tax code (or for another organization) nothing of ORG_A is offered.
    assert services.offers_for(clerk, z_proc, CITIZEN_A, unit=hoan_kiem) == {}
    assert services.offers_for(clerk, z_proc, CITIZEN_A, unit=hoan_kiem, tax_code=ORG_B) == {}

    z = _file(z_proc, hoan_kiem, clerk, business_registration=cert, previous_result=result)
    assert set(Reuse.objects.filter(dossier=z).values_list("document_id", flat=True)) == {
        cert.pk,
        result.pk,
    }
    assert AccessLog.objects.filter(owner_id=ORG_A, purpose="reuse", dossier=z).count() == 2


def test_another_organizations_document_is_never_offered_nor_attachable(
    persona, hoan_kiem, business_procs
):
    x_proc, _ = business_procs
    clerk = persona("clerk.hoankiem")
    theirs = stored(ORG_B, "business_registration", title="GCN của tổ chức khác")
    assert services.offers_for(clerk, x_proc, CITIZEN_A, unit=hoan_kiem, tax_code=ORG_A) == {}
    # A crafted intake with the other organization's document: the citizen's refusal message.
    with pytest.raises(Invalid) as info:
        _file(x_proc, hoan_kiem, clerk, business_registration=theirs)
    assert "không có trong kho dữ liệu của người nộp hồ sơ" in info.value.message
    # Nor through the attach service on an existing dossier of ORG_A.
    d = _file(x_proc, hoan_kiem, clerk)
    row = d.components.get(component=component(x_proc, "business_registration"))
    row.from_store = False
    row.save()
    with pytest.raises(Invalid) as info:
        services.attach(d, row.pk, theirs.pk, by=clerk)
    assert "không có trong kho dữ liệu của người nộp hồ sơ" in info.value.message
    assert not Reuse.objects.filter(document=theirs).exists()
    ours = stored(ORG_A, "business_registration")
    assert (
        services.attach(d, row.pk, ours.pk, by=clerk).document == ours
    )  # its own organization's: fine
    # An organization's document is not attachable to a dossier filed without its tax code either.
    with pytest.raises(Invalid):
        _file(x_proc, hoan_kiem, clerk, tax_code="", business_registration=ours)


def test_a_citizen_online_may_not_draw_from_an_organizations_store(
    persona, hoan_kiem, business_procs, django_user_model
):
    x_proc, _ = business_procs
    citizen = django_user_model.objects.create(username="an.citizen", national_id=CITIZEN_A)
    ours = stored(ORG_A, "business_registration")
    assert services.offers_for(citizen, x_proc, CITIZEN_A, tax_code=ORG_A) == {}
    with pytest.raises(Forbidden) as info:
        comps = [
            intake.ComponentInput(c.pk, vault_document_id=ours.pk)
            if c.vault_types
            else intake.ComponentInput(c.pk, upload())
            for c in x_proc.components.all()
        ]
        intake.register(
            intake.IntakeRequest(
                procedure=x_proc,
                applicant=applicant(),
                components=comps,
                tax_code=ORG_A,
                channel="online",
            ),
            unit=hoan_kiem,
            by=citizen,
            received=False,
        )
    assert info.value.code == "vault.reuse_forbidden"
    assert AuditEntry.objects.filter(action="vault.org_access_refused").exists()


def test_bad_tax_code_at_intake_is_a_field_error(persona, hoan_kiem, business_procs):
    with pytest.raises(Invalid) as info:
        _file(business_procs[0], hoan_kiem, persona("clerk.hoankiem"), tax_code="01012345")
    assert info.value.code == "dossier.invalid" and "10 chữ số" in info.value.fields["tax_code"]


def test_store_opens_only_while_handling_an_open_dossier_of_the_organization(
    persona, hoan_kiem, business_procs
):
    d = _file(business_procs[0], hoan_kiem, persona("clerk.hoankiem"))
    assert access.open_store(persona("specialist.hoankiem"), ORG_A) == d
    assert AccessLog.objects.filter(
        owner_id=ORG_A, purpose="store", allowed=True, dossier=d
    ).exists()
    assert AuditEntry.objects.filter(action="vault.org_store_opened").exists()
    for username in ("clerk.bavi", "mobilizer.hoankiem"):
        with pytest.raises(NotFound):
            access.open_store(persona(username), ORG_A)
    # The dossier's applicant (a person) gives no right to the organization's branch store.
    with pytest.raises(NotFound):
        access.open_store(persona("specialist.hoankiem"), ORG_B)
    assert AuditEntry.objects.filter(action="vault.org_access_refused").count() == 3


# --- API ---------------------------------------------------------------------------------------


def test_api_malformed_tax_code_is_422_with_the_error_json(api_as):
    response = api_as("clerk.hoankiem").get("/api/v1/organizations/01012/documents")
    assert response.status_code == 422
    body = response.json()["error"]
    assert (
        body["code"] == "vault.bad_tax_code"
        and "10 chữ số" in body["message"]
        and "tax_code" in body["fields"]
    )


def test_api_anonymous_is_401(api_as):
    response = api_as(None).get(ORG_DOCS)
    assert response.status_code == 401 and error_code(response) == "auth.required"


def test_api_handler_lists_and_downloads_and_others_get_404_audited(
    api_as, persona, hoan_kiem, business_procs
):
    _file(business_procs[0], hoan_kiem, persona("clerk.hoankiem"))
    doc = stored(ORG_A, "business_registration")
    response = api_as("specialist.hoankiem").get(ORG_DOCS)
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert (
        response.json()["count"] == 1
        and item["id"] == doc.pk
        and item["owner_kind"] == "organization"
    )
    assert item["owner"] == "0109•••543"
    file = api_as("specialist.hoankiem").get(f"{ORG_DOCS}/{doc.pk}/file")
    assert file.status_code == 200 and file.content.startswith(b"%PDF")
    # A citizen's document through the organization's URL is not found.
    person = stored(CITIZEN_A, "id_card")
    assert api_as("specialist.hoankiem").get(f"{ORG_DOCS}/{person.pk}/file").status_code == 404

    for username in ("clerk.bavi", "mobilizer.hoankiem"):
        denied = api_as(username).get(ORG_DOCS)
        assert denied.status_code == 404 and error_code(denied) == "vault.access_denied"
        assert api_as(username).get(f"{ORG_DOCS}/{doc.pk}/file").status_code == 404
    assert AuditEntry.objects.filter(action="vault.org_access_refused").count() == 4
    assert AccessLog.objects.filter(owner_id=ORG_A, allowed=False).count() == 4


def test_api_intake_carries_the_tax_code(api_as, business_procs):
    x_proc, _ = business_procs
    import base64

    from tests.vault.conftest import PDF

    payload = {
        "unit": "00070",
        "procedure": x_proc.code,
        "tax_code": "0109876543",
        "applicant": {"name": "Đinh Thị An", "national_id": CITIZEN_A, "phone": "0912000111"},
        "components": [
            {
                "component_id": c.pk,
                "file_name": "a.pdf",
                "file_base64": base64.b64encode(PDF).decode(),
            }
            for c in x_proc.components.all()
        ],
    }
    response = api_as("clerk.hoankiem").post("/api/v1/dossiers", payload)
    assert response.status_code == 201 and response.json()["tax_code"] == ORG_A
    bad = api_as("clerk.hoankiem").post("/api/v1/dossiers", {**payload, "tax_code": "0109876543-1"})
    assert bad.status_code == 422 and error_code(bad) == "dossier.invalid"
    assert "10 chữ số" in bad.json()["error"]["fields"]["tax_code"]


# --- pages -------------------------------------------------------------------------------------


def test_counter_form_takes_the_tax_code_and_files_the_scan_into_the_organizations_store(
    client_as, hoan_kiem, business_procs
):
    import io

    from tests.vault.conftest import PDF

    def pdf(name):
        f = io.BytesIO(PDF)
        f.name = name
        return f

    x_proc, z_proc = business_procs
    clerk = client_as("clerk.hoankiem")
    result = stored(ORG_A, "previous_result", source=Source.RESULT, title="Giấy phép kinh doanh")
    offers = clerk.get(
        "/kho-du-lieu/goi-y/",
        {"procedure": z_proc.code, "national_id": CITIZEN_A, "tax_code": ORG_A},
    ).content.decode()
    assert (
        "Kho của tổ chức" in offers and "0109•••543" in offers and f'value="{result.pk}"' in offers
    )
    assert 'name="store_owner_' in offers and ORG_A not in offers
    bad = clerk.get(
        "/kho-du-lieu/goi-y/",
        {"procedure": z_proc.code, "national_id": CITIZEN_A, "tax_code": "0109"},
    ).content.decode()
    assert f'value="{result.pk}"' not in bad and "Mã số thuế gồm 10 chữ số" in bad

    cert = component(x_proc, "business_registration")
    form = next(c for c in x_proc.components.all() if not c.vault_types)
    values = {
        "procedure": x_proc.code,
        "national_id": CITIZEN_A,
        "name": "Đinh Thị An",
        "phone": "0912000111",
        "tax_code": "0109 876 543",
        f"file_{form.pk}": pdf("don.pdf"),
        f"file_{cert.pk}": pdf("gcn.pdf"),
        f"store_{cert.pk}": "1",
        f"store_owner_{cert.pk}": "organization",
        f"store_doc_type_{cert.pk}": "business_registration",
        f"store_number_{cert.pk}": ORG_A,
    }
    failed = clerk.post(
        "/mot-cua/quay/",
        {
            **values,
            "tax_code": "0109876543-1",
            f"file_{form.pk}": pdf("don.pdf"),
            f"file_{cert.pk}": pdf("gcn.pdf"),
        },
    )
    assert failed.status_code == 422 and "Mã số thuế phải gồm 10 chữ số" in failed.content.decode()
    response = clerk.post("/mot-cua/quay/", values)
    assert response.status_code == 302, response.content.decode()[:500]
    dossier = Dossier.objects.get(national_id=CITIZEN_A, procedure=x_proc)
    assert dossier.tax_code == ORG_A
    doc = VaultDocument.objects.get(doc_type__code="business_registration", owner_id=ORG_A)
    assert (doc.owner_kind, doc.owner_id, doc.source_dossier) == (
        OwnerKind.ORGANIZATION,
        ORG_A,
        dossier,
    )
    page = clerk.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    assert "mã số thuế 0109876543" in page


def test_dossier_page_digitizes_into_the_chosen_store_and_search_opens_the_organizations(
    client_as, persona, hoan_kiem, business_procs
):
    import io

    from tests.vault.conftest import PDF

    d = _file(business_procs[0], hoan_kiem, persona("clerk.hoankiem"))
    row = d.components.get(component=component(business_procs[0], "business_registration"))
    clerk = client_as("clerk.hoankiem")
    panel = clerk.get(f"/kho-du-lieu/ho-so/{d.code}/").content.decode()
    assert 'name="owner_kind"' in panel
    f = io.BytesIO(PDF)
    f.name = "gcn.pdf"
    response = clerk.post(
        f"/kho-du-lieu/ho-so/{d.code}/so-hoa/{row.pk}/",
        {"doc_type": "business_registration", "owner_kind": "organization", "file": f},
        follow=True,
    )
    assert "vào kho dữ liệu của tổ chức" in response.content.decode()
    assert VaultDocument.objects.get(owner_id=ORG_A).owner_kind == OwnerKind.ORGANIZATION

    found = client_as("specialist.hoankiem").get("/kho-du-lieu/", {"ma_so_thue": ORG_A})
    assert found.status_code == 200 and "tổ chức mã số thuế 0109•••543" in found.content.decode()
    refused = client_as("clerk.bavi").get("/kho-du-lieu/", {"so_dinh_danh": ORG_A})
    assert refused.status_code == 404 and "của tổ chức này" in refused.content.decode()
    assert AuditEntry.objects.filter(action="vault.org_access_refused").count() == 1


def test_online_filing_carries_the_tax_code(client, business_procs):
    import io

    from tests.vault.conftest import PDF

    x_proc, _ = business_procs
    data = {
        "procedure": x_proc.code,
        "national_id": CITIZEN_A,
        "name": "Đinh Thị An",
        "phone": "0912000111",
        "unit": "00070",
        "tax_code": ORG_B,
    }
    for c in x_proc.components.all():
        f = io.BytesIO(PDF)
        f.name = f"giay-{c.pk}.pdf"
        data[f"file_{c.pk}"] = f
    response = client.post("/nop-truc-tuyen/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Dossier.objects.get(national_id=CITIZEN_A, channel="online").tax_code == ORG_B


def test_counter_is_told_to_check_the_mandate_of_an_online_filing_for_an_organization(
    client, client_as, business_procs
):
    test_online_filing_carries_the_tax_code(client, business_procs)
    d = Dossier.objects.get(national_id=CITIZEN_A, channel="online")
    page = client_as("clerk.hoankiem").get(f"/mot-cua/ho-so/{d.code}/").content.decode()
    assert 'id="mandate-check"' in page and "giấy ủy quyền" in page
