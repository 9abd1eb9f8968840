from tests.matrix import PUBLIC, Entry

# Handling a dossier of the demo citizen (Nguyễn Thị Hằng, congdan.hang) in Phường Hoàn Kiếm.
HANDLERS_HK = {"clerk.hoankiem", "specialist.hoankiem", "leader.hoankiem", "seal.hoankiem", "admin"}
CITIZEN = "001190012345"
ORGANIZATION = "0101234567"  # Công ty TNHH Xây dựng Ánh Dương: an open dossier in Hoàn Kiếm
DEMO_DOC = "DEMO-VAULT-DOC"  # replaced at run time with the id of her digitized ID card
DEMO_ORG_DOC = "DEMO-VAULT-ORG-DOC"  # the company's digitized business registration certificate
DEMO_CODE = "DEMO-CODE"  # a Hoàn Kiếm dossier (tests/matrix/onestop_api.py)
DEMO_COMPONENT = "DEMO-VAULT-COMPONENT"  # the id of one of that dossier's components
NOBODY: set = set()  # no demo official has a citizen account (national ID)
HANDLING = HANDLERS_HK | {"clerk.bavi", "leader.bavi"}
COUNTER = {"clerk.hoankiem", "clerk.bavi", "admin"}

ENTRIES = [
    Entry(
        "GET",
        "/api/v1/citizens/{national_id}/documents",
        allow=HANDLERS_HK,
        params={"national_id": CITIZEN},
    ),
    Entry(
        "GET",
        "/api/v1/citizens/{national_id}/documents/{document_id}/file",
        allow=HANDLERS_HK,
        params={"national_id": CITIZEN, "document_id": DEMO_DOC},
    ),
    Entry(
        "GET",
        "/api/v1/organizations/{tax_code}/documents",
        allow=HANDLERS_HK,
        params={"tax_code": ORGANIZATION},
    ),
    Entry(
        "GET",
        "/api/v1/organizations/{tax_code}/documents/{document_id}/file",
        allow=HANDLERS_HK,
        params={"tax_code": ORGANIZATION, "document_id": DEMO_ORG_DOC},
    ),
    # A real component and no such stored document: the handlers are told what is wrong (409 or
    # 422 from the service), others are refused (403) or do not see the dossier (404) before it.
    Entry(
        "POST",
        "/api/v1/dossiers/{code}/components/{component_id}/reuse",
        allow=HANDLERS_HK,
        params={"code": DEMO_CODE, "component_id": DEMO_COMPONENT},
        body={"vault_document_id": 999999999},
        ok=(409, 422),
    ),
    Entry("GET", "/api/v1/me/documents", allow=NOBODY, denied=(403,)),
    Entry(
        "GET",
        "/api/v1/me/documents/{document_id}/file",
        allow=NOBODY,
        params={"document_id": DEMO_DOC},
        denied=(403,),
    ),
    Entry("GET", "/api/v1/me/access-log", allow=NOBODY, denied=(403,)),
    Entry("GET", "/api/v1/me/export.zip", allow=NOBODY, denied=(403,)),
    # Pages
    Entry("GET", "kho-du-lieu/", allow=HANDLING),
    Entry(
        "GET", "kho-du-lieu/", allow=HANDLERS_HK, query=f"so_dinh_danh={CITIZEN}", denied=(403, 404)
    ),
    Entry(
        "GET",
        "kho-du-lieu/",
        allow=HANDLERS_HK,
        query=f"ma_so_thue={ORGANIZATION}",
        denied=(403, 404),
    ),
    Entry("GET", "kho-du-lieu/giay-to/<int:pk>/", allow=HANDLERS_HK, params={"pk": DEMO_DOC}),
    Entry("GET", "kho-du-lieu/giay-to/<int:pk>/", allow=HANDLERS_HK, params={"pk": DEMO_ORG_DOC}),
    Entry(
        "GET",
        "kho-du-lieu/goi-y/",
        allow=COUNTER,
        query=f"procedure=1.004873&national_id={CITIZEN}",
    ),
    Entry(
        "GET",
        "kho-du-lieu/goi-y/",
        allow=COUNTER,
        query=f"procedure=1.013225&national_id={CITIZEN}&tax_code={ORGANIZATION}",
    ),
    Entry("GET", "kho-du-lieu/ho-so/<str:code>/", allow=HANDLERS_HK, params={"code": DEMO_CODE}),
    Entry(
        "POST",
        "kho-du-lieu/ho-so/<str:code>/so-hoa/<int:component_id>/",
        allow=COUNTER,
        params={"code": "KHONG-CO", "component_id": 1},
        ok=(404,),
        denied=(403,),
    ),
    Entry(
        "POST",
        "kho-du-lieu/ho-so/<str:code>/dung-lai/<int:component_id>/",
        allow=COUNTER,
        params={"code": "KHONG-CO", "component_id": 1},
        ok=(404,),
        denied=(403,),
    ),
    Entry("GET", "kho-du-lieu/cap-ma/", allow=COUNTER),
    Entry("GET", "kho-cua-toi/kich-hoat/", allow=PUBLIC),
    Entry("GET", "kho-cua-toi/", allow=NOBODY, denied=(403,)),
    Entry(
        "GET", "kho-cua-toi/giay-to/<int:pk>/", allow=NOBODY, params={"pk": DEMO_DOC}, denied=(403,)
    ),
    Entry("GET", "kho-cua-toi/tai-ve/", allow=NOBODY, denied=(403,)),
    Entry("POST", "kho-cua-toi/tai-len/", allow=NOBODY, denied=(403,)),
    Entry("GET", "kho-cua-toi/goi-y/", allow=NOBODY, query="procedure=1.004873", denied=(403,)),
]


def _demo_doc() -> str:
    from danvan.vault.models import VaultDocument

    return str(
        VaultDocument.objects.filter(owner_id=CITIZEN, doc_type__code="id_card")
        .order_by("id")
        .first()
        .pk
    )


def _demo_org_doc() -> str:
    from danvan.vault.models import VaultDocument

    return str(
        VaultDocument.objects.filter(owner_id=ORGANIZATION, doc_type__code="business_registration")
        .order_by("id")
        .first()
        .pk
    )


def _demo_component() -> str:
    from danvan.onestop.models import DossierComponent
    from tests.matrix.onestop_api import _demo_code

    rows = DossierComponent.objects.filter(dossier__code=_demo_code())
    return str(rows.order_by("id").first().pk)


RESOLVE = {DEMO_DOC: _demo_doc, DEMO_ORG_DOC: _demo_org_doc, DEMO_COMPONENT: _demo_component}
