"""Movement API (SPEC §8): /api/v1/movement/practices, …/practices/import, …/contests,
…/self-managed-groups, …/prestigious-persons, …/projects. Scoped by unit, idempotent writes
(Idempotency-Key), transitions with the expected version."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.api.pagination import PageParams, paginate
from danvan.core.errors import Invalid, NotFound
from danvan.core.idempotency import run_once
from danvan.core.privacy import reveal
from danvan.jobs import imports as job_imports
from danvan.movement import contest as contests
from danvan.movement import importers, services
from danvan.movement.models import (
    Field as PracticeField,
)
from danvan.movement.models import (
    HolderKind,
    Level,
    Origin,
    PrestigiousPerson,
    Segment,
    SelfManagedGroup,
    Team,
)
from danvan.movement.privacy import PERSONS
from danvan.units.models import Unit
from danvan.units.services import current_unit
from danvan.workflow import allowed_for

router = Router()


class PracticeOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    unit_name: str
    level: str
    field: str
    origin: str
    holder_kind: str
    holder_name: str
    registered_on: dt.date
    state: str
    state_label: str
    recognized_level: str
    replicates: str | None
    version: int


class PracticeDetailOut(PracticeOut):
    summary: str
    allowed_actions: list[str]
    replicas: int


class PracticePage(Schema):
    """One page in (registered_on, id) order, newest first; pass `next_cursor` as `cursor` for
    the next page (empty on the last page). No total: a page costs the same at any depth."""

    page_size: int
    next_cursor: str
    items: list[PracticeOut]


class CursorParams(Schema):
    cursor: str | None = Field(
        None, max_length=300, description="`next_cursor` của trang trước; bỏ trống: trang đầu"
    )
    page_size: int = Field(50, ge=1, le=500)


def _row(p) -> dict:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "unit": p.unit.code,
        "unit_name": p.unit.name,
        "level": p.level,
        "field": p.field,
        "origin": p.origin,
        "holder_kind": p.holder_kind,
        "holder_name": p.holder_name,
        "registered_on": p.registered_on,
        "state": p.state,
        "state_label": str(p.get_state_display()),
        "recognized_level": p.recognized_level,
        "replicates": p.replicates.code if p.replicates_id else None,
        "version": p.version,
    }


def _detail(p, user) -> dict:
    return {
        **_row(p),
        "summary": p.summary,
        "allowed_actions": [t.action for t in allowed_for(p, user)],
        "replicas": p.replicas.count(),
    }


class PracticeFilter(Schema):
    unit: str | None = Field(None, max_length=20)
    level: Level | None = None
    field: PracticeField | None = None
    state: str | None = Field(None, max_length=16)
    year: int | None = Field(None, ge=2009, le=2100)
    holder_kind: HolderKind | None = None
    replicated: str | None = Field(None, pattern="^(yes|no)$")
    stale_years: int | None = Field(None, ge=1, le=20)
    q: str | None = Field(None, max_length=200)


class PracticeIn(Schema):
    name: str = Field(..., min_length=5, max_length=500)
    unit: str = Field(..., max_length=20)
    level: Level
    field: PracticeField
    origin: Origin = Origin.NEW
    holder_kind: HolderKind
    holder_name: str = Field(..., min_length=1, max_length=300)
    registered_on: dt.date | None = None
    replicates: str | None = Field(None, max_length=24)
    summary: str = Field("", max_length=4000)


class TransitionIn(Schema):
    action: str = Field(..., max_length=40)
    expected_version: int = Field(..., ge=0)
    reason: str = Field("", max_length=2000)
    decision_no: str = Field("", max_length=64)


def _unit(code: str) -> Unit:
    return current_unit(code)


@router.get("/practices", response=PracticePage, summary="Danh sách mô hình “Dân vận khéo”")
def list_practices(request, f: Query[PracticeFilter], page: Query[CursorParams]):
    user = request.auth
    scope.require_role(user, *services.READERS)
    unit = _unit(f.unit) if f.unit else None
    if unit is not None and not scope.covers(user, unit, services.READERS):
        raise NotFound("unit.not_found", "Không tìm thấy đơn vị trong phạm vi của bạn.")
    filters = services.Filters(
        unit=unit, level=f.level or "", field=f.field or "", state=f.state or "",
        year=f.year, holder_kind=f.holder_kind or "", replicated=f.replicated or "",
        stale_years=f.stale_years, q=f.q or "",
    )  # fmt: skip
    qs = services.filtered(user, filters).select_related("replicates")
    found = services.keyset_page(qs, page.cursor, page.page_size)
    return {
        "page_size": page.page_size,
        "next_cursor": found.next_cursor,
        "items": [_row(p) for p in found],
    }


@router.post("/practices", response={201: PracticeDetailOut}, summary="Đăng ký mô hình")
def create_practice(request, payload: PracticeIn):
    user = request.auth
    unit = _unit(payload.unit)
    scope.require_unit(user, unit, services.WRITERS)
    if payload.registered_on and payload.registered_on > timezone.localdate():
        raise Invalid(
            "practice.future_date",
            "Ngày đăng ký không được sau hôm nay.",
            fields={"registered_on": "Ngày đăng ký không được sau hôm nay."},
        )
    source = None
    if payload.replicates:
        source = services.visible(user).filter(code=payload.replicates.upper()).first()
        if source is None:
            raise Invalid(
                "practice.source_not_found",
                f"Không tìm thấy mô hình mã {payload.replicates}.",
                fields={"replicates": "Không tìm thấy."},
            )

    def produce():
        data = payload.dict(exclude={"unit", "replicates"})
        data["registered_on"] = payload.registered_on or timezone.localdate()
        data["replicates"] = source
        practice = services.register(data, unit=unit, by=user)
        return 201, _detail(practice, user)

    status, body = run_once(
        request.headers.get("Idempotency-Key"), user=user, scope="movement.practices.create",
        payload=payload.dict(), produce=produce,
    )  # fmt: skip
    return Status(status, body)


class JobOut(Schema):
    id: str
    url: str


@router.post(
    "/practices/import",
    response={202: JobOut},
    summary="Nhập mô hình từ tệp .xlsx/.csv (chạy nền; theo dõi ở /api/v1/jobs/{id})",
)
def import_practices(
    request,
    file: UploadedFile | None = File(None),  # noqa: B008 - ninja's way to declare it
    mode: Form[str] = "all",
    dry_run: Form[bool] = False,
):
    user = request.auth
    scope.require_role(user, *services.WRITERS)
    if file is None:
        raise Invalid(
            "import.no_file", "Chưa gửi tệp (trường “file”).", fields={"file": "Bắt buộc."}
        )
    units = scope.home_units(user)
    job = job_imports.start(
        importers.JOB_KIND, owner=user, unit=units[0] if units else None,
        file=(file.name or "tep.xlsx", file.read()), mode=mode, dry_run=dry_run,
    )  # fmt: skip
    return Status(202, {"id": str(job.public_id), "url": f"/api/v1/jobs/{job.public_id}"})


@router.get("/practices/{practice_id}", response=PracticeDetailOut, summary="Chi tiết mô hình")
def get_practice(request, practice_id: int):
    scope.require_role(request.auth, *services.READERS)
    return _detail(services.get_visible(request.auth, practice_id), request.auth)


@router.post(
    "/practices/{practice_id}/transitions",
    response=PracticeDetailOut,
    summary="Chuyển trạng thái mô hình (triển khai, công nhận, rà soát…)",
)
def post_transition(request, practice_id: int, payload: TransitionIn):
    user = request.auth
    practice = services.get_visible(user, practice_id)
    extra = {"decision_no": payload.decision_no} if payload.action.startswith("recognize_") else {}
    practice = services.apply(
        practice, payload.action, by=user, expected_version=payload.expected_version,
        reason=payload.reason, **extra,
    )  # fmt: skip
    return _detail(practice, user)


class EvidenceOut(Schema):
    id: int
    title: str
    content_type: str
    size: int
    is_photo: bool
    public: bool
    added_at: dt.datetime
    public_url: str | None = Field(
        None, description="Ảnh công khai (đã bỏ EXIF/GPS) khi mô hình đang ở trang giới thiệu"
    )


class EvidencePublicIn(Schema):
    public: bool = Field(..., description="Công khai ảnh này trên trang giới thiệu")


def _evidence(e, showcased: bool) -> dict:
    from django.urls import reverse

    shown = showcased and e.is_photo and e.is_public
    return {
        "id": e.pk,
        "title": e.title,
        "content_type": e.content_type,
        "size": e.size,
        "is_photo": e.is_photo,
        "public": e.is_public,
        "added_at": e.added_at,
        "public_url": reverse("movement:photo", args=[e.pk, "lon"]) if shown else None,
    }


def _showcased(practice) -> bool:
    return services.on_showcase().filter(pk=practice.pk).exists()


@router.get(
    "/practices/{practice_id}/evidence",
    response=list[EvidenceOut],
    summary="Tài liệu minh chứng của mô hình",
)
def list_evidence(request, practice_id: int):
    scope.require_role(request.auth, *services.READERS)
    practice = services.get_visible(request.auth, practice_id)
    showcased = _showcased(practice)
    return [_evidence(e, showcased) for e in practice.evidence.order_by("added_at", "pk")]


@router.patch(
    "/practices/{practice_id}/evidence/{evidence_id}",
    response=EvidenceOut,
    summary="Công khai (hoặc thôi công khai) một ảnh minh chứng trên trang giới thiệu",
)
def patch_evidence(request, practice_id: int, evidence_id: int, payload: EvidencePublicIn):
    user = request.auth
    scope.require_role(user, *services.WRITERS)
    practice = services.get_visible(user, practice_id)
    item = services.set_evidence_public(practice, evidence_id, payload.public, by=user)
    return _evidence(item, _showcased(practice))


# --- contests ---------------------------------------------------------------------------------


class StandingOut(Schema):
    rank: int
    team: str
    unit: str
    parts: dict[str, Decimal]
    total: Decimal
    tie_note: str


class RoundOut(Schema):
    id: int
    name: str
    level: str
    held_on: dt.date
    closed: bool
    version: int
    standings: list[StandingOut] | None


class ContestOut(Schema):
    id: int
    name: str
    year: int
    tie_rule: list[str]
    published: bool
    rounds: list[RoundOut]


def _round(r, user, show: bool) -> dict:
    rows = None
    if show or r.is_closed:
        rows = [
            {"rank": s.rank, "team": s.team.name, "unit": s.team.unit.code, "parts": s.parts,
             "total": s.total, "tie_note": s.tie_note}
            for s in contests.standings(r)
        ]  # fmt: skip
    return {"id": r.pk, "name": r.name, "level": r.level, "held_on": r.held_on,
            "closed": r.is_closed, "version": r.version, "standings": rows}  # fmt: skip


@router.get("/contests", response=list[ContestOut], summary="Hội thi “Dân vận khéo”")
def list_contests(request):
    user = request.auth
    scope.require_role(user, Role.MOBILIZER, Role.REPORTER)
    out = []
    for c in contests.organizer_contests(user).prefetch_related("rounds"):
        organizer = scope.covers(user, c.unit, contests.ORGANIZERS)
        out.append({"id": c.pk, "name": c.name, "year": c.year, "tie_rule": c.tie_rule,
                    "published": c.published,
                    "rounds": [_round(r, user, organizer) for r in c.rounds.all()]})  # fmt: skip
    return out


class ScoreIn(Schema):
    team: int
    points: dict[str, Decimal | str]


class ScoreOut(Schema):
    team: str
    part: str
    points: Decimal


@router.post(
    "/contests/rounds/{round_id}/scores",
    response=list[ScoreOut],
    summary="Giám khảo nhập điểm một đội",
)
def post_scores(request, round_id: int, payload: ScoreIn):
    user = request.auth
    round_ = contests.get_round(round_id)
    contests.judge_seat(round_, user)
    team = Team.objects.filter(pk=payload.team, round=round_).select_related("unit").first()
    if team is None:
        raise NotFound("contest.team_not_found", "Đội không thuộc vòng thi này.")
    saved = contests.enter_scores(round_, team, payload.points, by=user)
    return [{"team": team.name, "part": s.part.code, "points": s.points} for s in saved]


@router.get(
    "/contests/rounds/{round_id}/scores",
    response=list[ScoreOut],
    summary="Điểm đã chấm (của mình, cho đến khi vòng thi khóa kết quả)",
)
def get_scores(request, round_id: int):
    user = request.auth
    round_ = contests.get_round(round_id)
    contests.judge_seat(round_, user)
    return [
        {"team": s.team.name, "part": s.part.code, "points": s.points}
        for s in contests.visible_scores(round_, user)
    ]


class CloseIn(Schema):
    expected_version: int = Field(..., ge=0)


@router.post(
    "/contests/rounds/{round_id}/close", response=RoundOut, summary="Khóa kết quả vòng thi"
)
def close_round(request, round_id: int, payload: CloseIn):
    round_ = contests.get_round(round_id)
    contests.close_round(round_, by=request.auth, expected_version=payload.expected_version)
    return _round(contests.get_round(round_id), request.auth, True)


# --- groups, persons, projects ----------------------------------------------------------------


class GroupOut(Schema):
    id: int
    name: str
    unit: str
    unit_name: str
    head_name: str
    head_phone: str
    households: int
    tasks: list[str]
    established_on: dt.date
    active: bool


class GroupPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[GroupOut]


@router.get("/self-managed-groups", response=GroupPage, summary="Ngõ, xóm liên gia tự quản")
def list_groups(request, page: Query[PageParams], unit: str | None = None):
    user = request.auth
    scope.require_role(user, *services.READERS)
    qs = scope.scoped(SelfManagedGroup.objects.select_related("unit"), user, roles=services.READERS)
    if unit:
        qs = qs.filter(unit__path__startswith=_unit(unit).path)

    def row(g):
        return {"id": g.pk, "name": g.name, "unit": g.unit.code, "unit_name": g.unit.name,
                "head_name": g.head_name,
                "head_phone": reveal(g.head_phone, "phone", user, PERSONS, obj=g),
                "households": g.households, "tasks": g.tasks, "established_on": g.established_on,
                "active": g.dissolved_on is None}  # fmt: skip

    return paginate(qs.order_by("unit__path", "name"), page, row)


class PersonOut(Schema):
    id: int
    full_name: str
    phone: str
    unit: str
    ethnic_group: str
    role: str
    year_approved: int
    approved_by: str
    support: list[dict]


class PersonPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[PersonOut]


@router.get("/prestigious-persons", response=PersonPage, summary="Người có uy tín")
def list_persons(request, page: Query[PageParams], year: int | None = None):
    user = request.auth
    scope.require_role(user, *services.READERS)
    qs = scope.scoped(
        PrestigiousPerson.objects.select_related("unit"), user, roles=services.READERS
    )
    if year:
        qs = qs.filter(year_approved=year)
    qs = qs.prefetch_related("support").order_by("unit__path", "full_name")

    def row(p):
        return {"id": p.pk, "full_name": reveal(p.full_name, "name", user, PERSONS, obj=p),
                "phone": reveal(p.phone, "phone", user, PERSONS, obj=p), "unit": p.unit.code,
                "ethnic_group": p.ethnic_group, "role": p.role, "year_approved": p.year_approved,
                "approved_by": p.approved_by,
                "support": [{"kind": s.kind, "given_on": s.given_on.isoformat(), "note": s.note}
                            for s in p.support.all()]}  # fmt: skip

    return paginate(qs, page, row)


class SegmentOut(Schema):
    unit: str
    unit_name: str
    old_district: str
    households: int
    households_agreed: int
    households_handed_over: int
    area_m2: Decimal
    area_handed_m2: Decimal
    area_percent: float
    open_disputes: int
    as_of: dt.date


class ProjectOut(Schema):
    id: int
    name: str
    households: int
    handed_over: int
    segments: list[SegmentOut]


@router.get("/projects", response=list[ProjectOut], summary="Công trình trọng điểm: GPMB")
def list_projects(request):
    user = request.auth
    scope.require_role(user, *services.READERS)
    segs = scope.scoped(Segment.objects.select_related("unit", "project"), user,
                        roles=services.READERS)  # fmt: skip
    by_project: dict = {}
    for s in segs.order_by("project_id", "unit__name"):
        by_project.setdefault(s.project, []).append(s)
    out = []
    for project, items in by_project.items():
        out.append({
            "id": project.pk, "name": project.name,
            "households": sum(s.households for s in items),
            "handed_over": sum(s.households_handed_over for s in items),
            "segments": [{"unit": s.unit.code, "unit_name": s.unit.name,
                          "old_district": s.old_district, "households": s.households,
                          "households_agreed": s.households_agreed,
                          "households_handed_over": s.households_handed_over,
                          "area_m2": s.area_m2, "area_handed_m2": s.area_handed_m2,
                          "area_percent": round(s.area_percent, 2),
                          "open_disputes": s.open_disputes, "as_of": s.as_of} for s in items],
        })  # fmt: skip
    return out
