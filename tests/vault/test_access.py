"""Privacy: only an official handling an open dossier of the citizen opens the store; all logged."""

import pytest

from danvan.audit.models import AuditEntry
from danvan.core.errors import Invalid, NotFound
from danvan.onestop.services import Command, transition
from danvan.vault import access
from danvan.vault.models import AccessLog
from tests.vault.conftest import CITIZEN_A, stored


def test_mask_national_id():
    assert access.mask("001190012345") == "0011•••••345"
    assert access.mask("0101234567") == "0101•••567"


def test_official_handling_an_open_dossier_opens_the_store_and_it_is_logged(dossier_of_a, persona):
    specialist = persona("specialist.hoankiem")
    assert access.open_store(specialist, CITIZEN_A) == dossier_of_a
    row = AccessLog.objects.get(owner_id=CITIZEN_A, purpose="store")
    assert row.actor == specialist and row.allowed and row.dossier == dossier_of_a
    entry = AuditEntry.objects.filter(action="vault.store_opened").latest("id")
    assert entry.data["citizen"] == "0012•••••001" and entry.data["dossier"] == dossier_of_a.code


@pytest.mark.parametrize(
    "username", ["mobilizer.hoankiem", "clerk.bavi", "reporter.hanoi", "front.hanoi"]
)
def test_official_without_a_dossier_of_that_citizen_is_refused_and_audited(
    dossier_of_a, persona, username
):
    stored(CITIZEN_A, "id_card")
    with pytest.raises(NotFound):
        access.open_store(persona(username), CITIZEN_A)
    row = AccessLog.objects.get(owner_id=CITIZEN_A, allowed=False)
    assert row.actor == persona(username)
    assert AuditEntry.objects.filter(
        action="vault.access_refused", actor=persona(username)
    ).exists()


def test_store_closes_when_the_dossier_is_closed(dossier_of_a, persona):
    clerk = persona("clerk.hoankiem")
    transition(
        dossier_of_a.pk,
        Command("withdraw", dossier_of_a.version, reason="Công dân xin rút hồ sơ"),
        by=clerk,
    )
    with pytest.raises(NotFound):
        access.open_store(clerk, CITIZEN_A)


def test_dossier_in_another_ward_of_the_province_is_enough_for_its_own_officials(
    dossier_of_a, persona
):
    # Reception does not depend on residence: Ba Vì's clerk handles no dossier of A, Hoàn Kiếm's does.
    with pytest.raises(NotFound):
        access.open_store(persona("clerk.bavi"), CITIZEN_A)
    assert access.open_store(persona("clerk.hoankiem"), CITIZEN_A) == dossier_of_a


def test_malformed_national_id_is_invalid(persona):
    with pytest.raises(Invalid):
        access.open_store(persona("clerk.hoankiem"), "12345")


def test_citizen_opens_own_store(django_user_model):
    citizen = django_user_model.objects.create(username="an.citizen", national_id=CITIZEN_A)
    assert access.open_store(citizen, CITIZEN_A) is None
    assert AccessLog.objects.filter(owner_id=CITIZEN_A, actor=citizen, allowed=True).exists()
