import pytest

from danvan.connections.fake import FakeGateway
from tests.onestop.conftest import hoan_kiem, receive  # noqa: F401 - fixtures

PIN = "123456"  # the demo signing PIN (signing/demo.py)


@pytest.fixture
def fake():
    gateway = FakeGateway().start()
    yield gateway
    gateway.stop()


@pytest.fixture
def connected(settings, fake, db):
    """Settings pointing at the fake; short timeouts and backoff; the demo's messages set aside
    (rolled back with the test)."""
    from danvan.connections.models import OutboxMessage

    OutboxMessage.objects.all().delete()
    settings.CONNECTIONS = {
        "GATEWAY_URL": fake.url,
        "PAYMENT_SECRET": fake.secret,
        "TIMEOUT": 3.0,  # a loaded CI machine answers a good request within it; faults sleep 5 s
        "BACKOFF_SECONDS": 10.0,
        "MAX_ATTEMPTS": 6,
        "PORTAL_SYNC": True,
    }
    return fake
