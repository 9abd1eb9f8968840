"""Demo: one portal message for each demo dossier received, as if the province had just connected
the platform to its integration gateway (`danvan outbox resync`). They are sent when
CONNECTIONS_GATEWAY_URL points at a gateway (the demo's fake: `danvan fakegateway`)."""

from danvan.connections import services
from danvan.connections.models import OutboxMessage


def load() -> str:
    from danvan.accounts.models import User

    if OutboxMessage.objects.exists():
        return "đã có tin trong hộp thư đi"
    everyone = User(is_superuser=True)
    n = services.resync(services.unsynced_for(everyone).select_related("unit").order_by("id"))
    return f"{n} tin đồng bộ hồ sơ trong hộp thư đi"
