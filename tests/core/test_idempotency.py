"""Idempotency-Key on every API write (core.idempotency), shown on the dossier transition API
(dossier creation has its own test in tests/onestop/test_api.py)."""

import json

import pytest

from danvan.core.models import IdempotencyKey
from danvan.onestop.models import Dossier
from tests.conftest import error_code
from tests.onestop.conftest import NORMAL, api_payload


@pytest.fixture
def clerk(api_as):
    return api_as("clerk.hoankiem")


@pytest.fixture
def dossier(clerk):
    return clerk.post("/api/v1/dossiers", json.dumps(api_payload(NORMAL))).json()


def assign(client, d, key=None, **body):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    payload = {"action": "assign", "expected_version": d["version"], **body}
    return client.post(f"/api/v1/dossiers/{d['code']}/transitions", json.dumps(payload), **headers)


@pytest.mark.django_db
def test_a_repeated_transition_replays_the_first_answer_and_changes_nothing(clerk, dossier):
    first = assign(clerk, dossier, "chuyen-1")
    again = assign(clerk, dossier, "chuyen-1")
    assert first.status_code == 200 and again.status_code == 200
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Dossier.objects.get(code=dossier["code"]).version == dossier["version"] + 1
    # the same body with other spacing and key order is the same request
    payload = json.dumps({"expected_version": dossier["version"], "action": "assign"}, indent=2)
    spaced = clerk.post(
        f"/api/v1/dossiers/{dossier['code']}/transitions", payload, HTTP_IDEMPOTENCY_KEY="chuyen-1"
    )
    assert spaced.status_code == 200 and spaced["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
def test_without_a_key_the_repeat_runs_again(clerk, dossier):
    assert assign(clerk, dossier).status_code == 200
    assert error_code(assign(clerk, dossier)) == "dossier.version_conflict"


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused(clerk, dossier):
    assign(clerk, dossier, "chuyen-2")
    other = assign(clerk, dossier, "chuyen-2", reason="khác")
    assert other.status_code == 409 and error_code(other) == "idempotency.key_reused"


@pytest.mark.django_db
def test_an_error_is_not_kept_so_the_client_may_retry_with_the_key(clerk, dossier):
    stale = {**dossier, "version": dossier["version"] + 5}
    assert assign(clerk, stale, "chuyen-3").status_code == 409
    assert not IdempotencyKey.objects.filter(key="chuyen-3").exists()
    # a retry under the same key with the corrected body is a different request and runs
    assert assign(clerk, dossier, "chuyen-4").status_code == 200


@pytest.mark.django_db
def test_a_repeat_while_the_first_still_runs_is_refused(clerk, dossier, persona):
    path = f"POST /api/v1/dossiers/{dossier['code']}/transitions"
    first = assign(clerk, dossier, "chuyen-5")
    row = IdempotencyKey.objects.get(key="chuyen-5", scope=path)
    row.status = 0  # as the middleware leaves it while the first request runs
    row.save()
    busy = assign(clerk, dossier, "chuyen-5")
    assert first.status_code == 200
    assert busy.status_code == 409 and error_code(busy) == "idempotency.in_progress"


@pytest.mark.django_db
def test_keys_belong_to_their_caller(api_as, clerk, dossier):
    assign(clerk, dossier, "chung")
    other_clerk = api_as("clerk.bavi")  # the same key from someone else is their own request
    r = assign(other_clerk, dossier, "chung")
    assert r.status_code == 404 and "Idempotent-Replayed" not in r


@pytest.mark.django_db
def test_an_overlong_key_is_refused(clerk, dossier):
    r = assign(clerk, dossier, "k" * 201)
    assert r.status_code == 422 and error_code(r) == "idempotency.key_too_long"
    assert Dossier.objects.get(code=dossier["code"]).version == dossier["version"]
