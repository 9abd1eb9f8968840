"""The "Dân vận khéo" contest: judges' scoring sheets, ranking with the contest's tie rule,
round closing (results locked), teams advancing, publication.

Scoring: a team's part score is the mean of the judges' points for that part; the team's total is
the sum over parts of part score × the part's weight. Ties: the contest's ``tie_rule`` lists part
codes compared in order (higher part score first), then the lot drawn (lower number first) —
mobilization-rules.md §5 (points per part unconfirmed: kept in configuration).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.audit.services import record
from danvan.core.errors import Conflict, Forbidden, Invalid, NotFound
from danvan.movement.models import Contest, ContestPart, ContestRound, RoundJudge, Score, Team

ORGANIZERS = (Role.MOBILIZER,)
Q3 = Decimal("0.001")


def _q(value: Decimal) -> Decimal:
    return value.quantize(Q3, rounding=ROUND_HALF_UP)


# --- who may do what --------------------------------------------------------------------------


def judge_seat(round_: ContestRound, user) -> RoundJudge:
    seat = RoundJudge.objects.filter(round=round_, user=user).select_related("home_unit").first()
    if seat is None:
        raise Forbidden("contest.not_a_judge", _("Bạn không phải giám khảo của vòng thi này."))
    return seat


def judge_rounds(user):
    return (
        ContestRound.objects.filter(judges__user=user)
        .select_related("contest")
        .order_by("-held_on", "order")
    )


def own_unit_team(seat: RoundJudge, team: Team) -> bool:
    home = seat.home_unit
    return home is not None and team.unit.path.startswith(home.path)


def get_round(pk) -> ContestRound:
    found = ContestRound.objects.select_related("contest", "contest__unit").filter(pk=pk).first()
    if found is None:
        raise NotFound("contest.round_not_found", _("Không tìm thấy vòng thi."))
    return found


def organizer_contests(user):
    return scope.scoped(Contest.objects.all(), user, roles=ORGANIZERS + (Role.REPORTER,))


def own_teams(user):
    """The teams of units in the user's scope, in contests organized above it (a ward's team in
    the city contest): what a ward officer follows without organizing or judging."""
    roles = ORGANIZERS + (Role.REPORTER,)
    organized = organizer_contests(user).values("pk")
    return (
        scope.scoped(Team.objects.all(), user, roles=roles)
        .exclude(round__contest__in=organized)
        .select_related("round__contest", "unit")
        .order_by("round__contest_id", "round__order", "lot", "pk")
    )


# --- scoring ----------------------------------------------------------------------------------


def enter_scores(round_: ContestRound, team: Team, points: dict[str, object], *, by) -> list:
    """A judge's points for one team: {part code: points}. Refused: not a judge of the round,
    the round closed, the judge's own unit's team, a part unknown, points out of 0..max.
    Entering the same sheet twice leaves one score per part (the last one)."""
    seat = judge_seat(round_, by)
    if team.round_id != round_.pk:
        raise NotFound("contest.team_not_found", _("Đội không thuộc vòng thi này."))
    if own_unit_team(seat, team):
        raise Forbidden(
            "contest.own_unit",
            _("Giám khảo không chấm đội của đơn vị mình (%(unit)s).") % {"unit": seat.home_unit},
        )
    parts = {p.code: p for p in round_.contest.parts.all()}
    clean, errors = {}, {}
    for code, raw in points.items():
        part = parts.get(code)
        if part is None:
            errors[code] = _("Phần thi không có trong hội thi.")
            continue
        value = _points(raw)
        if value is None:
            errors[code] = _("Điểm phải là một số, ví dụ 8,5.")
        elif value < 0 or value > part.max_points:
            errors[code] = _("Điểm phải từ 0 đến %(max)s.") % {"max": _num(part.max_points)}
        else:
            clean[part] = value
    if errors:
        raise Invalid("contest.bad_points", _("Điểm chấm chưa hợp lệ."), fields=errors)
    with transaction.atomic():
        locked = ContestRound.objects.select_for_update().get(pk=round_.pk)
        if locked.is_closed:
            raise Conflict(
                "contest.round_closed", _("Vòng thi đã khóa kết quả, không chấm thêm được.")
            )
        saved = []
        for part, value in clean.items():
            score, _created = Score.objects.update_or_create(
                team=team, part=part, judge=by, defaults={"points": value}
            )
            saved.append(score)
        record(
            "movement.contest.scored",
            actor=by,
            unit=team.unit,
            obj=team,
            data={"team": team.name, "round": round_.name, "parts": len(saved)},
        )
    return saved


def _points(raw) -> Decimal | None:
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    text = str(raw or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def visible_scores(round_: ContestRound, user):
    """A judge sees only their own scores until the round is closed; then everyone's."""
    qs = Score.objects.filter(team__round=round_).select_related("part", "judge", "team")
    if not round_.is_closed:
        qs = qs.filter(judge=user)
    return qs


# --- ranking ----------------------------------------------------------------------------------


@dataclass
class Standing:
    team: Team
    parts: dict = field(default_factory=dict)  # part code -> mean points (weighted)
    total: Decimal = Decimal(0)
    rank: int = 0
    tie_note: str = ""
    complete: bool = True


def standings(round_: ContestRound) -> list[Standing]:
    """Every team's weighted total and rank under the contest's tie rule (in memory: a round has
    tens of teams, one query for all the scores)."""
    contest = round_.contest
    parts = list(contest.parts.all())
    teams = list(round_.teams.select_related("unit"))
    sums: dict = defaultdict(lambda: [Decimal(0), 0])
    for team_id, part_id, points in Score.objects.filter(team__round=round_).values_list(
        "team_id", "part_id", "points"
    ):
        cell = sums[(team_id, part_id)]
        cell[0] += points
        cell[1] += 1
    rows = []
    for team in teams:
        row = Standing(team)
        for part in parts:
            total, n = sums.get((team.pk, part.pk), (Decimal(0), 0))
            if not n:
                row.complete = False
            value = _q(total / n * part.weight) if n else Decimal(0)
            row.parts[part.code] = value
            row.total += value
        rows.append(row)
    order = [c for c in contest.tie_rule if c in {p.code for p in parts}]
    rows.sort(key=lambda r: (-r.total, *[-r.parts[c] for c in order], r.team.lot, r.team.pk))
    names = {p.code: p.name for p in parts}
    for i, row in enumerate(rows, start=1):
        row.rank = i
        if i > 1 and rows[i - 2].total == row.total:
            _note_tie(rows[i - 2], row, order, names)
    return rows


def _note_tie(above: Standing, below: Standing, order, names) -> None:
    for code in order:
        if above.parts[code] != below.parts[code]:
            note = _("Bằng tổng điểm; xếp trên nhờ điểm phần “%(part)s”.") % {"part": names[code]}
            above.tie_note = above.tie_note or note
            below.tie_note = below.tie_note or _(
                "Bằng tổng điểm; xếp sau theo phần “%(part)s”."
            ) % {"part": names[code]}
            return
    above.tie_note = above.tie_note or _("Bằng điểm mọi phần; xếp theo số bốc thăm.")
    below.tie_note = below.tie_note or _("Bằng điểm mọi phần; xếp theo số bốc thăm.")


def close_round(round_: ContestRound, *, by, expected_version: int) -> list[Standing]:
    """Lock the results: ranks and totals stored on the teams, no score changes any more; the
    top ``advance_count`` teams are entered in the next round. Only the organizing level's
    mobilization officers; closing twice is a 409."""
    scope.require_unit(by, round_.contest.unit, ORGANIZERS)
    with transaction.atomic():
        locked = (
            ContestRound.objects.select_for_update().select_related("contest").get(pk=round_.pk)
        )
        if locked.version != expected_version or locked.is_closed:
            raise Conflict(
                "contest.round_already_closed" if locked.is_closed else "contest.version_conflict",
                _("Vòng thi đã được khóa hoặc cập nhật; vui lòng tải lại."),
                fields={"version": locked.version},
            )
        rows = standings(locked)
        if not rows or any(not r.complete for r in rows):
            raise Conflict(
                "contest.scores_missing",
                _("Chưa đủ điểm các phần thi của mọi đội; chưa thể khóa kết quả."),
            )
        for row in rows:
            Team.objects.filter(pk=row.team.pk).update(
                total=row.total, rank=row.rank, tie_note=row.tie_note[:200]
            )
        locked.closed_at = timezone.now()
        locked.closed_by = by
        locked.version += 1
        locked.save(update_fields=["closed_at", "closed_by", "version"])
        _advance(locked, rows)
        record(
            "movement.contest.round_closed",
            actor=by,
            unit=locked.contest.unit,
            obj=locked,
            data={"round": locked.name, "contest": locked.contest.name},
        )
    return rows


def _advance(round_: ContestRound, rows: list[Standing]) -> None:
    following = (
        ContestRound.objects.filter(contest=round_.contest, order__gt=round_.order)
        .order_by("order")
        .first()
    )
    if following is None or not round_.advance_count:
        return
    for lot, row in enumerate(rows[: round_.advance_count], start=1):
        Team.objects.get_or_create(
            round=following,
            advanced_from=row.team,
            defaults={"name": row.team.name, "unit": row.team.unit, "lot": lot},
        )


def publish(contest: Contest, *, by) -> None:
    scope.require_unit(by, contest.unit, ORGANIZERS)
    if not contest.rounds.filter(closed_at__isnull=False).exists():
        raise Conflict("contest.nothing_to_publish", _("Chưa có vòng thi nào khóa kết quả."))
    Contest.objects.filter(pk=contest.pk).update(published=True)
    record(
        "movement.contest.published", actor=by, unit=contest.unit, obj=contest,
        data={"contest": contest.name},
    )  # fmt: skip


def parts_of(contest: Contest) -> list[ContestPart]:
    return list(contest.parts.all())
