from tests.matrix import OFFICIALS, PUBLIC, Entry

CLERKS = {"clerk.hoankiem", "clerk.bavi", "admin"}
READERS_HK = {
    "clerk.hoankiem",
    "specialist.hoankiem",
    "leader.hoankiem",
    "seal.hoankiem",
    "reporter.hanoi",
    "chairman.hoankiem",  # REPORTER on Phường Hoàn Kiếm: reads its dossiers
    "admin",
}
HANDLERS_HK = READERS_HK - {"reporter.hanoi", "chairman.hoankiem"}  # reporters: no papers
DEMO_OPEN = "DEMO-OPEN-CODE"  # an open Hoàn Kiếm dossier with attached files
DEMO_FILE = "DEMO-FILE"  # an attached file of it
DEMO_CODE = "DEMO-CODE"  # replaced at run time by the matrix conftest with a real Hoàn Kiếm dossier
DEMO_RESULT_CODE = "DEMO-RESULT-CODE"  # a Hoàn Kiếm dossier whose result is issued
DEMO_PAID_CODE = "DEMO-PAID-CODE"  # a Hoàn Kiếm dossier with a fee receipt
DEMO_RECEIPT = "DEMO-RECEIPT"  # its receipt number

ENTRIES = [
    # A body with nothing in it: the clerks are allowed in and told what is wrong (422).
    Entry("POST", "/api/v1/dossiers", allow=OFFICIALS, body={}, ok=(422,)),
    Entry("GET", "/api/v1/dossiers", allow=OFFICIALS),
    Entry("GET", "/api/v1/dossiers/{code}", allow=READERS_HK, params={"code": DEMO_CODE}),
    Entry(
        "POST",
        "/api/v1/dossiers/{code}/transitions",
        allow=READERS_HK,
        params={"code": DEMO_CODE},
        body={"action": "no_such_action", "expected_version": 1},
        # readers are told the action is not allowed; anyone else does not see the dossier
        ok=(403, 409, 422),
        denied=(404,),
    ),
    Entry(
        "GET",
        "/api/v1/dossiers/{code}/slips/{form}.pdf",
        allow=READERS_HK,
        params={"code": DEMO_CODE, "form": "01"},
    ),
    Entry(
        "GET",
        "/api/v1/dossiers/{code}/result.pdf",
        allow=READERS_HK,
        params={"code": DEMO_RESULT_CODE},
        denied=(404,),
    ),
    # The result draft (the applicant's data): one-stop roles of the unit; reporters no. The demo
    # dossier is returned, so nobody may change its draft any more (403).
    Entry(
        "GET",
        "/api/v1/dossiers/{code}/result-draft",
        allow=HANDLERS_HK,
        params={"code": DEMO_CODE},
        denied=(401, 404),
    ),
    Entry(
        "PUT",
        "/api/v1/dossiers/{code}/result-draft",
        allow=HANDLERS_HK,
        params={"code": DEMO_CODE},
        body={"values": {}, "expected_version": 0},
        ok=(403,),
        denied=(401, 404),
    ),
    # A reporter sees the dossier but none of its papers (an empty list; the file is 404).
    Entry(
        "GET",
        "/api/v1/dossiers/{code}/files",
        allow=READERS_HK | {"chairman.hoankiem"},
        params={"code": DEMO_CODE},
    ),
    Entry(
        "GET",
        "/api/v1/dossiers/{code}/files/{file_id}",
        allow=HANDLERS_HK,
        params={"code": DEMO_OPEN, "file_id": DEMO_FILE},
        denied=(401, 403, 404),
    ),
    Entry(
        "GET",
        "/api/v1/public/dossiers/{code}",
        allow=PUBLIC,
        params={"code": DEMO_CODE},
        query="phone_last4=5678",
    ),
    # Fee receipts (the payer's name and address): one-stop roles of the unit; reporters no.
    Entry(
        "GET",
        "/api/v1/dossiers/{code}/receipts",
        allow=HANDLERS_HK,
        params={"code": DEMO_PAID_CODE},
        denied=(401, 404),
    ),
    Entry(
        "GET",
        "/api/v1/dossiers/{code}/receipts/{receipt_no}.pdf",
        allow=HANDLERS_HK,
        params={"code": DEMO_PAID_CODE, "receipt_no": DEMO_RECEIPT},
        denied=(401, 404),
    ),
]


def _demo_code() -> str:
    from danvan.onestop.models import Dossier

    return (
        Dossier.objects.filter(unit__code="00070", phone="0912345678").order_by("id").first().code
    )


def _demo_file_row():
    from danvan.onestop.models import DossierComponent
    from danvan.onestop.states import OPEN

    return (
        DossierComponent.objects.filter(
            dossier__unit__code="00070", dossier__status__in=[s.value for s in OPEN]
        )
        .exclude(sha256="")
        .select_related("dossier")
        .order_by("id")
        .first()
    )


def _demo_result_code() -> str:
    from danvan.onestop.models import Dossier

    with_result = Dossier.objects.filter(unit__code="00070").exclude(result_file="")
    return with_result.order_by("id").first().code


def _demo_payment():
    from danvan.onestop.models import Payment

    return (
        Payment.objects.filter(dossier__unit__code="00070")
        .select_related("dossier")
        .order_by("id")
        .first()
    )


RESOLVE = {
    DEMO_PAID_CODE: lambda: _demo_payment().dossier.code,
    DEMO_RECEIPT: lambda: _demo_payment().receipt_no,
    DEMO_CODE: _demo_code,
    DEMO_RESULT_CODE: _demo_result_code,
    DEMO_OPEN: lambda: _demo_file_row().dossier.code,
    DEMO_FILE: lambda: str(_demo_file_row().pk),
}
