"""Which language a citizen's notice is written in: her account's, found by national ID (or, with
no national ID, by the one account with that email or phone); Vietnamese otherwise."""

import pytest

from danvan.accounts.language import citizen_language
from danvan.accounts.models import User


@pytest.fixture
def hang(db):
    user = User.objects.create_user(
        "citizen.test", password="x", national_id="001190099999", email="t@example.vn",
        phone="0901234567", language="en",
    )  # fmt: skip
    return user


def test_her_account_by_national_id(hang):
    assert citizen_language(national_id="001190099999") == "en"
    assert citizen_language(national_id="001190099998") == "vi"  # no account


def test_a_national_id_wins_over_contacts(hang):
    """A dossier filed for a relative carries the relative's ID: her phone does not decide."""
    assert citizen_language(national_id="001190099998", phone="0901234567") == "vi"


def test_contacts_only_when_no_national_id_and_never_a_guess(hang):
    assert citizen_language(email="T@example.vn") == "en"
    assert citizen_language(phone="0901234567") == "en"
    User.objects.create_user("citizen.two", password="x", national_id="001190088888",
                             phone="0901234567", language="en")  # fmt: skip
    assert citizen_language(phone="0901234567") == "vi"  # two accounts share it
    assert citizen_language() == "vi"


def test_an_inactive_or_unsupported_account_gives_vietnamese(hang):
    hang.language = "fr"
    hang.save()
    assert citizen_language(national_id="001190099999") == "vi"
    hang.language, hang.is_active = "en", False
    hang.save()
    assert citizen_language(national_id="001190099999") == "vi"
