"""Bad input gets the documented error JSON, never a 500 or an HTML page."""

import pytest
from django.test import Client


@pytest.fixture
def anon():
    return Client()


@pytest.mark.django_db
def test_unknown_unit_code_is_404_json(anon):
    response = anon.get("/api/v1/units/99999")
    assert response.status_code == 404
    body = response.json()["error"]
    assert body["code"] == "unit.not_found" and "99999" in body["message"]


@pytest.mark.django_db
def test_unknown_api_path_is_json_not_html(anon):
    response = anon.get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_bad_query_parameters_are_422_with_fields(anon):
    response = anon.get("/api/v1/units?page=0&page_size=10000&at=not-a-date")
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert {"page", "page_size", "at"} <= set(fields)


@pytest.mark.django_db
def test_malformed_json_body_is_400(api_as):
    client = api_as("clerk.hoankiem")
    response = client.post("/api/v1/me", "{not json")
    assert response.status_code in (400, 405)
    assert "error" in response.json()


@pytest.mark.django_db
def test_oversize_body_is_413(anon, settings):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = anon.post("/api/v1/units", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request.too_large"


@pytest.mark.django_db
def test_openapi_document_is_served(anon):
    response = anon.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_page_not_found_is_a_vietnamese_page(anon):
    response = anon.get("/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_a_validators_message_is_shown_without_pydantics_prefix(anon):
    r = anon.get("/api/v1/public/due-date?unit=00070&received_at=2026-12-01T08:00:00")
    assert r.status_code == 422
    messages = list(r.json()["error"]["fields"].values())
    assert messages == ["Cần đúng một trong hai tham số working_days hoặc working_hours."]
    assert "Value error" not in r.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/public/dialogues?unit=%00Z", "/api/v1/units?q=a%00b", "/api/v1/units?%00=1"]
)
def test_nul_character_in_the_query_is_422_not_a_database_error(anon, path):
    # PostgreSQL refuses NUL in a string literal; the request is refused before any query.
    response = anon.get(path)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "request.nul_character"


@pytest.mark.django_db
def test_nul_character_in_a_json_body_is_422(api_as):
    client = api_as("clerk.hoankiem")
    response = client.post(
        "/api/v1/dossiers", '{"procedure": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "request.nul_character"


@pytest.mark.django_db
def test_nul_character_on_a_page_is_the_400_page(anon):
    response = anon.get("/tra-cuu/?code=A%00B")
    assert response.status_code == 400
    assert "ký tự rỗng" in response.content.decode()
