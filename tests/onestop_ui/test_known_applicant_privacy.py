"""The known-applicant look-up of the online form reveals nothing to someone else."""

import pytest

from danvan.accounts.models import User
from danvan.audit.models import AuditEntry
from tests.onestop_ui.helpers import make_dossier

pytestmark = pytest.mark.django_db
URL = "/nop-truc-tuyen/thong-tin/"
NID = "001077000333"


@pytest.fixture
def earlier(db):
    return make_dossier(
        "00070",
        "1.004873",
        by=User.objects.get(username="clerk.hoankiem"),
        national_id=NID,
        name="Đỗ Minh Khôi",
        phone="0903111222",
        address="8 Lý Thái Tổ, Phường Hoàn Kiếm, Hà Nội",
    )


def test_an_id_and_a_phone_reveal_nothing_to_a_stranger(client, earlier, client_as):
    for c in (client, client_as("clerk.bavi")):
        page = c.get(URL, {"national_id": NID, "phone": "0903111222"}).content.decode()
        assert "Đỗ Minh Khôi" not in page and "Lý Thái Tổ" not in page


def test_the_signed_in_citizen_gets_her_own_data_only(client, earlier):
    citizen = User.objects.create_user("khoi", password="x" * 12, national_id=NID)
    client.force_login(citizen)
    own = client.get(URL, {"national_id": NID}).content.decode()
    assert "Đỗ Minh Khôi" in own
    other = client.get(URL, {"national_id": "001190012345"}).content.decode()
    assert "Nguyễn Thị Hằng" not in other
    assert AuditEntry.objects.filter(action="portal.prefill_answered", actor=citizen).count() == 1


def _answer(c, **query):
    response = c.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def test_another_signed_in_citizen_learns_nothing_and_the_attempt_is_audited(client, earlier):
    other = User.objects.get(username="congdan.hang")  # a citizen with a store of her own
    client.force_login(other)
    page = _answer(client, national_id=NID, phone="0903111222")
    assert "Đỗ Minh Khôi" not in page and "Lý Thái Tổ" not in page and "0903111222" not in page
    assert "data-name" not in page and "chính chủ đã đăng nhập" in page
    # The answer does not depend on whether the ID has dossiers: nothing to learn by trying IDs.
    assert page == _answer(client, national_id="001077999999", phone="0903111222")
    refused = AuditEntry.objects.filter(action="portal.prefill_refused", actor=other)
    assert refused.count() == 2 and NID not in str(refused.first().data)


def test_an_anonymous_visitor_learns_nothing_and_the_attempt_is_audited(client, earlier):
    before = AuditEntry.objects.filter(action="portal.prefill_refused").count()
    page = _answer(client, national_id=NID, phone="0903111222")
    assert "Đỗ Minh Khôi" not in page and "data-name" not in page
    assert page == _answer(client, national_id="001077999999", phone="0903111222")
    assert AuditEntry.objects.filter(action="portal.prefill_refused").count() == before + 2


def test_the_look_up_is_rate_limited(client, earlier, settings):
    settings.PUBLIC_RATE_LIMIT_PER_MINUTE = 3
    statuses = [client.get(URL, {"national_id": NID}).status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
