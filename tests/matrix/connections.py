"""Connections: the outbox pages and API are for administrators (superusers; the admin role on
the unit subtree). Everyone else is told the page does not exist (404) or, in the API, 403."""

from tests.matrix import Entry

ADMINS = {"admin"}
DEMO_MESSAGE = "{demo_outbox_message}"


def _demo_message() -> str:
    from danvan.connections.models import OutboxMessage

    return str(OutboxMessage.objects.order_by("id").values_list("pk", flat=True).first())


HERS = "{demo_dossier_of_congdan_hang}"
# The e-receipt of a dossier: its unit's one-stop officials and the citizen it belongs to. The
# demo has no fee paid on the national platform, so those allowed are told so (409); everyone
# else is told the dossier is not found (404).
E_RECEIPT_READERS = {
    "clerk.hoankiem",
    "specialist.hoankiem",
    "leader.hoankiem",
    "seal.hoankiem",
    "admin",
    "congdan.hang",
}


def _hers() -> str:
    from danvan.onestop.models import Dossier

    return str(
        Dossier.objects.filter(national_id="001190012345", unit__code="00070")
        .order_by("id")
        .values_list("code", flat=True)
        .first()
    )


RESOLVE = {DEMO_MESSAGE: _demo_message, HERS: _hers}

ENTRIES = [
    Entry(
        "GET",
        "ket-noi/ho-so/<str:code>/bien-lai-dien-tu/",
        allow=E_RECEIPT_READERS,
        params={"code": HERS},
        ok=(409,),
        denied=(404,),
    ),
    Entry("GET", "ket-noi/", allow=ADMINS, denied=(404,)),
    Entry("GET", "ket-noi/chua-dong-bo/", allow=ADMINS, denied=(404,)),
    Entry("GET", "ket-noi/tin/<int:pk>/", allow=ADMINS, params={"pk": DEMO_MESSAGE}, denied=(404,)),
    # The demo message is pending, not failed: the administrator's retry is refused with 409
    # (allowed, but nothing to do); the others never reach it.
    Entry(
        "POST",
        "ket-noi/tin/<int:pk>/gui-lai/",
        allow=ADMINS,
        params={"pk": DEMO_MESSAGE},
        denied=(404,),
    ),
    Entry("GET", "/api/v1/outbox", allow=ADMINS, denied=(403,)),
    Entry("GET", "/api/v1/outbox/unsynced", allow=ADMINS, denied=(403,)),
    Entry(
        "GET",
        "/api/v1/outbox/{message_id}",
        allow=ADMINS,
        params={"message_id": DEMO_MESSAGE},
        denied=(403,),
    ),
    Entry(
        "POST",
        "/api/v1/outbox/{message_id}/retry",
        allow=ADMINS,
        params={"message_id": DEMO_MESSAGE},
        ok=(409,),
        denied=(403,),
    ),
]

# The national payment platform's callback: public (server to server), checked by its MaXacThuc;
# an empty body is refused with 422 for everyone (no signature), never 500.
ENTRIES.append(
    Entry(
        "POST",
        "/api/v1/public/national-payment/confirm",
        body={"MaThamChieu": "X", "SoTien": "1", "MaLoi": "00", "MaGiaoDich": "", "MaXacThuc": ""},
        ok=(422,),
    )
)

# The counter's population-data look-up: counter clerks and specialists on their current unit
# (the demo personas' first unit); an empty form is refused with 422 (reason, ID… required).
ENTRIES.append(
    Entry(
        "POST",
        "ket-noi/dan-cu/tra-cuu/",
        allow={"admin", "clerk.hoankiem", "specialist.hoankiem", "clerk.bavi"},
        ok=(422,),
        denied=(403,),
    )
)

# The citizen's notification preferences (/kho-cua-toi/thong-bao/): only a signed-in citizen
# account (with a national ID); no demo official has one, so every persona is refused with 403
# (tests/connections/test_notices.py signs in as congdan.hang).
ENTRIES += [
    Entry("GET", "kho-cua-toi/thong-bao/", allow=set(), denied=(403,)),
    Entry("POST", "kho-cua-toi/thong-bao/", allow=set(), body={"sms": "on"}, denied=(403,)),
]
