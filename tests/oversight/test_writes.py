"""Double submits and concurrent edits give one effect; bad input gets a clear Vietnamese
message (and a stable code in the API), never a 500."""

import datetime as dt
import json

import pytest

from danvan.oversight.models import Disclosure, Recommendation, Supervision
from tests.conftest import error_code
from tests.helpers import today
from tests.oversight.conftest import days_ago, front_of, reported_supervision

pytestmark = pytest.mark.django_db


def _plan_form(org):
    return {
        "title": "Giám sát việc thu phí vệ sinh môi trường", "organizer": org.pk, "form": "team",
        "subject_kind": "body", "subject": "Ủy ban nhân dân phường", "planned_on": today().isoformat(),
    }  # fmt: skip


def test_the_plan_form_submitted_twice_makes_one_supervision(client_as):
    from danvan.units.services import current_unit

    ward = current_unit("00070")
    client = client_as("front.hoankiem")
    data = {**_plan_form(front_of(ward)), "once_token": "plan-form-1"}
    first = client.post("/giam-sat/giam-sat/moi/", data)
    second = client.post("/giam-sat/giam-sat/moi/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Supervision.objects.filter(title=data["title"]).count() == 1


def test_the_plan_form_shows_vietnamese_errors(client_as):
    client = client_as("front.hoankiem")
    r = client.post(
        "/giam-sat/giam-sat/moi/", {"title": "ngắn", "planned_on": "31/02/2026", "form": "x"}
    )
    page = r.content.decode()
    assert r.status_code == 422
    assert "Ngày không hợp lệ (ngày/tháng/năm)." in page
    assert "Quá ngắn (ít nhất 10 ký tự)." in page
    assert "Lựa chọn không hợp lệ." in page
    assert "Không được để trống." in page


def test_a_recommendation_submitted_twice_is_sent_once(commune, officer, client):
    sup = reported_supervision(commune, officer)
    client.force_login(officer)
    data = {"addressee": "UBND phường", "content": "Niêm yết lại đủ 30 ngày.", "sent_on": today().isoformat(),
            "deadline_days": "10", "deadline_unit": "wd"}  # fmt: skip
    for _ in range(2):
        assert client.post(f"/giam-sat/giam-sat/{sup.pk}/kien-nghi/", data).status_code == 302
    assert Recommendation.objects.filter(supervision=sup).count() == 1
    sup.refresh_from_db()
    assert sup.state == "recommended"


def test_a_stale_page_action_changes_nothing_and_says_so(commune, officer, client):
    sup = reported_supervision(commune, officer)
    client.force_login(officer)
    form = {"action": "close", "expected_version": str(sup.version)}
    assert client.post(f"/giam-sat/giam-sat/{sup.pk}/chuyen/", form).status_code == 302
    again = client.post(f"/giam-sat/giam-sat/{sup.pk}/chuyen/", form, follow=True)
    assert "vừa được người khác (hoặc lần bấm trước) cập nhật" in again.content.decode()
    sup.refresh_from_db()
    assert sup.state == "closed" and sup.version == 3  # planned 0, conducted 1, reported 2


def test_api_create_is_idempotent_and_transitions_need_the_current_version(api_as):
    from danvan.units.services import current_unit

    api = api_as("front.hoankiem")
    body = {"unit": "00070", "organizer_id": front_of(current_unit("00070")).pk, "form": "documents",
            "subject_kind": "policy", "subject": "Chính sách hỗ trợ hộ nghèo",
            "title": "Giám sát bình xét hộ nghèo năm 2026", "planned_on": today().isoformat()}  # fmt: skip
    key = {"HTTP_IDEMPOTENCY_KEY": "ov-test-1"}
    a = api.post("/api/v1/oversight/supervisions", json.dumps(body), **key)
    b = api.post("/api/v1/oversight/supervisions", json.dumps(body), **key)
    assert a.status_code == b.status_code == 201 and a.json()["id"] == b.json()["id"]
    reused = api.post(
        "/api/v1/oversight/supervisions", json.dumps({**body, "title": "Khác hẳn nội dung"}), **key
    )
    assert reused.status_code == 409 and error_code(reused) == "idempotency.key_reused"
    sid = a.json()["id"]
    ok = api.post(f"/api/v1/oversight/supervisions/{sid}/transitions",
                  json.dumps({"action": "notify", "expected_version": 0}))  # fmt: skip
    assert ok.status_code == 200 and ok.json()["state"] == "notified"
    stale = api.post(f"/api/v1/oversight/supervisions/{sid}/transitions",
                     json.dumps({"action": "conduct", "expected_version": 0}))  # fmt: skip
    assert stale.status_code == 409 and error_code(stale) == "supervision.version_conflict"
    assert stale.json()["error"]["fields"]["version"] == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"addressee": "UBND", "content": "Kiến nghị không có hạn trả lời.", "sent_on": "today"}, 422,
         "recommendation.due_required"),
        ({"addressee": "UBND", "content": "Hạn trước ngày gửi kiến nghị.", "sent_on": "today",
          "due_on": "yesterday"}, 422, "recommendation.due_before_sent"),
        ({"addressee": "UBND", "content": "Gửi ở tương lai không được.", "sent_on": "tomorrow",
          "due_on": "next_month"}, 422, "recommendation.bad_sent_on"),
        ({"addressee": "UBND", "content": "Ngày không hợp lệ.", "sent_on": "2026-02-31"}, 422, "validation"),
        ({"addressee": "UBND", "content": "Đơn vị thời hạn sai.", "sent_on": "today", "deadline_days": 5,
          "deadline_unit": "h"}, 422, "validation"),
    ],
)  # fmt: skip
def test_api_bad_recommendations(commune, officer, api_as, body, status, code):
    sup = reported_supervision(commune, officer, ago=10)
    when = {"today": today(), "yesterday": today() - dt.timedelta(days=1), "tomorrow": today() + dt.timedelta(days=1),
            "next_month": today() + dt.timedelta(days=30)}  # fmt: skip
    body = {k: str(when.get(v, v)) if isinstance(v, str) else v for k, v in body.items()}
    r = api_as("front.test").post(
        f"/api/v1/oversight/supervisions/{sup.pk}/recommendations", json.dumps(body)
    )
    assert r.status_code == status, r.content
    if code != "validation":
        assert error_code(r) == code
    assert r.json()["error"]["message"]
    assert not Recommendation.objects.filter(supervision=sup).exists()


def test_api_malformed_json_and_unknown_records(api_as):
    api = api_as("front.hoankiem")
    r = api.post("/api/v1/oversight/supervisions", "{nope")
    assert r.status_code == 400 and error_code(r).startswith("request.")
    assert api.get("/api/v1/oversight/supervisions/999999999").status_code == 404
    assert api.get("/api/v1/oversight/recommendations?state=lost").status_code == 422


def test_recording_a_disclosure_twice_keeps_the_first(commune, officer, client):
    from danvan.oversight import services

    services.ensure_checklist(commune, today().year)
    d = Disclosure.objects.filter(unit=commune).order_by("due_on").first()
    client.force_login(officer)
    client.post(
        f"/giam-sat/cong-khai/{d.pk}/", {"disclosed_on": days_ago(3).isoformat(), "form": "website"}
    )
    client.post(
        f"/giam-sat/cong-khai/{d.pk}/", {"disclosed_on": days_ago(0).isoformat(), "form": "meeting"}
    )
    d.refresh_from_db()
    assert (d.disclosed_on, d.form) == (days_ago(3), "website")
    bad = client.post(
        f"/giam-sat/cong-khai/{d.pk}/", {"disclosed_on": "", "form": "x"}, follow=True
    )
    assert "Chưa ghi được" in bad.content.decode()
