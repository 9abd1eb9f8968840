"""The header's language switch saves a signed-in person's choice on her account (the emails and
SMS the platform sends her are written in it); anonymous visitors get only the cookie."""

import pytest
from django.conf import settings
from django.test import Client

from danvan.accounts.language import language_of, speaking
from danvan.accounts.models import User


@pytest.mark.django_db
def test_switching_saves_the_choice_and_switching_back_too(client_as, persona):
    client = client_as("clerk.hoankiem")
    assert persona("clerk.hoankiem").language == ""  # never chose: read as Vietnamese
    response = client.post("/ngon-ngu/setlang/", {"language": "en", "next": "/thu-tuc/"})
    assert (
        response.status_code == 302
        and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    )
    assert persona("clerk.hoankiem").language == "en"
    client.post("/ngon-ngu/setlang/", {"language": "vi", "next": "/"})
    assert persona("clerk.hoankiem").language == "vi"


@pytest.mark.django_db
def test_an_unsupported_language_is_not_saved_and_anonymous_switching_works(client_as, persona):
    client_as("clerk.hoankiem").post("/ngon-ngu/setlang/", {"language": "fr", "next": "/"})
    assert persona("clerk.hoankiem").language == ""
    response = Client().post("/ngon-ngu/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_speaking_renders_in_her_language_and_vietnamese_by_default():
    from django.utils.translation import gettext

    assert language_of(User(language="en")) == "en"
    assert language_of(User(language="")) == language_of(User(language="xx")) == "vi"
    with speaking(User(language="en")):
        assert gettext("Kiến nghị quá hạn trả lời") == "Recommendations overdue for an answer"
    with speaking(User()):
        assert gettext("Kiến nghị quá hạn trả lời") == "Kiến nghị quá hạn trả lời"
