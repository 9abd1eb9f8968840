"""The home page explains every role the official holds (each role has its hint)."""

import pytest

from danvan.accounts.models import Role
from danvan.core.views import ROLE_HINTS


def test_every_role_has_a_hint():
    assert set(ROLE_HINTS) == set(Role)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["judge.hanoi", "petitions.hoankiem", "clerk.hoankiem"])
def test_the_home_page_of_each_role(client_as, username):
    response = client_as(username).get("/")
    assert response.status_code == 200
    assert all(str(hint) in response.content.decode() for hint in _hints_of(username))


def _hints_of(username):
    from danvan.accounts import scope
    from danvan.accounts.models import User

    return [str(ROLE_HINTS[Role(r)]) for r in scope.roles_of(User.objects.get(username=username))]
