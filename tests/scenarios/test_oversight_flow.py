"""Issue #11's "Must show", walked through the pages as a commune Fatherland Front officer: a
supervision with three recommendations (one answered late, flagged and counted; one escalated),
a criticism session where 2 of 5 comments are taken up, two dialogues that break the notice and
results rules (warned), and a People's Inspection Board with 4 members (warned). Then the scope:
the commune officer sees only the commune, the city sees it, the Women's Union officer of the
city sees and writes only her organization's supervisions."""

import datetime as dt
import re

import pytest

from danvan.accounts.models import Organization, Role, RoleGrant, User
from danvan.core.indicators import evaluate
from danvan.jobs import services as jobs
from danvan.jobs.models import Job
from danvan.oversight.models import Board, CriticismSession, Dialogue, Recommendation, Supervision
from danvan.units.models import Unit, UnitKind
from tests.helpers import today
from tests.oversight.helpers import quiet_commune

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="once_token" value="([0-9a-f]{32})"')


def ago(n: int) -> str:
    return (today() - dt.timedelta(days=n)).isoformat()


@pytest.fixture
def commune(db):
    return quiet_commune()


@pytest.fixture
def front(commune, client):
    user = User.objects.create_user("front.kichban", password="x", full_name="Cán bộ MTTQ phường")
    RoleGrant.objects.create(user=user, role=Role.FRONT_OFFICER, unit=commune)
    client.force_login(user)
    return user


def post(client, page_url, url, data, *, form=0):
    """Submit the form of `page_url` (its `form`-th one-time token) as a browser would."""
    token = TOKEN.findall(client.get(page_url).content.decode())[form]
    response = client.post(url, {**data, "once_token": token})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def act(client, obj_url, action, **data):
    page = client.get(obj_url).content.decode()
    form = re.search(rf'id="action-{action}">.*?</form>', page, re.S)
    assert form, f"{action} is offered on {obj_url}"
    version = re.search(r'name="expected_version" value="(\d+)"', form[0])[1]
    token = TOKEN.search(form[0])[1]
    body = {"action": action, "expected_version": version, "once_token": token, **data}
    response = client.post(f"{obj_url}chuyen/", body, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def count(code, unit):
    return evaluate(code, unit=unit, start=today() - dt.timedelta(days=90), end=today()).value


def test_a_supervision_with_three_recommendations_followed_to_the_end(commune, front, client):
    r = post(client, "/giam-sat/giam-sat/moi/", "/giam-sat/giam-sat/moi/", {
        "title": "Giám sát việc giải quyết hồ sơ đất đai quá hạn", "form": "team",
        "organizer": Organization.objects.get(unit=commune, kind="fatherland_front").pk,
        "subject_kind": "body", "subject": "Ủy ban nhân dân phường", "planned_on": ago(45),
    })  # fmt: skip
    sup_url = r["Location"]
    act(client, sup_url, "notify", notified_on=ago(60))
    act(client, sup_url, "conduct", started_on=ago(45), ended_on=ago(44))
    act(client, sup_url, "report", findings="12 hồ sơ quá hạn chưa có văn bản xin lỗi.",
        reported_on=ago(40))  # fmt: skip
    for addressee, content in (("UBND phường", "Gửi văn bản xin lỗi cho 12 hồ sơ quá hạn."),
                               ("Văn phòng đăng ký đất đai", "Rà soát quy trình luân chuyển hồ sơ."),
                               ("Công an phường", "Xác minh cư trú trong 3 ngày làm việc.")):  # fmt: skip
        post(client, sup_url, f"{sup_url}kien-nghi/", {"addressee": addressee, "content": content,
             "sent_on": ago(35), "due_on": ago(15)})  # fmt: skip
    sup = Supervision.objects.get(title__startswith="Giám sát việc giải quyết hồ sơ đất đai")
    on_time, late, silent = sup.recommendations.order_by("id")
    assert sup.state == "recommended"

    act(client, f"/giam-sat/kien-nghi/{on_time.pk}/", "answer", answer="Đã gửi 12 văn bản xin lỗi.",
        answered_on=ago(20))  # fmt: skip
    act(client, f"/giam-sat/kien-nghi/{late.pk}/", "answer", answer="Đã rà soát, sửa quy trình.",
        answered_on=ago(3))  # fmt: skip
    late.refresh_from_db()
    assert late.answered_late

    # The overdue list puts the unanswered one first; the reminder flags it once.
    home = client.get("/giam-sat/").content.decode()
    overdue = home[
        home.index('id="overdue"') : home.index("</section>", home.index('id="overdue"'))
    ]
    assert "Công an phường" in overdue and "UBND phường" not in overdue
    post(client, "/giam-sat/", "/giam-sat/nhac-han/", {})
    jobs.run_now(Job.objects.get(kind="oversight.reminders"))
    silent.refresh_from_db()
    assert silent.overdue_flagged_on == today()
    assert "đã nhắc" in client.get("/giam-sat/").content.decode()

    page = act(client, f"/giam-sat/kien-nghi/{silent.pk}/", "escalate",
               reason="Quá hạn 15 ngày, đã nhắc", escalated_to="Ủy ban MTTQ thành phố Hà Nội",
               due_on=(today() + dt.timedelta(days=15)).isoformat())  # fmt: skip
    silent.refresh_from_db()
    assert silent.state == "escalated" and "Ủy ban MTTQ thành phố Hà Nội" in page

    assert count("oversight.recommendations", commune) == 3
    assert count("oversight.recommendations_answered_late", commune) == 1
    assert count("oversight.recommendations_answered_on_time", commune) == 1
    assert count("oversight.recommendations_escalated", commune) == 1
    xlsx = client.get("/giam-sat/kien-nghi/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert Recommendation.objects.filter(supervision=sup).count() == 3


def test_a_criticism_session_where_two_of_five_comments_are_taken_up(commune, front, client):
    r = post(client, "/giam-sat/phan-bien/", "/giam-sat/phan-bien/", {
        "draft_title": "Dự thảo Quy chế quản lý chợ dân sinh phường", "drafting_body": "Phòng Kinh tế",
        "form": "conference", "held_on": ago(5),
    })  # fmt: skip
    url = r["Location"]
    authors = ["Ông Trần Văn Hùng", "Bà Lê Thị Mai", "Ông Phạm Quốc Tuấn", "Bà Vũ Thu Hà",
               "Ông Đỗ Minh Khôi"]  # fmt: skip
    for i, author in enumerate(authors):
        post(client, url, url, {"author": author, "content": f"Góp ý số {i + 1} về phí chỗ ngồi."},
             form=-1)  # fmt: skip
    session = CriticismSession.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))
    answers = ["taken_up", "taken_up", "partly", "not_taken", "not_taken"]
    for i, (m, answer) in enumerate(zip(session.comments.order_by("id"), answers, strict=True)):
        reason = "" if answer == "taken_up" else "Trái với quy định về phí."
        post(client, url, f"/giam-sat/phan-bien/y-kien/{m.pk}/",
             {"response": answer, "response_reason": reason}, form=i)  # fmt: skip
    page = client.get(url).content.decode()
    counts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page[page.index('id="counts"') :][:400]))
    assert "5 ý kiến: 2 tiếp thu, 1 tiếp thu một phần, 2 không tiếp thu, 0 chưa phản hồi" in counts
    assert count("oversight.criticism_comments", commune) == 5
    assert count("oversight.criticism_comments_taken_up", commune) == 2


def test_dialogues_warned_for_late_results_and_a_short_notice(commune, front, client):
    late = {"title": "Đối thoại về giải phóng mặt bằng tuyến đường mới", "chair": "Chủ tịch UBND",
            "held_on": ago(15), "place": "Hội trường UBND", "notice_published_on": ago(25)}  # fmt: skip
    short = {"title": "Đối thoại về trật tự vỉa hè", "chair": "Chủ tịch UBND",
             "held_on": (today() + dt.timedelta(days=5)).isoformat(), "place": "Nhà văn hóa",
             "notice_published_on": today().isoformat()}  # fmt: skip
    for data in (late, short):
        post(client, "/giam-sat/doi-thoai/", "/giam-sat/doi-thoai/", data)
    page = client.get("/giam-sat/doi-thoai/").content.decode()
    assert "Quá 10 ngày chưa công khai kết quả" in page
    assert "Thông báo trước 5 ngày, chưa đủ 7 ngày" in page
    home = client.get("/giam-sat/").content.decode()
    assert home.count("Luật Tổ chức chính quyền địa phương 2025, Điều 43") >= 2
    d = Dialogue.objects.get(title=late["title"])
    post(client, f"/giam-sat/doi-thoai/{d.pk}/", f"/giam-sat/doi-thoai/{d.pk}/cong-khai/",
         {"results": "Đã trả lời 14 ý kiến; UBND cam kết chi trả trong tháng.",
          "published_on": today().isoformat()})  # fmt: skip
    page = client.get(f"/giam-sat/doi-thoai/{d.pk}/").content.decode()
    assert "quá hạn 10 ngày" in page  # published now, later than 10 days: still said
    public = client.get("/giam-sat/cong-dan/doi-thoai/").content.decode()
    assert late["title"] in public and short["title"] in public


def test_a_peoples_inspection_board_with_four_members_is_warned(commune, front, client):
    r = post(client, "/giam-sat/ban/moi/?loai=inspection", "/giam-sat/ban/moi/", {
        "kind": "inspection", "name": "Ban Thanh tra nhân dân phường kịch bản",
        "term_start": "01/01/2025", "term_end": "31/12/2029", "villages": "4",
    })  # fmt: skip
    url = r["Location"]
    for i, (name, position) in enumerate([("Nguyễn Văn An", "head"), ("Trần Thị Bình", "deputy"),
                                          ("Lê Văn Cường", "member"), ("Phạm Thị Dung", "member")]):  # fmt: skip
        post(client, f"{url}thanh-vien/", f"{url}thanh-vien/", {"full_name": name,
             "position": position, "village": f"Tổ dân phố số {i + 1}", "term_start": "2025-01-01"})  # fmt: skip
    board = Board.objects.get(name="Ban Thanh tra nhân dân phường kịch bản")
    assert board.members.count() == 4
    warning = "Ban có 4 thành viên, cần ít nhất 5"
    assert warning in client.get(url).content.decode()
    assert warning in client.get("/giam-sat/").content.decode()
    post(client, f"{url}thanh-vien/", f"{url}thanh-vien/", {"full_name": "Hoàng Văn Em",
         "position": "member", "village": "Tổ dân phố số 5", "term_start": "2025-01-01"})  # fmt: skip
    assert warning not in client.get(url).content.decode()


def test_the_womens_union_officer_of_the_city_sees_and_writes_only_her_organizations(
    commune, front, client, client_as
):
    women = client_as("phunu.hanoi")
    city = Unit.objects.get(code="01", kind=UnitKind.PROVINCE)
    ours = Organization.objects.get(unit=city, kind="womens_union")
    theirs = Organization.objects.get(unit=city, kind="fatherland_front")
    commune_front = Organization.objects.get(unit=commune, kind="fatherland_front")
    assert 'id="plan-new"' in women.get("/giam-sat/").content.decode()
    form = women.get("/giam-sat/giam-sat/moi/")
    options = form.content.decode()
    assert form.status_code == 200
    assert "Hội Liên hiệp Phụ nữ" in options and "Ủy ban MTTQ Việt Nam" not in options
    data = {"title": "Giám sát thực hiện chính sách thai sản cho lao động nữ", "form": "documents",
            "subject_kind": "policy", "subject": "Chính sách thai sản",
            "planned_on": today().isoformat()}  # fmt: skip
    token = TOKEN.findall(options)[0]
    refused = women.post("/giam-sat/giam-sat/moi/", {**data, "organizer": theirs.pk, "once_token": token})  # fmt: skip
    assert refused.status_code == 422
    made = women.post("/giam-sat/giam-sat/moi/", {**data, "organizer": ours.pk, "once_token": token})  # fmt: skip
    assert made.status_code == 302
    own = Supervision.objects.get(title=data["title"])
    assert own.organizer == ours
    # the Front's supervision of the same commune: not hers to see or to move
    other = post(client, "/giam-sat/giam-sat/moi/", "/giam-sat/giam-sat/moi/", {
        **data, "title": "Giám sát của Ủy ban MTTQ phường về thai sản", "organizer": commune_front.pk})  # fmt: skip
    assert women.get(other["Location"]).status_code == 404
    assert women.post(f"{other['Location']}chuyen/", {"action": "notify", "expected_version": 0}).status_code == 404  # fmt: skip
    assert women.get(f"/giam-sat/giam-sat/{own.pk}/").status_code == 200
    listed = women.get("/giam-sat/giam-sat/?page_size=500").content.decode()
    assert data["title"] in listed and "Giám sát của Ủy ban MTTQ phường" not in listed
    # the city Front officer sees both; the commune officer only the commune's
    city_front = client_as("front.hanoi")
    assert city_front.get(f"/giam-sat/giam-sat/{own.pk}/").status_code == 200
    assert city_front.get(other["Location"]).status_code == 200
    assert client.get(other["Location"]).status_code == 200
    assert client.get(f"/giam-sat/giam-sat/{own.pk}/").status_code == 404
    bavi = Supervision.objects.filter(unit__code="09700").first()
    assert client.get(f"/giam-sat/giam-sat/{bavi.pk}/").status_code == 404
