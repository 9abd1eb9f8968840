"""Every movement page form carries a one-time token: posting the same form twice (double click,
resent form) makes one record and one audit entry; a new form (new token) makes another."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.audit.models import AuditEntry
from danvan.movement import contest as contests
from danvan.movement.models import ContestRound, PrestigiousPerson, Segment
from danvan.units.services import current_unit
from tests.movement.helpers import register, village

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _twice(client, url, data, action, *, files=None):
    before = AuditEntry.objects.filter(action=action).count()
    responses = []
    for _ in range(2):
        payload = {**data, "once_token": "tok-" + action}
        if files:
            payload.update({k: SimpleUploadedFile(*v) for k, v in files.items()})
        responses.append(client.post(url, payload))
    assert [r.status_code for r in responses] == [302, 302], [r.status_code for r in responses]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert AuditEntry.objects.filter(action=action).count() == before + 1
    page = client.get(responses[1]["Location"]).content.decode()
    assert "không ghi thêm lần nữa" in page
    return responses[0]


def test_practice_forms_once(client_as, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_as("mobilizer.hoankiem")
    hk = current_unit("00070")
    data = {"unit": hk.pk, "name": "Mô hình gửi hai lần", "level": "commune", "field": "digital",
            "origin": "new", "holder_kind": "unit", "holder_name": "Phường Hoàn Kiếm",
            "registered_on": "01/03/2026"}  # fmt: skip
    _twice(client, "/dan-van-kheo/dang-ky/", data, "movement.practice.register")
    from danvan.movement.models import Practice

    assert Practice.objects.filter(name="Mô hình gửi hai lần").count() == 1
    p = register(persona("mobilizer.hoankiem"), hk, "Mô hình có khen thưởng")
    url = f"/dan-van-kheo/mo-hinh/{p.pk}/"
    _twice(client, url + "khen-thuong/", {"kind": "giay_khen", "given_by": "UBND phường",
           "given_on": "05/03/2026"}, "movement.practice.commended")  # fmt: skip
    assert p.commendations.count() == 1
    _twice(client, url + "minh-chung/", {"title": "Biên bản"}, "movement.practice.evidence_added",
           files={"file": ("bb.pdf", PDF, "application/pdf")})  # fmt: skip
    assert p.evidence.count() == 1
    _twice(client, url + "thao-tac/", {"action": "launch", "version": p.version},
           "movement.practice.launch")  # fmt: skip
    # A new form (a new token) is a new submit: a second commendation is recorded.
    client.post(url + "khen-thuong/", {"kind": "bang_khen", "given_by": "UBND thành phố",
                "given_on": "06/03/2026", "once_token": "another"})  # fmt: skip
    assert p.commendations.count() == 2


def test_group_and_person_forms_once(client_as):
    ward = client_as("mobilizer.hoankiem")
    hk = current_unit("00070")
    _twice(ward, "/dan-van-kheo/to-tu-quan/them/", {"commune": hk.pk, "village": "Tổ dân phố 30",
           "name": "Ngõ gửi hai lần", "head_name": "Lê Văn Bình", "households": "12",
           "tasks": ["security"], "established_on": "01/03/2026"}, "movement.group.created")  # fmt: skip
    city = client_as("mobilizer.hanoi")
    hamlet = village("09700", "Thôn Gửi Hai Lần")
    _twice(city, "/dan-van-kheo/nguoi-uy-tin/them/", {"unit": hamlet.pk, "full_name": "Đặng Văn Hai",
           "ethnic_group": "Dao", "role": "elder", "year_approved": "2026",
           "approved_by": "UBND thành phố"}, "movement.person.created")  # fmt: skip
    person = PrestigiousPerson.objects.get(full_name="Đặng Văn Hai")
    _twice(city, f"/dan-van-kheo/nguoi-uy-tin/{person.pk}/ho-tro/",
           {"kind": "visit", "given_on": "01/02/2026"}, "movement.person.supported")  # fmt: skip
    assert person.support.count() == 1


def test_mountain_and_project_forms_once(client_as):
    city = client_as("mobilizer.hanoi")
    bavi = current_unit("09700")
    _twice(city, "/dan-van-kheo/mien-nui/mo-hinh/them/", {"unit": bavi.pk, "name": "Mô hình đôi",
           "product": "Chè", "households": "9", "year": "2025"},
           "movement.economic_model.created")  # fmt: skip
    _twice(city, "/dan-van-kheo/mien-nui/so-lieu/them/", {"unit": bavi.pk,
           "period_start": "01/01/2025", "period_end": "30/06/2025",
           "income_per_person_vnd": "60000000", "source": "Báo cáo 6 tháng"},
           "movement.figure.created")  # fmt: skip
    ward = client_as("mobilizer.hoankiem")
    hk = current_unit("00070")
    first = _twice(ward, "/dan-van-kheo/cong-trinh/them/", {"unit": hk.pk, "name": "Dự án đôi"},
                   "movement.project.created")  # fmt: skip
    project_url = first["Location"]
    _twice(ward, project_url + "doan/them/", {"unit": hk.pk, "households": "5",
           "households_agreed": "0", "households_handed_over": "0", "area_m2": "100",
           "area_handed_m2": "0", "open_disputes": "0", "as_of": "01/04/2026"},
           "movement.segment.created")  # fmt: skip
    segment = Segment.objects.get(project__name="Dự án đôi")
    _twice(ward, f"/dan-van-kheo/cong-trinh/doan/{segment.pk}/tien-do/", {"on": "01/05/2026",
           "households_agreed": "3", "households_handed_over": "2", "area_handed_m2": "40",
           "open_disputes": "0"}, "movement.segment.progress")  # fmt: skip
    assert segment.snapshots.count() == 2


def test_score_form_once(client_as, persona):
    judge = persona("judge.hanoi")
    round_ = ContestRound.objects.filter(closed_at__isnull=True, judges__user=judge).first()
    seat = contests.judge_seat(round_, judge)
    team = next(t for t in round_.teams.all() if not contests.own_unit_team(seat, t))
    points = {f"points_{p.code}": "1" for p in contests.parts_of(round_.contest)}
    _twice(client_as("judge.hanoi"), f"/dan-van-kheo/cham-thi/{round_.pk}/",
           {"team": team.pk, **points}, "movement.contest.scored")  # fmt: skip
