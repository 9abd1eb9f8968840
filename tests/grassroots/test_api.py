"""The officials' API: idempotent intake, transitions with versions, suggestions, grouping."""

from danvan.grassroots.models import Petition

BODY = {
    "unit": "00070",
    "kind": "recommendation",
    "category": "infrastructure",
    "channel": "reception",
    "description": "Đề nghị sửa đèn chiếu sáng ngõ 45 Lý Thái Tổ bị hỏng cả tháng nay.",
    "petitioner_name": "Lê Văn Tâm",
    "people_count": 6,
    "representatives": 2,
}


def test_create_is_idempotent(api_as):
    api = api_as("petitions.hoankiem")
    first = api.post("/api/v1/petitions", BODY, HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post("/api/v1/petitions", BODY, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["tracking_code"] == again.json()["tracking_code"]
    assert Petition.objects.filter(petitioner_name="Lê Văn Tâm").count() == 1
    other = api.post("/api/v1/petitions", {**BODY, "people_count": 7}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency.key_reused"


def test_transitions_and_versions(api_as):
    api = api_as("petitions.hoankiem")
    p = api.post("/api/v1/petitions", BODY).json()
    url = f"/api/v1/petitions/{p['tracking_code']}/transitions"
    ok = api.post(url, {"action": "route", "expected_version": p["version"]})
    assert ok.status_code == 200 and ok.json()["state"] == "routed"
    stale = api.post(url, {"action": "start", "expected_version": p["version"]})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "petition.version_conflict"
    v = ok.json()["version"]
    empty = api.post(url, {"action": "answer", "expected_version": v, "answer": ""})
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "petition.answer_required"
    unknown = api.post(url, {"action": "vanish", "expected_version": v})
    assert unknown.status_code == 422
    mobilizer = api_as("mobilizer.hoankiem").post(url, {"action": "start", "expected_version": v})
    assert mobilizer.status_code == 403
    assert api_as("leader.bavi").get(f"/api/v1/petitions/{p['tracking_code']}").status_code == 404


def test_bad_input(api_as):
    api = api_as("petitions.hoankiem")
    for body in (
        {**BODY, "unit": "99999"},
        {**BODY, "people_count": 0},
        {**BODY, "kind": "x"},
        {"unit": "00070"},
    ):
        r = api.post("/api/v1/petitions", body)
        assert r.status_code in (404, 422) and "error" in r.json()
    assert api.post("/api/v1/petitions", "{bad", content_type="application/json").status_code == 400


def test_suggestions_and_group(api_as):
    api = api_as("petitions.hoankiem")
    a = api.post("/api/v1/petitions", BODY).json()
    b = api.post(
        "/api/v1/petitions",
        {**BODY, "description": "den duong ngo 45 ly thai to bi hong, de nghi sua"},
    ).json()
    found = api.get(f"/api/v1/petitions/{b['tracking_code']}/suggestions").json()
    assert found[0]["tracking_code"] == a["tracking_code"] and found[0]["duplicate"]
    g = api.post(
        f"/api/v1/petitions/{a['tracking_code']}/group", {"title": "Đèn ngõ 45 Lý Thái Tổ"}
    ).json()
    g2 = api.post(
        f"/api/v1/petitions/{b['tracking_code']}/group", {"matter_id": g["matter_id"]}
    ).json()
    assert g2["matter_id"] == g["matter_id"]
    # 6 people at a reception day: the hot-spot rule "5+" lists it
    hot = api.get("/api/v1/hotspots?unit=00070").json()["items"]
    assert any(
        h["matter_id"] == g["matter_id"] and h["reasons"][0]["rule"] == "reception-5" for h in hot
    )
