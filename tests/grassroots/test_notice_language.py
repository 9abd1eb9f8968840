"""A petitioner's notices (received, transferred, answered) are in the language saved on her
account — found by the petition's national ID, or by her email or phone when it has none —
and Vietnamese for a petitioner without an account."""

import pytest
from django.utils import translation

from danvan.accounts.models import User
from danvan.core.models import Notification
from danvan.grassroots import notices, services

HANG = "001190012345"  # congdan.hang


def note(petition, kind):
    return Notification.objects.filter(
        object_type="grassroots.petition", object_id=str(petition.pk), kind=kind
    ).first()


@pytest.mark.django_db
def test_her_petition_notices_are_in_english(make_petition, officer):
    User.objects.filter(national_id=HANG).update(language="en")
    with translation.override("vi"):
        p = make_petition(petitioner_national_id=HANG, petitioner_email="hang@example.vn")
        notices.filed(p)  # what the public form sends (public_views.submit)
        p = services.apply(p, "route", by=officer, expected_version=p.version)
        p = services.apply(p, "answer", by=officer, expected_version=p.version, answer="Đã xử lý.")
    filed = note(p, notices.FILED)
    assert filed.subject == f"Tracking code of your petition: {p.tracking_code}"
    assert filed.body.startswith("We have received your petition.")
    answered = note(p, notices.ANSWERED)
    assert answered.subject == f"Petition {p.tracking_code} has been answered"
    assert "Read the answer and rate it at" in answered.body


@pytest.mark.django_db
def test_a_petitioner_without_an_account_is_told_in_vietnamese(make_petition):
    with translation.override("en"):
        p = make_petition(petitioner_phone="0900000111")
        notices.filed(p)
    assert not User.objects.filter(phone="0900000111").exists()
    filed = note(p, notices.FILED)
    assert filed.subject == f"Mã theo dõi đơn {p.tracking_code}"
    assert filed.body.startswith("Đã nhận phản ánh, kiến nghị của ông/bà.")
