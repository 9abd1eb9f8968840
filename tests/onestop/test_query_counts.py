"""Intake and transitions on the workflow engine cost no more queries than before it (issue 8:
22 for a counter intake, 16 for an online one and for its receipt, 12 for an assignment).

Since notifications are delivered by a background job (issue 8 item 5), a counter intake that
notifies the applicant costs 5 more: a savepoint pair, the job row, the task row and the job's task
id — 27 in all, and 17 for the receipt of an online dossier.

Measured inside the test's transaction (savepoints count), with the official's grants already
read, as a request's permission check leaves them."""

import pytest

from danvan.accounts import scope
from danvan.onestop import intake
from danvan.onestop.services import Command, transition
from tests.onestop.conftest import NORMAL, full_request


@pytest.fixture
def clerk(persona):
    user = persona("clerk.hoankiem")
    scope.roles_of(user)
    return user


@pytest.mark.django_db
def test_counter_intake_queries(hoan_kiem, clerk, django_assert_max_num_queries):
    req = full_request(NORMAL)
    with django_assert_max_num_queries(27):
        intake.register(req, unit=hoan_kiem, by=clerk, received=True)


@pytest.mark.django_db
def test_online_intake_and_receipt_queries(hoan_kiem, clerk, django_assert_max_num_queries):
    req = full_request(NORMAL)
    with django_assert_max_num_queries(13):
        d = intake.register(req, unit=hoan_kiem, by=None, received=False)
    with django_assert_max_num_queries(17):  # 12, and the notification job's 5
        transition(d.pk, Command("receive", d.version), by=clerk)


@pytest.mark.django_db
def test_a_transition_queries(hoan_kiem, clerk, django_assert_max_num_queries):
    d = intake.register(full_request(NORMAL), unit=hoan_kiem, by=clerk, received=True)
    with django_assert_max_num_queries(10):
        transition(d.pk, Command("assign", d.version), by=clerk)
