"""A petitioner is told about her petition (received, transferred, answered) through the same
notifications and outbox as her dossiers, with the topics she chose; the answer cannot be
turned off. Her preferences page lists the petition topics in Vietnamese and English."""

import pytest
from django.conf import settings
from django.core import mail

from danvan.connections.models import CitizenPreference, MessageState, OutboxMessage
from danvan.connections.services import notices, outbox
from danvan.core.models import Notification
from danvan.grassroots import notices as petition_notices
from danvan.grassroots import services
from tests.grassroots.conftest import make_petition, officer, ward  # noqa: F401 - fixtures

S = MessageState
HANG = "001190012345"  # congdan.hang


@pytest.fixture
def mine(make_petition):  # noqa: F811
    CitizenPreference.objects.filter(national_id=HANG).delete()
    OutboxMessage.objects.all().delete()

    def make(**kw):
        return make_petition(petitioner_national_id=HANG, petitioner_email="hang@example.vn", **kw)

    return make


def messages_about(petition, kind):
    notes = Notification.objects.filter(
        object_type="grassroots.petition", object_id=str(petition.pk), kind=kind
    )
    ids = [str(n.pk) for n in notes]
    return OutboxMessage.objects.filter(kind=notices.KIND, object_id__in=ids).order_by("id")


def prefer(**kw):
    return CitizenPreference.objects.update_or_create(national_id=HANG, defaults=kw)[0]


@pytest.mark.django_db
def test_the_answer_goes_through_the_outbox_even_when_she_muted_everything(mine, officer):  # noqa: F811
    prefer(sms=False, zalo=False, email=False, muted=list(notices.OPTIONAL))
    p = mine()
    p = services.apply(p, "route", by=officer, expected_version=p.version)
    p = services.apply(p, "answer", by=officer, expected_version=p.version, answer="Đã thu gom.")
    msgs = list(messages_about(p, petition_notices.ANSWERED))
    assert len(msgs) == 2 and {m.unit_id for m in msgs} == {p.unit_id}  # email and SMS, scoped
    outbox.drain()
    assert {m.state for m in messages_about(p, petition_notices.ANSWERED)} == {S.SENT}
    assert any(p.tracking_code in m.subject and "đã có trả lời" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_a_transfer_follows_her_topics(mine, officer):  # noqa: F811
    prefer(sms=True, zalo=False, email=True, muted=["grassroots.transferred"])
    muted = mine()
    muted = services.apply(muted, "transfer", by=officer, expected_version=muted.version,
                           reason="Không thuộc thẩm quyền", transferred_to="Sở Tài nguyên và Môi trường")  # fmt: skip
    outbox.drain()
    assert {m.state for m in messages_about(muted, petition_notices.TRANSFERRED)} == {S.SKIPPED}
    prefer(sms=True, zalo=False, email=True, muted=[])
    again = mine()
    again = services.apply(again, "transfer", by=officer, expected_version=again.version,
                           reason="Không thuộc thẩm quyền", transferred_to="Sở Xây dựng")  # fmt: skip
    outbox.drain()
    sent = messages_about(again, petition_notices.TRANSFERRED)
    assert sent.count() == 2 and {m.state for m in sent} == {S.SENT}


@pytest.mark.django_db
def test_the_filing_receipt_is_a_topic_and_the_answer_cannot_be_muted(mine, persona):
    p = mine()
    assert petition_notices.filed(p)  # email and SMS rows, each with its outbox message
    assert messages_about(p, petition_notices.FILED).count() == 2
    pref = notices.save_preference(
        persona("congdan.hang"),
        sms=True,
        zalo=False,
        email=True,
        muted=["grassroots.filed", "grassroots.answered"],
    )
    assert pref.muted == ["grassroots.filed"]  # the answer is required: never muted
    assert "grassroots.answered" in notices.REQUIRED
    assert notices.citizen_of(Notification.objects.filter(object_id=str(p.pk)).first()) == HANG


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("vi", ["Đơn phản ánh, kiến nghị", "Đã nhận đơn phản ánh, kiến nghị (mã theo dõi)",
                "Đơn được chuyển cơ quan có thẩm quyền", "Trả lời đơn phản ánh, kiến nghị"]),
        ("en", ["Petitions and feedback", "Petition received (tracking code)",
                "Petition transferred to the competent body", "Answer to a petition"]),
    ],
)  # fmt: skip
def test_her_page_lists_the_petition_topics(client_as, language, texts):
    client = client_as("congdan.hang")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/kho-cua-toi/thong-bao/").content.decode()
    for text in texts:
        assert text in html
    assert 'value="grassroots.answered" checked disabled' in html
