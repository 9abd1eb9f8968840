"""API fuzzing with schemathesis against our own OpenAPI document, as an official.

Bounded (a few examples per operation) so `make test` stays quick: no 500s, and every response
matches the documented schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from danvan.accounts.models import User
from danvan.accounts.services import create_token
from danvan.api.main import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
# Django's own WSGI handler, not danvan.wsgi: importing that starts the embedded jobs worker and
# its lease keeper in every test process (collection imports this file in each xdist worker).
application = get_wsgi_application()
schema.app = application
schema.location = "/api/v1/openapi.json"


@pytest.fixture
def token(db):
    return create_token(User.objects.get(username="clerk.hoankiem"))


@pytest.fixture(autouse=True)
def keep_test_connection():
    """Calling the WSGI app directly fires request_started/finished, whose handler closes the
    database connection; on PostgreSQL that kills the test's transaction. Django's own test
    client detaches the handler the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.django_db
def test_api_never_fails_and_matches_its_schema(case, token):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    response = case.call(app=application)
    assert response.status_code < 500, response.text[:300]
    if response.status_code < 400:
        case.validate_response(response, checks=[schemathesis.checks.response_schema_conformance])
