"""Demo: one portal message for each demo dossier received, as if the province had just connected
the platform to its integration gateway (`danvan outbox resync`). They are sent when
CONNECTIONS_GATEWAY_URL points at a gateway (the demo's fake: `danvan fakegateway`). The demo
dossiers' citizen notifications are already in the outbox (written by their transitions); the demo
citizen (congdan.hang) has chosen Zalo and email and turned off the overdue notice."""

from danvan.connections import services
from danvan.connections.models import CitizenPreference, OutboxMessage
from danvan.connections.services import portal

DEMO_CITIZEN = "001190012345"  # Nguyễn Thị Hằng (vault/demo.py)


def load() -> str:
    from danvan.accounts.models import User

    CitizenPreference.objects.get_or_create(
        national_id=DEMO_CITIZEN,
        defaults={"sms": True, "zalo": True, "email": True, "muted": ["onestop.overdue"]},
    )
    if OutboxMessage.objects.filter(kind=portal.KIND).exists():
        return "đã có tin đồng bộ hồ sơ trong hộp thư đi"
    everyone = User(is_superuser=True)
    n = services.resync(services.unsynced_for(everyone).select_related("unit").order_by("id"))
    return f"{n} tin đồng bộ hồ sơ trong hộp thư đi"
