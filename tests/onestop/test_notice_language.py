"""A citizen's notices about her dossier are written in the language saved on her account (found
by the dossier's national ID), whatever the official's page language; an applicant without an
account gets them in Vietnamese."""

import pytest
from django.utils import translation

from danvan.accounts.models import User
from danvan.core.models import Notification
from tests.onestop.conftest import applicant

HANG = "001190012345"  # congdan.hang, the demo's citizen with an account
NO_ACCOUNT = "001099000777"


def notes(dossier, kind):
    return Notification.objects.filter(object_id=str(dossier.pk), kind=f"onestop.{kind}")


@pytest.mark.django_db
def test_a_citizen_who_chose_english_is_told_in_english(receive):
    User.objects.filter(national_id=HANG).update(language="en")
    assert User.objects.filter(national_id=HANG).count() == 1
    with translation.override("vi"):  # the clerk's page is Vietnamese
        d = receive(applicant=applicant(national_id=HANG))
    received = list(notes(d, "received"))
    assert {n.channel for n in received} == {"email", "sms"}
    for note in received:
        assert note.subject == f"Dossier {d.code} received"
        assert note.body.startswith(f"{d.unit.name} received dossier {d.code} (")
        assert "Return date:" in note.body and "Track it:" in note.body


@pytest.mark.django_db
def test_an_applicant_without_an_account_is_told_in_vietnamese(receive):
    assert not User.objects.filter(national_id=NO_ACCOUNT).exists()
    with translation.override("en"):  # even when the clerk reads the pages in English
        d = receive(applicant=applicant(national_id=NO_ACCOUNT, email="binh@example.vn"))
    note = notes(d, "received").get(channel="email")
    assert note.subject == f"Đã tiếp nhận hồ sơ {d.code}"
    assert note.body.startswith(f"{d.unit.name} đã tiếp nhận hồ sơ {d.code} (")
    assert "Hẹn trả:" in note.body


@pytest.mark.django_db
def test_her_vietnamese_account_gets_vietnamese_and_the_fee_in_her_format(receive):
    from danvan.onestop.notifications import message

    User.objects.filter(national_id=HANG).update(language="vi")
    with translation.override("en"):
        d = receive(applicant=applicant(national_id=HANG))
    assert notes(d, "received").get(channel="sms").subject == f"Đã tiếp nhận hồ sơ {d.code}"
    d.fee_vnd = 1500000
    with translation.override("en"):
        assert "1,500,000 VND" in message(d, "payment")[1]
    with translation.override("vi"):
        assert "1.500.000 đ" in message(d, "payment")[1]


@pytest.mark.django_db
def test_every_notice_has_its_english():
    from danvan.onestop.notifications import TEMPLATES

    for subject, body in TEMPLATES.values():
        for text in (subject, body):
            with translation.override("vi"):
                vietnamese = str(text)
            with translation.override("en"):
                english = str(text)
            assert english != vietnamese and not any(c in english for c in "ăâđêôơưạảấầậ")
