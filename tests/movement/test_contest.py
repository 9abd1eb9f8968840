"""Contest: 3 rounds, 6 teams, 3 judges rank correctly; a tie is broken by the contest's rule;
a judge cannot see another judge's scores before closing; no judge scores their own unit's
team; results locked; out-of-range points; double submit."""

import datetime as dt
from decimal import Decimal as D

import pytest

from danvan.accounts.models import Role
from danvan.core.errors import Conflict, Forbidden, Invalid
from danvan.movement import contest as c
from danvan.movement.models import Contest, ContestPart, ContestRound, Level, RoundJudge, Team
from danvan.units.services import current_unit
from tests.movement.helpers import officer

pytestmark = pytest.mark.django_db
WARDS = ["00070", "00073", "00097", "00190", "00235", "00226"]


@pytest.fixture
def setup(persona):
    contest = Contest.objects.create(name="Hội thi kiểm thử", year=2026, unit=current_unit("01"),
                                     held_on=dt.date(2026, 9, 1), tie_rule=["skit", "situation"])  # fmt: skip
    for i, (code, mx) in enumerate(
        [("greeting", 10), ("quiz", 30), ("situation", 30), ("skit", 30)]
    ):
        ContestPart.objects.create(contest=contest, code=code, name=code, max_points=mx, order=i)
    rounds = [ContestRound.objects.create(contest=contest, name=f"Vòng {i + 1}", level=lvl, order=i,
                                          held_on=dt.date(2026, 9, 1 + i), advance_count=adv)
              for i, (lvl, adv) in enumerate([(Level.VILLAGE, 4), (Level.COMMUNE, 2), (Level.CITY, 0)])]  # fmt: skip
    teams = [Team.objects.create(round=rounds[0], name=f"Đội {w}", unit=current_unit(w), lot=i + 1)
             for i, w in enumerate(WARDS)]  # fmt: skip
    judges = [officer(f"gk{i}", "01", Role.JUDGE) for i in range(3)]
    for r in rounds:
        for i, j in enumerate(judges):
            RoundJudge.objects.create(
                round=r, user=j, home_unit=current_unit("00070") if i == 0 else None
            )
    return contest, rounds, teams, judges, persona("mobilizer.hanoi")


def _score(round_, team, judges, points, skip_own=True):
    for j in judges:
        seat = c.judge_seat(round_, j)
        if skip_own and c.own_unit_team(seat, team):
            continue
        c.enter_scores(round_, team, points, by=j)


def test_three_rounds_rank_and_advance_with_ties(setup):
    contest, rounds, teams, judges, organizer = setup
    # Totals (all judges agree): team 0: 80; 1: 85; 2: 80 with a higher skit than 0; 3: 70;
    # 4: 90; 5: 80, same parts as team 0 -> the lot decides (team 0 has lot 1).
    sheets = [
        {"greeting": 10, "quiz": 20, "situation": 25, "skit": 25},
        {"greeting": 10, "quiz": 25, "situation": 25, "skit": 25},
        {"greeting": 10, "quiz": 20, "situation": 20, "skit": 30},
        {"greeting": 10, "quiz": 20, "situation": 20, "skit": 20},
        {"greeting": 10, "quiz": 25, "situation": 25, "skit": 30},
        {"greeting": 10, "quiz": 20, "situation": 25, "skit": 25},
    ]
    for team, sheet in zip(teams, sheets, strict=True):
        _score(rounds[0], team, judges, sheet)
    rows = c.standings(rounds[0])
    assert [r.team.pk for r in rows] == [teams[i].pk for i in (4, 1, 2, 0, 5, 3)]
    assert [r.total for r in rows] == [D(90), D(85), D(80), D(80), D(80), D(70)]
    assert "“skit”" in rows[2].tie_note
    assert "bốc thăm" in rows[4].tie_note
    c.close_round(rounds[0], by=organizer, expected_version=0)
    advanced = list(rounds[1].teams.order_by("lot"))
    assert [t.advanced_from_id for t in advanced] == [teams[i].pk for i in (4, 1, 2, 0)]
    assert Team.objects.get(pk=teams[2].pk).rank == 3
    # Round 2: the first two go to the final (round 3).
    for i, team in enumerate(advanced):
        _score(
            rounds[1], team, judges, {"greeting": 10, "quiz": 10 + i, "situation": 10, "skit": 10}
        )
    c.close_round(rounds[1], by=organizer, expected_version=0)
    final = list(rounds[2].teams.order_by("lot"))
    assert [t.advanced_from_id for t in final] == [advanced[3].pk, advanced[2].pk]
    for team, skit in zip(final, (20, 21), strict=True):
        _score(rounds[2], team, judges, {"greeting": 9, "quiz": 20, "situation": 20, "skit": skit})
    rows = c.close_round(rounds[2], by=organizer, expected_version=0)
    assert rows[0].team.pk == final[1].pk


def test_judge_sees_only_own_scores_until_closed(setup):
    contest, rounds, teams, judges, organizer = setup
    for team in teams:
        _score(rounds[0], team, judges, {"greeting": 8, "quiz": 20, "situation": 20, "skit": 20})
    mine = c.visible_scores(rounds[0], judges[1])
    assert {s.judge_id for s in mine} == {judges[1].pk} and mine.count() == 6 * 4
    c.close_round(rounds[0], by=organizer, expected_version=0)
    rounds[0].refresh_from_db()
    assert {s.judge_id for s in c.visible_scores(rounds[0], judges[1])} == {j.pk for j in judges}


def test_own_unit_closed_round_bad_points_and_double_submit(setup):
    contest, rounds, teams, judges, organizer = setup
    with pytest.raises(Forbidden) as own:
        c.enter_scores(rounds[0], teams[0], {"skit": 20}, by=judges[0])  # Hoàn Kiếm's judge
    assert own.value.code == "contest.own_unit"
    with pytest.raises(Invalid) as bad:
        c.enter_scores(rounds[0], teams[1], {"skit": 31, "quiz": "abc"}, by=judges[1])
    assert bad.value.fields == {
        "skit": "Điểm phải từ 0 đến 30.",
        "quiz": "Điểm phải là một số, ví dụ 8,5.",
    }
    for _ in range(2):
        c.enter_scores(rounds[0], teams[1], {"skit": "20,5"}, by=judges[1])
    assert teams[1].scores.filter(judge=judges[1]).count() == 1
    assert teams[1].scores.get(judge=judges[1]).points == D("20.5")
    with pytest.raises(Conflict) as missing:
        c.close_round(rounds[0], by=organizer, expected_version=0)
    assert missing.value.code == "contest.scores_missing"
    with pytest.raises(Forbidden):
        c.enter_scores(rounds[0], teams[1], {"skit": 20}, by=organizer)  # not a judge


def test_closed_round_is_locked(setup):
    contest, rounds, teams, judges, organizer = setup
    for team in teams:
        _score(rounds[0], team, judges, {"greeting": 8, "quiz": 20, "situation": 20, "skit": 20})
    c.close_round(rounds[0], by=organizer, expected_version=0)
    with pytest.raises(Conflict) as closed:
        c.enter_scores(rounds[0], teams[1], {"skit": 30}, by=judges[1])
    assert closed.value.code == "contest.round_closed"
    with pytest.raises(Conflict):
        c.close_round(rounds[0], by=organizer, expected_version=0)


def test_judge_pages(client_as):
    client = client_as("judge.hanoi")
    assert "Vòng xã, phường" in client.get("/dan-van-kheo/cham-thi/").content.decode()
    round_ = ContestRound.objects.get(name="Vòng xã, phường")
    page = client.get(f"/dan-van-kheo/cham-thi/{round_.pk}/").content.decode()
    team = round_.teams.exclude(unit__code="00070").first()
    r = client.post(f"/dan-van-kheo/cham-thi/{round_.pk}/",
                    {"team": team.pk, "points_greeting": "9", "points_quiz": "25",
                     "points_situation": "24,5", "points_skit": "40"}, follow=True)  # fmt: skip
    assert "Điểm phải từ 0 đến 30." in r.content.decode()
    assert "Phiếu chấm" in page


def test_publish_and_certificate(client_as):
    client = client_as("mobilizer.hanoi")
    contest = Contest.objects.get(name__contains="(dữ liệu mẫu)")
    client.post(f"/dan-van-kheo/hoi-thi/{contest.pk}/cong-bo/")
    contest.refresh_from_db()
    assert contest.published
    public = client_as("clerk.hoankiem").get("/dan-van-kheo/cong-khai/").content.decode()
    winner = Team.objects.get(round__contest=contest, round__order=0, rank=1)
    assert f'1. <span translate="no">{winner.name}</span>' in public
    pdf = client.get(f"/dan-van-kheo/hoi-thi/doi/{winner.pk}/giay-chung-nhan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    open_team = Team.objects.filter(round__contest=contest, round__order=1).first()
    refused = client.get(f"/dan-van-kheo/hoi-thi/doi/{open_team.pk}/giay-chung-nhan.pdf")
    assert refused.status_code == 409


def test_a_ward_officer_follows_the_ward_teams_in_the_city_contest(client_as):
    from danvan.movement.models import Team

    teams = Team.objects.filter(unit__path__startswith=_hoan_kiem_path()).select_related("round")
    assert teams.exists()  # the demo's city contest has a team from the ward
    page = client_as("mobilizer.hoankiem").get("/dan-van-kheo/hoi-thi/").content.decode()
    assert "Chưa có hội thi nào." not in page and 'id="own-teams"' in page
    for team in teams:
        assert team.name in page
    assert "cong-bo" not in page  # not the organizer: no publish button
    # The organizer sees the contest itself, not a "teams at a higher level" table.
    city = client_as("mobilizer.hanoi").get("/dan-van-kheo/hoi-thi/").content.decode()
    assert 'id="own-teams"' not in city and "cong-bo" in city


def _hoan_kiem_path() -> str:
    from danvan.units.models import Unit

    return Unit.objects.filter(code="00070").current().get().path
