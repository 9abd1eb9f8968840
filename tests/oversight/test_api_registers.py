"""The API's writes on the registers other than supervisions: criticism sessions, their comments
and the drafting body's responses; dialogues, questions, answers and commitments followed to the
end; boards and their members; the disclosure checklist. Each is scoped, idempotent with
Idempotency-Key (a double submit has one effect) and refuses bad input with 422 and a message
in Vietnamese."""

import datetime as dt
import json

import pytest

from danvan.accounts.models import Organization, OrganizationKind, Role, RoleGrant, User
from danvan.oversight.models import (
    Board,
    BoardMember,
    CriticismComment,
    CriticismSession,
    Dialogue,
    DialogueCommitment,
    Disclosure,
)
from tests.conftest import error_code
from tests.helpers import today

pytestmark = pytest.mark.django_db
API = "/api/v1/oversight"


def day(n: int) -> str:
    return (today() + dt.timedelta(days=n)).isoformat()


def post(api, path, body, key=None):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post(f"{API}{path}", json.dumps(body), **extra)


def vietnamese(r) -> str:
    message = r.json()["error"]["message"]
    assert any(ch in message for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    return message


@pytest.fixture
def api(officer, api_as):
    return api_as("front.test")


def test_a_criticism_with_comments_and_responses(commune, api):
    body = {"unit": commune.code, "draft_title": "Dự thảo quy chế quản lý chợ dân sinh phường",
            "drafting_body": "Phòng Kinh tế", "form": "conference", "held_on": day(-3)}  # fmt: skip
    a = post(api, "/criticisms", body, key="crit-1")
    b = post(api, "/criticisms", body, key="crit-1")
    assert a.status_code == b.status_code == 201, a.content
    assert a.json()["id"] == b.json()["id"]
    assert CriticismSession.objects.filter(unit=commune).count() == 1
    cid = a.json()["id"]
    comments = []
    for n in range(5):
        r = post(api, f"/criticisms/{cid}/comments",
                 {"author": f"Tổ dân phố số {n + 1}", "content": f"Góp ý điều {n + 1} của dự thảo."},
                 key=f"comment-{n}")  # fmt: skip
        assert r.status_code == 201, r.content
        comments.append(r.json()["id"])
    again = post(api, f"/criticisms/{cid}/comments",
                 {"author": "Tổ dân phố số 1", "content": "Góp ý điều 1 của dự thảo."})  # fmt: skip
    assert again.status_code == 201 and again.json()["id"] == comments[0]  # no key: still one
    assert CriticismComment.objects.filter(session_id=cid).count() == 5
    for pk in comments[:2]:
        r = post(api, f"/criticisms/{cid}/comments/{pk}/response", {"response": "taken_up"})
        assert r.status_code == 200 and r.json()["response"] == "taken_up"
    refused = post(api, f"/criticisms/{cid}/comments/{comments[2]}/response",
                   {"response": "not_taken"})  # fmt: skip
    assert refused.status_code == 422 and error_code(refused) == "criticism.reason_required"
    assert "giải trình" in vietnamese(refused)
    ok = post(api, f"/criticisms/{cid}/comments/{comments[2]}/response",
              {"response": "not_taken", "response_reason": "Trái với quy định của luật."})  # fmt: skip
    assert ok.status_code == 200 and ok.json()["response_reason"]
    assert api.get(f"{API}/criticisms/{cid}").json()["taken_up"] == 2
    bad = post(api, f"/criticisms/{cid}/comments/{comments[3]}/response", {"response": "maybe"})
    assert bad.status_code == 422 and vietnamese(bad)
    dates = post(api, "/criticisms", {**body, "draft_title": "Dự thảo khác có ngày sai thứ tự",
                                      "received_on": day(-5), "comments_due_on": day(-9)})  # fmt: skip
    assert dates.status_code == 422 and error_code(dates) == "criticism.bad_dates"
    assert vietnamese(dates)


def test_a_dialogue_with_questions_answers_and_commitments_followed_to_the_end(commune, api):
    body = {"unit": commune.code, "title": "Đối thoại về trật tự đô thị", "chair": "Chủ tịch UBND phường",
            "held_on": day(-20), "place": "Hội trường phường", "notice_published_on": day(-25),
            "citizens": 80}  # fmt: skip
    a = post(api, "/dialogues", body, key="dial-1")
    b = post(api, "/dialogues", body, key="dial-1")
    assert a.status_code == b.status_code == 201 and a.json()["id"] == b.json()["id"]
    assert a.json()["level"] == "commune" and a.json()["warnings"]  # notice 5 days before
    did = a.json()["id"]
    q = post(api, f"/dialogues/{did}/questions",
             {"asked_by": "Ông Nguyễn Văn A", "topic": "Lấn chiếm vỉa hè ngõ 12"}, key="q-1")  # fmt: skip
    assert q.status_code == 201 and q.json()["answer"] == ""
    answered = post(api, f"/dialogues/{did}/questions/{q.json()['id']}/answer",
                    {"answer": "Phường ra quân xử lý trong tháng.", "answered_by": "Chủ tịch UBND phường"})  # fmt: skip
    assert answered.status_code == 200 and answered.json()["answered_by"] == "Chủ tịch UBND phường"
    short = post(api, f"/dialogues/{did}/questions/{q.json()['id']}/answer",
                 {"answer": "Ừ", "answered_by": "Chủ tịch"})  # fmt: skip
    assert short.status_code == 422 and vietnamese(short)
    commitment = {
        "content": "Lắp biển cấm đỗ xe ngõ 12",
        "owner": "Công an phường",
        "due_on": day(-5),
    }
    c1 = post(api, f"/dialogues/{did}/commitments", commitment, key="c-1")
    c2 = post(api, f"/dialogues/{did}/commitments", commitment, key="c-1")
    c3 = post(api, f"/dialogues/{did}/commitments", commitment)  # no key: the same one
    assert c1.status_code == c2.status_code == c3.status_code == 201
    assert c1.json()["id"] == c2.json()["id"] == c3.json()["id"]
    assert DialogueCommitment.objects.filter(dialogue_id=did).count() == 1
    assert c1.json()["state"] == "overdue" and c1.json()["overdue"] is True
    cid = c1.json()["id"]
    empty = post(api, f"/dialogues/{did}/commitments/{cid}/progress", {"progress": ""})
    assert empty.status_code == 422 and error_code(empty) == "dialogue.progress_required"
    assert vietnamese(empty)
    p = post(api, f"/dialogues/{did}/commitments/{cid}/progress",
             {"progress": "Đã đặt mua biển, chờ lắp."}, key="p-1")  # fmt: skip
    assert p.status_code == 200 and p.json()["progress_on"] == today().isoformat()
    assert p.json()["state"] == "overdue"
    future = post(api, f"/dialogues/{did}/commitments/{cid}/progress", {"done_on": day(3)})
    assert future.status_code == 422 and error_code(future) == "dialogue.bad_done_on"
    done = post(api, f"/dialogues/{did}/commitments/{cid}/progress",
                {"progress": "Đã lắp biển.", "done_on": day(-1)})  # fmt: skip
    assert done.status_code == 200 and done.json()["state"] == "done_late"
    assert done.json()["overdue"] is False
    detail = api.get(f"{API}/dialogues/{did}").json()
    assert detail["commitments"][0]["state"] == "done_late" and detail["questions"][0]["answer"]
    early = post(api, f"/dialogues/{did}/commitments",
                 {"content": "Cam kết có hạn trước hội nghị", "owner": "UBND", "due_on": day(-30)})  # fmt: skip
    assert early.status_code == 422 and error_code(early) == "dialogue.bad_commitment_due_on"
    late_notice = post(api, "/dialogues", {**body, "title": "Thông báo sau ngày họp",
                                           "notice_published_on": day(-10)})  # fmt: skip
    assert late_notice.status_code == 422 and error_code(late_notice) == "dialogue.bad_dates"
    assert vietnamese(late_notice)
    assert Dialogue.objects.filter(unit=commune).count() == 1


def test_a_board_and_its_members(commune, api):
    body = {"unit": commune.code, "kind": "inspection", "name": f"Ban Thanh tra nhân dân {commune.name}",
            "term_start": "2024-01-01", "villages": 8}  # fmt: skip
    a = post(api, "/boards", body, key="board-1")
    b = post(api, "/boards", body, key="board-1")
    assert a.status_code == b.status_code == 201 and a.json()["id"] == b.json()["id"]
    bid = a.json()["id"]
    member = {"full_name": "Trần Thị Bình", "position": "head", "term_start": "2024-01-01"}
    m1 = post(api, f"/boards/{bid}/members", member, key="m-1")
    m2 = post(api, f"/boards/{bid}/members", member, key="m-1")
    m3 = post(api, f"/boards/{bid}/members", member)
    assert m1.status_code == m2.status_code == m3.status_code == 201
    assert m1.json()["id"] == m2.json()["id"] == m3.json()["id"]
    assert BoardMember.objects.filter(board_id=bid).count() == 1
    second_head = post(api, f"/boards/{bid}/members", {**member, "full_name": "Lê Văn Cường"})
    assert second_head.status_code == 422 and error_code(second_head) == "board.head_exists"
    shown = api.get(f"{API}/boards/{bid}").json()
    assert shown["active_members"] == 1 and shown["warnings"]  # fewer than 5 members
    again = post(api, "/boards", {**body, "name": "Ban Thanh tra nhân dân thứ hai"})
    assert again.status_code == 422 and error_code(again) == "board.inspection_exists"
    assert vietnamese(again)
    no_project = post(api, "/boards", {**body, "kind": "investment", "name": "Ban giám sát đầu tư"})
    assert no_project.status_code == 422 and error_code(no_project) == "board.project_required"
    bad_kind = post(api, "/boards", {**body, "kind": "other"})
    assert bad_kind.status_code == 422 and vietnamese(bad_kind)
    assert Board.objects.filter(unit=commune).count() == 1


def test_the_disclosure_checklist_once(commune, api):
    year = today().year
    a = post(api, "/disclosures/checklist", {"unit": commune.code, "year": year}, key="chk-1")
    assert a.status_code == 200 and a.json()["added"] > 0
    b = post(api, "/disclosures/checklist", {"unit": commune.code, "year": year})
    assert b.status_code == 200 and b.json()["added"] == 0
    assert Disclosure.objects.filter(unit=commune, year=year).count() == a.json()["added"]
    bad = post(api, "/disclosures/checklist", {"unit": commune.code, "year": 2022})
    assert bad.status_code == 422 and vietnamese(bad)


def test_writes_are_scoped(commune, officer, api_as):
    body = {"unit": commune.code, "title": "Đối thoại ngoài phạm vi", "chair": "Chủ tịch",
            "held_on": day(-2), "place": "Nhà văn hóa"}  # fmt: skip
    other = post(api_as("front.hoankiem"), "/dialogues", body)
    assert other.status_code == 404  # another ward's officer does not see this ward
    reader = post(api_as("mobilizer.hanoi"), "/dialogues", body)
    assert reader.status_code == 403 and error_code(reader) == "oversight.read_only"
    women = User.objects.create_user("women.test", password="x", full_name="Cán bộ Hội Phụ nữ")
    women_union = Organization.objects.get(unit=commune, kind=OrganizationKind.WOMENS_UNION)
    RoleGrant.objects.create(
        user=women, role=Role.FRONT_OFFICER, unit=commune, organization=women_union
    )
    org = post(api_as("women.test"), "/dialogues", body)
    assert org.status_code == 403 and error_code(org) == "oversight.read_only"
    assert not Dialogue.objects.filter(title="Đối thoại ngoài phạm vi").exists()


def test_the_openapi_schema_lists_the_writes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/criticisms", "/criticisms/{crit_id}/comments",
                 "/criticisms/{crit_id}/comments/{comment_id}/response", "/dialogues",
                 "/dialogues/{dialogue_id}/questions", "/dialogues/{dialogue_id}/questions/{question_id}/answer",
                 "/dialogues/{dialogue_id}/commitments",
                 "/dialogues/{dialogue_id}/commitments/{commitment_id}/progress", "/boards",
                 "/boards/{board_id}/members", "/disclosures/checklist"):  # fmt: skip
        assert "post" in paths[f"{API}{path}"], path
