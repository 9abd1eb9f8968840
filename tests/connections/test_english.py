"""The connections pages in English carry no Vietnamese-only text (the catalogue is complete);
message contents and notification texts are data, marked translate="no"."""

import pytest

from danvan.connections.models import OutboxMessage
from tests.i18n.test_languages import VIETNAMESE, page


def first_message() -> int:
    return (
        OutboxMessage.objects.filter(kind="notify").order_by("id").values_list("pk", flat=True)[0]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("admin", "/ket-noi/"),
        ("admin", "/ket-noi/?loai=notify"),
        ("admin", "/ket-noi/chua-dong-bo/"),
        ("admin", "message"),
        ("congdan.hang", "/kho-cua-toi/thong-bao/"),
    ],
)
def test_connections_pages_in_english(persona, path, client_as):
    if path == "message":
        path = f"/ket-noi/tin/{first_message()}/"
    texts = page(persona, path, "en", client_as)
    assert texts and [t for t in texts if VIETNAMESE.search(t)] == []
