"""The API's lists: scoped, filtered, paginated; the public dialogue results need no login."""

import pytest

pytestmark = pytest.mark.django_db


def test_lists_filter_and_paginate(api_as):
    api = api_as("front.hanoi")
    city = api.get("/api/v1/oversight/supervisions?level=city&page_size=500").json()
    assert city["count"] >= 3 and {r["level"] for r in city["items"]} == {"city"}
    first = api.get("/api/v1/oversight/supervisions?page_size=2&page=1").json()
    assert len(first["items"]) == 2 and first["pages"] >= 5
    overdue = api.get("/api/v1/oversight/recommendations?overdue=true&page_size=500").json()
    assert overdue["count"] >= 3 and all(r["overdue"] for r in overdue["items"])
    disc = api.get("/api/v1/oversight/disclosures?unit=00070&status=overdue").json()
    assert disc["count"] >= 1 and {r["status"] for r in disc["items"]} == {"overdue"}
    boards = api.get("/api/v1/oversight/boards?unit=00070").json()["items"]
    inspection = next(b for b in boards if b["kind"] == "inspection")
    assert inspection["active_members"] == 4 and inspection["warnings"]
    dialogues = api.get("/api/v1/oversight/dialogues?level=city").json()
    assert dialogues["count"] >= 1
    assert api.get("/api/v1/oversight/supervisions?level=province").status_code == 422


def test_detail_has_history_allowed_actions_and_warnings(api_as):
    api = api_as("front.hoankiem")
    items = api.get("/api/v1/oversight/supervisions?unit=00070&state=recommended").json()["items"]
    detail = api.get(f"/api/v1/oversight/supervisions/{items[0]['id']}").json()
    assert [s["action"] for s in detail["history"]][:3] == ["plan", "notify", "conduct"]
    assert "follow_up" in detail["allowed_actions"]
    read_only = (
        api_as("mobilizer.hoankiem").get(f"/api/v1/oversight/supervisions/{items[0]['id']}").json()
    )
    assert read_only["allowed_actions"] == []


def test_public_dialogue_results_need_no_login(client):
    body = client.get("/api/v1/public/dialogues?unit=00070").json()
    assert body["count"] >= 2
    assert all(r["results_published_on"] for r in body["items"])
    assert client.get("/api/v1/oversight/dialogues").status_code == 401
    page = client.get("/giam-sat/cong-dan/cong-khai/00070/")
    assert (
        page.status_code == 200 and "Thủ tục hành chính do xã giải quyết" in page.content.decode()
    )
    assert client.get("/giam-sat/cong-dan/cong-khai/99999/").status_code == 404
