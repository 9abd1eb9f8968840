"""The board, member and dialogue-question forms: Vietnamese messages for bad input, one effect
for a double submit (one-time token), an audit entry per change, and the unit scope."""

import datetime as dt

import pytest

from danvan.accounts.models import Role, RoleGrant, User
from danvan.audit.models import AuditEntry
from danvan.oversight.models import Board, BoardMember, Dialogue, DialogueQuestion
from tests.helpers import today

pytestmark = pytest.mark.django_db


def _board_data(**kw):
    data = {"kind": "inspection", "name": "Ban Thanh tra nhân dân phường thử",
            "term_start": "01/01/2025", "term_end": "31/12/2029", "villages": "6",
            "once_token": "tok-board-1"}  # fmt: skip
    data.update(kw)
    return data


def _audits(action):
    return AuditEntry.objects.filter(action=action).count()


@pytest.fixture
def board(commune):
    return Board.objects.create(
        unit=commune, kind="inspection", name="Ban Thanh tra nhân dân thử",
        term_start=dt.date(2024, 1, 1), term_end=dt.date(2029, 6, 30), villages=5,
    )  # fmt: skip


@pytest.fixture
def dialogue(commune):
    return Dialogue.objects.create(
        unit=commune, level="commune", title="Đối thoại về rác thải sinh hoạt", chair="Chủ tịch UBND",
        held_on=today() - dt.timedelta(days=3), place="Hội trường", notice_published_on=today() - dt.timedelta(days=12),
    )  # fmt: skip


def test_the_board_form_makes_one_board_for_a_double_submit(commune, officer, client):
    client.force_login(officer)
    page = client.get("/giam-sat/ban/moi/?loai=inspection")
    assert page.status_code == 200 and 'name="once_token"' in page.content.decode()
    before = _audits("oversight.board.created")
    first = client.post("/giam-sat/ban/moi/", _board_data())
    second = client.post("/giam-sat/ban/moi/", _board_data(name="Ban Thanh tra nhân dân khác"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Board.objects.filter(unit=commune).count() == 1  # the replay made nothing new
    assert _audits("oversight.board.created") == before + 1
    board = Board.objects.get(unit=commune)
    assert board.villages == 6 and board.term_end == dt.date(2029, 12, 31)


def test_the_board_form_shows_vietnamese_messages(commune, officer, client):
    client.force_login(officer)
    r = client.post("/giam-sat/ban/moi/", _board_data(name="", term_start="31/02/2025",
                                                        term_end="", villages="0"))  # fmt: skip
    page = r.content.decode()
    assert r.status_code == 422
    assert "Không được để trống." in page
    assert "Ngày không hợp lệ (ngày/tháng/năm)." in page
    assert "Phải từ 1 trở lên." in page
    r = client.post("/giam-sat/ban/moi/", _board_data(kind="investment", term_end="01/01/2024"))
    page = r.content.decode()
    assert r.status_code == 422
    assert "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu." in page
    assert "Ban Giám sát đầu tư của cộng đồng cần tên dự án." in page
    assert not Board.objects.filter(unit=commune).exists()


def test_a_second_peoples_inspection_board_is_refused(commune, officer, board, client):
    client.force_login(officer)
    r = client.post("/giam-sat/ban/moi/", _board_data(name="Ban Thanh tra nhân dân thứ hai"))
    assert r.status_code == 422
    assert "chỉ có một Ban Thanh tra nhân dân đang hoạt động" in r.content.decode()
    assert Board.objects.filter(unit=commune).count() == 1


def test_the_board_edit_replays_a_resent_form(officer, board, client):
    client.force_login(officer)
    data = {"name": "Ban Thanh tra nhân dân phường (kiện toàn)", "term_start": "2024-01-01",
            "term_end": "2029-06-30", "villages": "7", "once_token": "tok-edit"}  # fmt: skip
    assert client.post(f"/giam-sat/ban/{board.pk}/sua/", data).status_code == 302
    again = client.post(f"/giam-sat/ban/{board.pk}/sua/", {**data, "name": "Tên khác hẳn"})
    assert again.status_code == 302
    board.refresh_from_db()
    assert board.name == "Ban Thanh tra nhân dân phường (kiện toàn)" and board.villages == 7
    entry = AuditEntry.objects.filter(action="oversight.board.updated").get()
    assert "villages" in entry.data["fields"]
    bad = client.post(f"/giam-sat/ban/{board.pk}/sua/", {**data, "once_token": "tok-edit-2",
                                                         "dissolved_on": (today() + dt.timedelta(days=3)).isoformat()})  # fmt: skip
    assert bad.status_code == 422
    assert "Ngày giải thể phải từ ngày bắt đầu nhiệm kỳ đến hôm nay." in bad.content.decode()


def test_members_are_added_once_and_a_second_head_is_refused(officer, board, client):
    client.force_login(officer)
    page = client.get(f"/giam-sat/ban/{board.pk}/").content.decode()
    assert (
        f"/giam-sat/ban/{board.pk}/thanh-vien/" in page and f"/giam-sat/ban/{board.pk}/sua/" in page
    )
    data = {"full_name": "Nguyễn Văn An", "position": "head", "village": "Tổ dân phố số 1",
            "term_start": "2024-01-01", "once_token": "tok-member"}  # fmt: skip
    for _ in range(2):
        assert client.post(f"/giam-sat/ban/{board.pk}/thanh-vien/", data).status_code == 302
    assert board.members.count() == 1
    assert _audits("oversight.board.member_added") == 1
    r = client.post(f"/giam-sat/ban/{board.pk}/thanh-vien/", {**data, "full_name": "Trần Thị Bình",
                                                               "once_token": "tok-member-2"})  # fmt: skip
    assert r.status_code == 422 and "Ban đã có Trưởng ban (Nguyễn Văn An)" in r.content.decode()
    r = client.post(f"/giam-sat/ban/{board.pk}/thanh-vien/", {**data, "full_name": "Lê Văn Cường",
                    "position": "member", "term_start": "2023-01-01", "once_token": "tok-member-3"})  # fmt: skip
    assert r.status_code == 422
    assert "không được trước nhiệm kỳ của ban (01/01/2024)" in r.content.decode()
    member = board.members.get()
    future = (today() + dt.timedelta(days=5)).isoformat()
    r = client.post(f"/giam-sat/ban/thanh-vien/{member.pk}/",
                    {**data, "left_on": future, "once_token": "tok-left"})  # fmt: skip
    assert r.status_code == 422 and "Ngày thôi làm thành viên" in r.content.decode()
    r = client.post(f"/giam-sat/ban/thanh-vien/{member.pk}/",
                    {**data, "left_on": today().isoformat(), "once_token": "tok-left-2"})  # fmt: skip
    assert r.status_code == 302
    member.refresh_from_db()
    assert member.left_on == today()
    assert _audits("oversight.board.member_updated") == 1


def test_questions_are_recorded_once_and_answered(officer, dialogue, client):
    client.force_login(officer)
    assert (
        f"/giam-sat/doi-thoai/{dialogue.pk}/y-kien/"
        in client.get(f"/giam-sat/doi-thoai/{dialogue.pk}/").content.decode()
    )
    url = f"/giam-sat/doi-thoai/{dialogue.pk}/y-kien/"
    bad = client.post(url, {"asked_by": "Ô", "topic": "", "answer": "Sẽ xử lý ngay."})
    page = bad.content.decode()
    assert bad.status_code == 422
    assert "Quá ngắn (ít nhất 3 ký tự)." in page and "Hãy ghi người trả lời." in page
    data = {"asked_by": "Bà Đỗ Thị Hoa, tổ dân phố số 4", "topic": "Giờ thu gom rác quá muộn",
            "once_token": "tok-q"}  # fmt: skip
    for _ in range(2):
        assert client.post(url, data).status_code == 302
    q = DialogueQuestion.objects.get(dialogue=dialogue)
    assert _audits("oversight.dialogue.question") == 1
    answer_url = f"/giam-sat/doi-thoai/y-kien/{q.pk}/"
    r = client.post(answer_url, {"answer": "", "answered_by": "", "once_token": "tok-a"})
    assert r.status_code == 422 and "Không được để trống." in r.content.decode()
    ok = {"answer": "Chuyển giờ thu gom về trước 21 giờ.", "answered_by": "Chủ tịch UBND",
          "once_token": "tok-a2"}  # fmt: skip
    assert client.post(answer_url, ok).status_code == 302
    assert client.post(answer_url, {**ok, "answer": "Nội dung khác"}).status_code == 302
    q.refresh_from_db()
    assert q.answer == "Chuyển giờ thu gom về trước 21 giờ."
    assert _audits("oversight.dialogue.answer") == 1


def test_scope_readers_and_other_communes_cannot_use_the_forms(commune, board, dialogue, client):
    reader = User.objects.create_user("mob.test", password="x", full_name="Cán bộ dân vận")
    RoleGrant.objects.create(user=reader, role=Role.MOBILIZER, unit=commune)
    client.force_login(reader)
    assert client.get("/giam-sat/ban/moi/").status_code == 403
    assert client.post(f"/giam-sat/ban/{board.pk}/thanh-vien/", {}).status_code == 403
    assert "member-add" not in client.get(f"/giam-sat/ban/{board.pk}/").content.decode()
    from danvan.units.services import current_unit

    other = User.objects.create_user("front.other", password="x", full_name="Cán bộ phường khác")
    RoleGrant.objects.create(user=other, role=Role.FRONT_OFFICER, unit=current_unit("00070"))
    client.force_login(other)
    assert client.get(f"/giam-sat/ban/{board.pk}/sua/").status_code == 404
    assert client.post(f"/giam-sat/doi-thoai/{dialogue.pk}/y-kien/", {}).status_code == 404
    member = BoardMember.objects.create(board=board, full_name="Phạm Văn Dũng",
                                        term_start=board.term_start)  # fmt: skip
    assert (
        client.post(f"/giam-sat/ban/thanh-vien/{member.pk}/", {"left_on": "2025-01-01"}).status_code
        == 404
    )


def test_the_city_officer_picks_the_commune(commune, client):
    from danvan.units.services import current_unit

    city = User.objects.create_user("front.city", password="x", full_name="Cán bộ thành phố")
    RoleGrant.objects.create(user=city, role=Role.FRONT_OFFICER, unit=current_unit("01"))
    client.force_login(city)
    assert 'name="commune"' in client.get("/giam-sat/ban/moi/").content.decode()
    r = client.post("/giam-sat/ban/moi/", _board_data(commune=str(commune.pk)))
    assert r.status_code == 302
    assert Board.objects.filter(unit=commune).count() == 1


def test_the_forms_speak_english_from_the_catalogue(officer, board, client, settings):
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/giam-sat/ban/{board.pk}/sua/").content.decode()
    assert "Board name" in page and "Term from" in page and "Dissolution date" in page
    r = client.post(f"/giam-sat/ban/{board.pk}/thanh-vien/", {"full_name": "", "once_token": "en"})
    assert "Add a member to" in r.content.decode()
