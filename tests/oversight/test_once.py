"""Every oversight form that writes carries a one-time token (``{% once_field %}``): the same form
sent twice (double click, resent page) has one effect and says so; a fresh form writes again."""

import datetime as dt
import re

import pytest

from danvan.audit.models import AuditEntry
from danvan.jobs.models import Job
from danvan.oversight.models import (
    CriticismComment,
    CriticismSession,
    Dialogue,
    DialogueCommitment,
    Disclosure,
    Recommendation,
    Supervision,
)
from tests.helpers import today
from tests.oversight.conftest import front_of, recommend, reported_supervision

pytestmark = pytest.mark.django_db
REPLAYED = "Biểu mẫu này đã được gửi; không ghi thêm lần nữa."
TOKEN = re.compile(r'name="once_token" value="([0-9a-f]{32})"')


def tokens(client, url) -> list[str]:
    page = client.get(url)
    assert page.status_code == 200
    found = TOKEN.findall(page.content.decode())
    assert found and len(set(found)) == len(found)  # one fresh token per form on the page
    return found


def twice(client, url, data):
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert second.redirect_chain[0][0] == first["Location"]
    assert REPLAYED in second.content.decode()
    return first


def audits(action) -> int:
    return AuditEntry.objects.filter(action=action).count()


@pytest.fixture
def session(commune, officer):
    return CriticismSession.objects.create(
        unit=commune, draft_title="Dự thảo quy chế quản lý chợ dân sinh", drafting_body="UBND",
        form="conference", held_on=today() - dt.timedelta(days=2),
    )  # fmt: skip


@pytest.fixture
def dialogue(commune):
    return Dialogue.objects.create(
        unit=commune, level="commune", title="Đối thoại về điểm tập kết rác", chair="Chủ tịch UBND",
        held_on=today() - dt.timedelta(days=3), place="Nhà văn hóa",
        notice_published_on=today() - dt.timedelta(days=12),
    )  # fmt: skip


def test_the_plan_form_makes_one_supervision_per_token_and_two_for_two_forms(commune, officer, client):  # fmt: skip
    client.force_login(officer)
    url = "/giam-sat/giam-sat/moi/"
    data = {"title": "Giám sát việc thu phí vệ sinh môi trường", "organizer": front_of(commune).pk,
            "form": "team", "subject_kind": "body", "subject": "Ủy ban nhân dân phường",
            "planned_on": today().isoformat()}  # fmt: skip
    first = twice(client, url, {**data, "once_token": tokens(client, url)[0]})
    sup = Supervision.objects.get(unit=commune, title=data["title"])
    assert AuditEntry.objects.filter(object_id=str(sup.pk), action__startswith="oversight.supervision").count() == 1  # fmt: skip
    assert first["Location"] == f"/giam-sat/giam-sat/{sup.pk}/"
    # another organization plans a supervision of the same title the same day: a second record
    client.post(url, {**data, "once_token": tokens(client, url)[0]})
    assert Supervision.objects.filter(unit=commune, title=data["title"]).count() == 2


def test_the_plan_form_keeps_its_token_when_it_comes_back_with_errors(officer, client):
    client.force_login(officer)
    bad = client.post("/giam-sat/giam-sat/moi/", {"title": "ngắn", "once_token": "a" * 32})
    assert bad.status_code == 422
    assert 'name="once_token" value="' + "a" * 32 + '"' in bad.content.decode()


def test_a_recommendation_form_sent_twice_sends_one(commune, officer, client):
    sup = reported_supervision(commune, officer)
    client.force_login(officer)
    token = tokens(client, f"/giam-sat/giam-sat/{sup.pk}/")[-1]
    url = f"/giam-sat/giam-sat/{sup.pk}/kien-nghi/"
    for content in ("Niêm yết lại đủ 30 ngày.", "Niêm yết lại đủ 30 ngày liên tục."):
        data = {"addressee": "UBND phường", "content": content, "sent_on": today().isoformat(),
                "deadline_days": "10", "deadline_unit": "wd", "once_token": token}  # fmt: skip
        client.post(url, data)
    # the same token: the second (even with edited text) is the resent first form
    assert Recommendation.objects.filter(supervision=sup).count() == 1


def test_a_transition_sent_twice_with_its_token_is_applied_once_and_says_so(commune, officer, client):  # fmt: skip
    sup = reported_supervision(commune, officer)
    client.force_login(officer)
    page = client.get(f"/giam-sat/giam-sat/{sup.pk}/").content.decode()
    close = re.search(r'id="action-close">.*?value="([0-9a-f]{32})"', page, re.S)
    assert close, "the close form carries a token"
    form = {"action": "close", "expected_version": str(sup.version), "once_token": close[1]}
    twice(client, f"/giam-sat/giam-sat/{sup.pk}/chuyen/", form)
    sup.refresh_from_db()
    assert sup.state == "closed" and sup.version == 3


def test_criticism_session_comment_and_response_are_written_once(commune, officer, session, client):  # fmt: skip
    client.force_login(officer)
    data = {"draft_title": "Dự thảo quy định về trông giữ xe", "drafting_body": "Phòng Kinh tế",
            "form": "conference", "held_on": today().isoformat()}  # fmt: skip
    twice(client, "/giam-sat/phan-bien/", {**data, "once_token": tokens(client, "/giam-sat/phan-bien/")[0]})  # fmt: skip
    assert CriticismSession.objects.filter(draft_title=data["draft_title"]).count() == 1

    url = f"/giam-sat/phan-bien/{session.pk}/"
    comment = {"author": "Ông Nguyễn Văn Bình", "content": "Nên giữ lối đi cho xe cứu thương."}
    twice(client, url, {**comment, "once_token": tokens(client, url)[-1]})
    assert session.comments.count() == 1
    m = session.comments.get()
    before = audits("oversight.criticism.response")
    answer = {"response": "partly", "response_reason": "Tiếp thu một phần.",
              "once_token": tokens(client, url)[0]}  # fmt: skip
    twice(client, f"/giam-sat/phan-bien/y-kien/{m.pk}/", answer)
    assert audits("oversight.criticism.response") == before + 1
    assert CriticismComment.objects.get(pk=m.pk).response == "partly"


def test_dialogue_results_and_commitments_are_written_once(commune, officer, dialogue, client):
    client.force_login(officer)
    data = {"title": "Đối thoại về trật tự vỉa hè", "chair": "Chủ tịch UBND",
            "held_on": today().isoformat(), "place": "Hội trường UBND"}  # fmt: skip
    twice(client, "/giam-sat/doi-thoai/", {**data, "once_token": tokens(client, "/giam-sat/doi-thoai/")[0]})  # fmt: skip
    assert Dialogue.objects.filter(title=data["title"]).count() == 1

    c = DialogueCommitment.objects.create(
        dialogue=dialogue, content="Lắp đèn chiếu sáng ngõ 12", owner="UBND", due_on=today()
    )
    url = f"/giam-sat/doi-thoai/{dialogue.pk}/"
    publish_token, done_token = tokens(client, url)[:2]
    before = audits("oversight.dialogue.updated")
    twice(client, f"/giam-sat/doi-thoai/{dialogue.pk}/cong-khai/", {
        "results": "Đã trả lời 5 ý kiến, UBND cam kết lắp đèn.", "published_on": today().isoformat(),
        "once_token": publish_token})  # fmt: skip
    twice(client, f"/giam-sat/doi-thoai/cam-ket/{c.pk}/",
          {"done_on": today().isoformat(), "once_token": done_token})  # fmt: skip
    assert audits("oversight.dialogue.updated") == before + 2
    c.refresh_from_db()
    assert c.done_on == today()


def test_the_checklist_and_a_disclosure_are_recorded_once(commune, officer, client):
    client.force_login(officer)
    url = f"/giam-sat/cong-khai/?don_vi={commune.code}&nam={today().year}"
    token = tokens(client, url)[0]
    twice(client, f"/giam-sat/cong-khai/lap-danh-muc/?don_vi={commune.code}",
          {"nam": today().year, "once_token": token})  # fmt: skip
    first = tokens(client, url)[0]
    d = Disclosure.objects.filter(unit=commune, year=today().year).order_by("due_on", "id").first()
    before = audits("oversight.disclosure.recorded")
    twice(client, f"/giam-sat/cong-khai/{d.pk}/",
          {"disclosed_on": today().isoformat(), "form": "website", "once_token": first})  # fmt: skip
    assert audits("oversight.disclosure.recorded") == before + 1


def test_the_reminder_button_pressed_twice_queues_one_job(commune, officer, client):
    sup = reported_supervision(commune, officer)
    recommend(sup, officer, sent_ago=30, due_ago=5)
    client.force_login(officer)
    token = tokens(client, "/giam-sat/")[0]
    first = client.post("/giam-sat/nhac-han/", {"once_token": token})
    second = client.post("/giam-sat/nhac-han/", {"once_token": token})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind="oversight.reminders").count() == 1


def test_a_commitment_is_recorded_once_checked_and_followed_to_done(commune, officer, dialogue, client):  # fmt: skip
    client.force_login(officer)
    page = client.get(f"/giam-sat/doi-thoai/{dialogue.pk}/").content.decode()
    assert f"/giam-sat/doi-thoai/{dialogue.pk}/cam-ket/moi/" in page
    url = f"/giam-sat/doi-thoai/{dialogue.pk}/cam-ket/moi/"
    token = tokens(client, url)[0]
    early = client.post(url, {"content": "Lắp đèn ngõ 12", "owner": "UBND phường",
                              "due_on": (dialogue.held_on - dt.timedelta(days=1)).isoformat(),
                              "once_token": token})  # fmt: skip
    assert early.status_code == 422
    assert "Hạn thực hiện cam kết phải từ ngày tổ chức hội nghị trở đi." in early.content.decode()
    before = audits("oversight.dialogue.commitment")
    data = {"content": "Lắp đèn ngõ 12", "owner": "UBND phường",
            "due_on": (today() + dt.timedelta(days=30)).isoformat(), "once_token": token}  # fmt: skip
    twice(client, url, data)
    assert (
        dialogue.commitments.count() == 1 and audits("oversight.dialogue.commitment") == before + 1
    )
    c = dialogue.commitments.get()
    assert "Đang thực hiện" in client.get(f"/giam-sat/doi-thoai/{dialogue.pk}/").content.decode()
    done_token = tokens(client, f"/giam-sat/doi-thoai/{dialogue.pk}/")[-1]
    twice(client, f"/giam-sat/doi-thoai/cam-ket/{c.pk}/", {"done_on": today().isoformat(), "once_token": done_token})  # fmt: skip
    c.refresh_from_db()
    assert c.done_on == today()
