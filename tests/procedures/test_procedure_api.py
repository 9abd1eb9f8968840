from danvan.procedures.api import ProcedureDetailOut, router
from tests.conftest import error_code

URL = "/api/v1/procedures"


def test_list_is_public_and_paginated(client, catalogue):
    response = client.get(URL, {"page_size": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 21 and body["pages"] == 5 and len(body["items"]) == 5


def test_filter_by_field_and_no_wait(client, catalogue):
    body = client.get(URL, {"field": "Chứng thực", "no_wait": "true"}).json()
    assert {p["code"] for p in body["items"]} == {"2.000815", "2.000884", "2.000913"}
    assert all(p["is_no_wait"] and p["has_no_appointment"] for p in body["items"])
    assert client.get(URL, {"no_wait": "false"}).json()["count"] == 14


def test_search_by_name_or_code(client, catalogue):
    by_name = client.get(URL, {"q": "khai tử"}).json()
    assert [p["code"] for p in by_name["items"]] == ["1.000656"]
    by_code = client.get(URL, {"q": "1.004873"}).json()
    assert by_code["count"] == 1 and by_code["items"][0]["name"].startswith(
        "Thủ tục cấp Giấy xác nhận"
    )


def test_filter_by_online_level(client, catalogue):
    body = client.get(URL, {"online_level": "full"}).json()
    assert {p["code"] for p in body["items"]} == {"2.000986", "1.001612"}
    assert client.get(URL, {"online_level": "nonsense"}).status_code == 422


def test_unconfirmed_time_and_fee_are_null_with_text(client, catalogue):
    body = client.get(f"{URL}/1.001776").json()
    assert body["time_value"] is None and body["time_unit"] is None
    assert body["time_text"] == "Chưa xác nhận"
    assert body["fee_vnd"] is None and body["fee_text"] == "Chưa xác nhận"
    assert len(body["steps"]) == 5 and all(s["budget_hours"] == 8 for s in body["steps"])


def test_detail_has_components_and_steps(client, catalogue):
    body = client.get(f"{URL}/2.000815").json()
    assert body["time_value"] == 0 and body["time_unit"] == "same_day"
    assert body["time_text"] == "Trong ngày làm việc"
    assert body["fee_vnd"] == 2000 and body["fee_text"] == "2.000 đ"
    assert body["components"][0]["shown_only"] is True
    assert body["components"][1]["copy_kind"] == "copy"
    assert [s["role"] for s in body["steps"]][:2] == ["counter_clerk", "specialist"]
    assert body["source_urls"][0].startswith("https://github.com/tnt305/")


def test_unknown_code_is_404_with_error_code(client, catalogue):
    response = client.get(f"{URL}/9.999999")
    assert response.status_code == 404
    assert error_code(response) == "procedure.not_found"
    assert "9.999999" in response.json()["error"]["message"]
    assert response.json()["error"]["message"].startswith("Không có thủ tục")


def test_openapi_schema_is_typed():
    # The schemas that /api/v1/openapi.json publishes for this router.
    assert any(path == "/{code}" for path in router.path_operations)
    detail = ProcedureDetailOut.model_json_schema()
    props = detail["properties"]
    assert props["time_value"]["anyOf"] == [{"type": "number"}, {"type": "null"}]
    assert props["components"]["items"]["$ref"].endswith("ComponentOut")
    assert set(props["online_level"]["enum"]) == {"full", "partial", "info", "unknown"}
