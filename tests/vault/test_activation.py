"""Citizen accounts verified at the counter: a one-time code from the clerk, used once within 24 hours."""

import datetime as dt

import pytest
from django.utils import timezone

from danvan.audit.models import AuditEntry
from danvan.core.errors import Forbidden, Invalid
from danvan.vault import accounts
from danvan.vault.models import ActivationCode
from tests.vault.conftest import CITIZEN_A, stored

PASSWORD = "Kho-du-lieu-2026"  # noqa: S105 - test only


def test_clerk_issues_code_citizen_activates_once(persona, hoan_kiem, client):
    code = accounts.issue_code(
        CITIZEN_A, "Đinh Thị An", by=persona("clerk.hoankiem"), unit=hoan_kiem
    )
    assert len(code) == 9 and code[4] == "-"
    assert AuditEntry.objects.filter(
        action="vault.activation_issued", data__citizen="0012•••••001"
    ).exists()
    stored(CITIZEN_A, "id_card")
    response = client.post(
        "/kho-cua-toi/kich-hoat/",
        {"national_id": CITIZEN_A, "code": code, "username": "dinh.an", "password": PASSWORD},
    )
    assert response.status_code == 302 and response.url == "/kho-cua-toi/"
    assert "Căn cước công dân" in client.get("/kho-cua-toi/").content.decode()
    with pytest.raises(Invalid):
        accounts.activate(CITIZEN_A, code, "dinh.an2", PASSWORD)


def test_wrong_national_id_wrong_code_and_expired_code_are_refused(persona, hoan_kiem):
    code = accounts.issue_code(
        CITIZEN_A, "Đinh Thị An", by=persona("clerk.hoankiem"), unit=hoan_kiem
    )
    with pytest.raises(Invalid):
        accounts.activate("001204500002", code, "x.y", PASSWORD)
    with pytest.raises(Invalid):
        accounts.activate(
            CITIZEN_A, "0000-0000" if code != "0000-0000" else "1111-1111", "x.y", PASSWORD
        )
    ActivationCode.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(Invalid):
        accounts.activate(CITIZEN_A, code, "x.y", PASSWORD)


def test_five_wrong_codes_burn_the_code(persona, hoan_kiem):
    code = accounts.issue_code(
        CITIZEN_A, "Đinh Thị An", by=persona("clerk.hoankiem"), unit=hoan_kiem
    )
    wrong = "0000-0001" if code != "0000-0001" else "0000-0002"
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(Invalid):
            accounts.activate(CITIZEN_A, wrong, "x.y", PASSWORD)
    with pytest.raises(Invalid):
        accounts.activate(CITIZEN_A, code, "x.y", PASSWORD)


def test_only_counter_clerks_of_the_unit_issue_codes(persona, hoan_kiem, client_as):
    for username in ("clerk.bavi", "specialist.hoankiem"):
        with pytest.raises(Forbidden):
            accounts.issue_code(CITIZEN_A, "Đinh Thị An", by=persona(username), unit=hoan_kiem)
    assert (
        client_as("specialist.hoankiem")
        .post("/kho-du-lieu/cap-ma/", {"national_id": CITIZEN_A, "full_name": "An"})
        .status_code
        == 403
    )
    page = client_as("clerk.hoankiem").post(
        "/kho-du-lieu/cap-ma/", {"national_id": CITIZEN_A, "full_name": "An"}
    )
    assert (
        page.status_code == 200
        and "Mã kích hoạt cho công dân 0012•••••001" in page.content.decode()
    )


def test_new_code_recovers_the_existing_account(persona, hoan_kiem, django_user_model):
    user = django_user_model.objects.create(username="an.citizen", national_id=CITIZEN_A)
    code = accounts.issue_code(
        CITIZEN_A, "Đinh Thị An", by=persona("clerk.hoankiem"), unit=hoan_kiem
    )
    assert accounts.activate(CITIZEN_A, code, "", PASSWORD) == user
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
