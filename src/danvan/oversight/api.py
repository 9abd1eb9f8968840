"""/api/v1/oversight/…: supervisions, recommendations, criticism sessions, dialogues, boards,
disclosures (SPEC §8): scoped like the pages, paginated, writes idempotent with
Idempotency-Key, transitions with the version they expect (409 when it moved)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from danvan.accounts.models import Organization
from danvan.api.pagination import PageParams, paginate
from danvan.core.errors import Invalid, NotFound
from danvan.core.idempotency import run_once
from danvan.oversight import scoping, services
from danvan.oversight.models import (
    Board,
    CriticismSession,
    Dialogue,
    Disclosure,
    Recommendation,
    Supervision,
)
from danvan.oversight.states import RecommendationState
from danvan.units.services import current_unit
from danvan.workflow import allowed_for, history, transition

router = Router()


def _user(request):
    user = request.auth
    scoping.require_reader(user)
    return user


class ListFilter(Schema):
    unit: str | None = Field(None, max_length=20, description="mã đơn vị: 01, 00070 …")
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")


def _visible(qs, user, pk: int, code: str, message):
    """The record `pk` of `qs` inside the user's units, or 404 with `code` (never 403: a record
    outside her units does not exist for her)."""
    found = scoping.records(qs, user).filter(pk=pk).first()
    if found is None:
        raise NotFound(code, message)
    return found


def _filter(qs, f: ListFilter, date_field: str, unit_field: str = "unit"):
    if f.unit:
        unit = current_unit(f.unit)
        qs = qs.filter(**{f"{unit_field}__path__startswith": unit.path})
    if f.date_from:
        qs = qs.filter(**{f"{date_field}__gte": f.date_from})
    if f.date_to:
        qs = qs.filter(**{f"{date_field}__lte": f.date_to})
    return qs


def _page_schema(name, item):
    return type(name, (Schema,), {"__annotations__": {
        "count": int, "page": int, "page_size": int, "pages": int, "items": list[item]}})  # fmt: skip


class StepOut(Schema):
    action: str
    label: str
    at: dt.datetime
    by: str | None
    reason: str


def _steps(obj) -> list[dict]:
    return [
        {"action": s.action, "label": str(s.label), "at": s.at,
         "by": s.by.username if s.by else None, "reason": s.reason or ""}
        for s in history(obj)
    ]  # fmt: skip


# --- supervisions ---------------------------------------------------------------------------


class RecommendationOut(Schema):
    id: int
    supervision_id: int | None
    unit: str
    addressee: str
    content: str
    sent_on: dt.date
    due_on: dt.date
    deadline_basis: str
    answered_on: dt.date | None
    answer: str
    answer_document: str
    escalated_to: str
    state: str
    state_label: str
    overdue: bool
    answered_late: bool
    follow_ups: int
    version: int


def rec_out(r: Recommendation) -> dict:
    return {
        "id": r.pk, "supervision_id": r.supervision_id, "unit": r.unit.code, "addressee": r.addressee,
        "content": r.content, "sent_on": r.sent_on, "due_on": r.due_on, "deadline_basis": r.deadline_basis,
        "answered_on": r.answered_on, "answer": r.answer, "answer_document": r.answer_document,
        "escalated_to": r.escalated_to, "state": r.state, "state_label": str(RecommendationState(r.state).label),
        "overdue": r.is_overdue(), "answered_late": r.answered_late, "follow_ups": r.follow_ups,
        "version": r.version,
    }  # fmt: skip


class SupervisionOut(Schema):
    id: int
    unit: str
    unit_name: str
    level: str
    organizer: str
    organizer_kind: str
    form: str
    subject_kind: str
    subject: str
    title: str
    planned_on: dt.date
    notified_on: dt.date | None
    started_on: dt.date | None
    ended_on: dt.date | None
    reported_on: dt.date | None
    findings: str
    state: str
    version: int


class SupervisionDetailOut(SupervisionOut):
    members: str
    content: str
    recommendations: list[RecommendationOut]
    allowed_actions: list[str]
    warnings: list[str]
    history: list[StepOut]


def sup_out(s: Supervision) -> dict:
    return {
        "id": s.pk, "unit": s.unit.code, "unit_name": s.unit.name, "level": s.level,
        "organizer": s.organizer.name, "organizer_kind": s.organizer.kind, "form": s.form,
        "subject_kind": s.subject_kind, "subject": s.subject, "title": s.title, "planned_on": s.planned_on,
        "notified_on": s.notified_on, "started_on": s.started_on, "ended_on": s.ended_on,
        "reported_on": s.reported_on, "findings": s.findings, "state": s.state, "version": s.version,
    }  # fmt: skip


def sup_detail(s: Supervision, user) -> dict:
    writer = scoping.can_write(user, s.unit)
    return {
        **sup_out(s), "members": s.members, "content": s.content,
        "recommendations": [rec_out(r) for r in s.recommendations.select_related("unit").order_by("id")],
        "allowed_actions": [t.action for t in allowed_for(s, user) if t.roles] if writer else [],
        "warnings": services.supervision_warnings(s), "history": _steps(s),
    }  # fmt: skip


SupervisionPage = _page_schema("SupervisionPage", SupervisionOut)
RecommendationPage = _page_schema("RecommendationPage", RecommendationOut)


class SupervisionFilter(ListFilter):
    level: str | None = Field(None, pattern="^(city|district|commune)$")
    form: str | None = Field(None, pattern="^(documents|team|board|joint)$")
    organizer_kind: str | None = Field(None, max_length=32)
    state: str | None = Field(None, max_length=16)


@router.get("/supervisions", response=SupervisionPage, summary="Danh sách cuộc giám sát")
def list_supervisions(request, f: Query[SupervisionFilter], page: Query[PageParams]):
    user = _user(request)
    qs = scoping.supervisions(Supervision.objects.select_related("unit", "organizer"), user)
    qs = _filter(qs, f, "planned_on")
    for field, value in (("level", f.level), ("form", f.form), ("organizer__kind", f.organizer_kind),
                         ("state", f.state)):  # fmt: skip
        if value:
            qs = qs.filter(**{field: value})
    return paginate(qs.order_by("-planned_on", "-id"), page, sup_out)


class SupervisionIn(Schema):
    unit: str = Field(..., max_length=20)
    organizer_id: int
    form: str = Field(..., pattern="^(documents|team|board|joint)$")
    board_id: int | None = None
    subject_kind: str = Field(..., pattern="^(body|person|policy)$")
    subject: str = Field(..., min_length=3, max_length=500)
    title: str = Field(..., min_length=10, max_length=500)
    planned_on: dt.date
    content: str = Field("", max_length=20000)
    members: str = Field("", max_length=5000)


@router.post("/supervisions", response={201: SupervisionDetailOut}, summary="Lập kế hoạch giám sát")
def create_supervision(request, payload: SupervisionIn):
    user = _user(request)
    unit = current_unit(payload.unit)
    services.require_writer(user, unit)

    def produce():
        org = Organization.objects.select_related("unit").filter(pk=payload.organizer_id).first()
        board = Board.objects.filter(pk=payload.board_id).first() if payload.board_id else None
        if payload.board_id and board is None:
            raise Invalid(
                "supervision.bad_board", _("Không có ban này."), fields={"board_id": "invalid"}
            )
        data = services.SupervisionInput(
            organizer=org, form=payload.form, subject_kind=payload.subject_kind, subject=payload.subject,
            title=payload.title, planned_on=payload.planned_on, content=payload.content,
            members=payload.members, board=board,
        )  # fmt: skip
        sup = services.plan_supervision(data, unit=unit, by=user)
        return 201, sup_detail(sup, user)

    status, body = run_once(
        request.headers.get("Idempotency-Key"), user=user, scope="oversight.supervisions.create",
        payload=payload.dict(), produce=produce,
    )  # fmt: skip
    return Status(status, body)


@router.get(
    "/supervisions/{sup_id}", response=SupervisionDetailOut, summary="Chi tiết cuộc giám sát"
)
def get_supervision(request, sup_id: int):
    user = _user(request)
    return sup_detail(services.get_supervision(user, sup_id), user)


class TransitionIn(Schema):
    action: str = Field(..., max_length=40)
    expected_version: int = Field(..., ge=0)
    reason: str = Field("", max_length=2000)
    notified_on: dt.date | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    findings: str = Field("", max_length=20000)
    reported_on: dt.date | None = None
    answer: str = Field("", max_length=20000)
    answered_on: dt.date | None = None
    answer_document: str = Field("", max_length=300)
    escalated_to: str = Field("", max_length=300)
    due_on: dt.date | None = None

    def data(self) -> dict:
        raw = self.dict(exclude={"action", "expected_version", "reason"})
        return {k: v for k, v in raw.items() if v not in (None, "")}


def _transition(obj, payload: TransitionIn, user):
    return transition(
        obj, payload.action, by=user, expected_version=payload.expected_version,
        reason=payload.reason, **payload.data(),
    )  # fmt: skip


@router.post("/supervisions/{sup_id}/transitions", response=SupervisionDetailOut,
             summary="Chuyển trạng thái cuộc giám sát")  # fmt: skip
def supervision_transition(request, sup_id: int, payload: TransitionIn):
    user = _user(request)
    sup = _transition(services.get_supervision(user, sup_id), payload, user)
    return sup_detail(services.get_supervision(user, sup.pk), user)


class RecommendationIn(Schema):
    addressee: str = Field(..., min_length=3, max_length=300)
    content: str = Field(..., min_length=10, max_length=20000)
    sent_on: dt.date
    due_on: dt.date | None = None
    deadline_days: int | None = Field(None, ge=1, le=365)
    deadline_unit: str = Field("", pattern="^(|d|wd)$", description="d: ngày; wd: ngày làm việc")


@router.post("/supervisions/{sup_id}/recommendations", response={201: RecommendationOut},
             summary="Gửi kiến nghị sau giám sát")  # fmt: skip
def create_recommendation(request, sup_id: int, payload: RecommendationIn):
    user = _user(request)
    sup = services.get_supervision(user, sup_id)

    def produce():
        rec = services.add_recommendation(
            sup, services.RecommendationInput(**payload.dict()), by=user
        )
        return 201, rec_out(rec)

    status, body = run_once(
        request.headers.get("Idempotency-Key"), user=user, scope=f"oversight.recommendations.{sup.pk}",
        payload=payload.dict(), produce=produce,
    )  # fmt: skip
    return Status(status, body)


# --- recommendations ------------------------------------------------------------------------


class RecommendationFilter(ListFilter):
    state: str | None = Field(None, pattern="^(sent|answered|resolved|unresolved|escalated)$")
    overdue: bool = False


@router.get("/recommendations", response=RecommendationPage,
            summary="Danh sách kiến nghị (quá hạn: ?overdue=true)")  # fmt: skip
def list_recommendations(request, f: Query[RecommendationFilter], page: Query[PageParams]):
    user = _user(request)
    qs = scoping.recommendations(Recommendation.objects.select_related("unit"), user)
    qs = _filter(qs, f, "sent_on")
    if f.state:
        qs = qs.filter(state=f.state)
    if f.overdue:
        qs = services.overdue(qs)
    return paginate(qs.order_by("due_on", "id"), page, rec_out)


class RecommendationDetailOut(RecommendationOut):
    allowed_actions: list[str]
    history: list[StepOut]


def rec_detail(r: Recommendation, user) -> dict:
    writer = scoping.can_write(user, r.unit)
    return {**rec_out(r), "history": _steps(r),
            "allowed_actions": [t.action for t in allowed_for(r, user) if t.roles] if writer else []}  # fmt: skip


@router.get(
    "/recommendations/{rec_id}", response=RecommendationDetailOut, summary="Chi tiết kiến nghị"
)
def get_recommendation(request, rec_id: int):
    user = _user(request)
    return rec_detail(services.get_recommendation(user, rec_id), user)


@router.post("/recommendations/{rec_id}/transitions", response=RecommendationDetailOut,
             summary="Trả lời, giải quyết, giám sát lại, kiến nghị lên cấp trên")  # fmt: skip
def recommendation_transition(request, rec_id: int, payload: TransitionIn):
    user = _user(request)
    rec = _transition(services.get_recommendation(user, rec_id), payload, user)
    return rec_detail(services.get_recommendation(user, rec.pk), user)


# --- criticism, dialogues, boards, disclosures ---------------------------------------------


class CommentOut(Schema):
    id: int
    author: str
    content: str
    response: str
    response_reason: str


class CriticismOut(Schema):
    id: int
    unit: str
    level: str
    draft_title: str
    drafting_body: str
    form: str
    held_on: dt.date
    comments_due_on: dt.date | None
    final_document: str
    changes: str
    comments: list[CommentOut]
    taken_up: int


def crit_out(c: CriticismSession) -> dict:
    comments = list(c.comments.all())
    return {
        "id": c.pk, "unit": c.unit.code, "level": c.level, "draft_title": c.draft_title,
        "drafting_body": c.drafting_body, "form": c.form, "held_on": c.held_on,
        "comments_due_on": c.comments_due_on, "final_document": c.final_document, "changes": c.changes,
        "comments": [{"id": m.pk, "author": m.author, "content": m.content, "response": m.response,
                      "response_reason": m.response_reason} for m in comments],
        "taken_up": sum(1 for m in comments if m.response == "taken_up"),
    }  # fmt: skip


CriticismPage = _page_schema("CriticismPage", CriticismOut)


@router.get("/criticisms", response=CriticismPage, summary="Phản biện xã hội")
def list_criticisms(request, f: Query[ListFilter], page: Query[PageParams]):
    user = _user(request)
    qs = scoping.records(CriticismSession.objects.select_related("unit"), user)
    qs = _filter(qs, f, "held_on").prefetch_related("comments")
    return paginate(qs.order_by("-held_on", "-id"), page, crit_out)


@router.get("/criticisms/{crit_id}", response=CriticismOut, summary="Chi tiết phản biện xã hội")
def get_criticism(request, crit_id: int):
    return crit_out(_criticism_of(_user(request), crit_id))


def _criticism_of(user, crit_id) -> CriticismSession:
    qs = CriticismSession.objects.select_related("unit")
    return _visible(qs, user, crit_id, "criticism.not_found", _("Không tìm thấy cuộc phản biện."))


class CriticismIn(Schema):
    unit: str = Field(..., max_length=20, description="mã đơn vị: 01, 00070 …")
    draft_title: str = Field(..., min_length=10, max_length=500)
    drafting_body: str = Field(..., min_length=3, max_length=300)
    form: str = Field(..., pattern="^(conference|written|dialogue)$")
    received_on: dt.date | None = None
    comments_due_on: dt.date | None = None
    held_on: dt.date


@router.post("/criticisms", response={201: CriticismOut}, summary="Ghi nhận cuộc phản biện xã hội")
def create_criticism(request, payload: CriticismIn):
    user = _user(request)
    unit = current_unit(payload.unit)
    services.require_front_writer(user, unit)
    session = services.create_criticism(payload.dict(exclude={"unit"}), unit=unit, by=user)
    return Status(201, crit_out(session))


class CommentIn(Schema):
    author: str = Field(..., min_length=3, max_length=300)
    content: str = Field(..., min_length=5, max_length=5000)


@router.post("/criticisms/{crit_id}/comments", response={201: CommentOut},
             summary="Thêm ý kiến phản biện")  # fmt: skip
def create_comment(request, crit_id: int, payload: CommentIn):
    user = _user(request)
    session = _criticism_of(user, crit_id)
    m = services.add_comment(session, by=user, **payload.dict())
    return Status(201, _comment_out(m))


def _comment_out(m) -> dict:
    return {"id": m.pk, "author": m.author, "content": m.content, "response": m.response,
            "response_reason": m.response_reason}  # fmt: skip


class CommentResponseIn(Schema):
    response: str = Field(..., pattern="^(taken_up|partly|not_taken)$",
                          description="taken_up: tiếp thu; partly: một phần; not_taken: không")  # fmt: skip
    response_reason: str = Field("", max_length=5000)


@router.post("/criticisms/{crit_id}/comments/{comment_id}/response", response=CommentOut,
             summary="Ghi nhận tiếp thu, giải trình của cơ quan soạn thảo")  # fmt: skip
def respond_to_comment(request, crit_id: int, comment_id: int, payload: CommentResponseIn):
    user = _user(request)
    session = _criticism_of(user, crit_id)
    comment = session.comments.filter(pk=comment_id).first()
    if comment is None:
        raise NotFound("criticism.comment_not_found", _("Không tìm thấy ý kiến phản biện."))
    comment.session = session
    services.respond_to_comment(comment, payload.response, payload.response_reason, by=user)
    comment.refresh_from_db()
    return _comment_out(comment)


class QuestionOut(Schema):
    id: int
    asked_by: str
    topic: str
    answer: str
    answered_by: str
    petition_ref: str


class CommitmentOut(Schema):
    id: int
    content: str
    owner: str
    due_on: dt.date
    done_on: dt.date | None
    progress: str
    progress_on: dt.date | None
    state: str = Field(..., description="open, overdue, done (đúng hạn), done_late (muộn)")
    overdue: bool


def question_out(q) -> dict:
    return {"id": q.pk, "asked_by": q.asked_by, "topic": q.topic, "answer": q.answer,
            "answered_by": q.answered_by, "petition_ref": q.petition_ref}  # fmt: skip


def commitment_out(c) -> dict:
    return {"id": c.pk, "content": c.content, "owner": c.owner, "due_on": c.due_on,
            "done_on": c.done_on, "progress": c.progress, "progress_on": c.progress_on,
            "state": c.state(), "overdue": c.is_overdue()}  # fmt: skip


class DialogueOut(Schema):
    id: int
    unit: str
    unit_name: str
    level: str
    title: str
    chair: str
    held_on: dt.date
    place: str
    notice_published_on: dt.date | None
    citizens: int | None
    results: str
    results_published_on: dt.date | None
    questions: list[QuestionOut]
    commitments: list[CommitmentOut]


class DialogueDetailOut(DialogueOut):
    warnings: list[str]


def dial_out(d: Dialogue) -> dict:
    return {
        "id": d.pk, "unit": d.unit.code, "unit_name": d.unit.name, "level": d.level, "title": d.title,
        "chair": d.chair, "held_on": d.held_on, "place": d.place, "notice_published_on": d.notice_published_on,
        "citizens": d.citizens, "results": d.results, "results_published_on": d.results_published_on,
        "questions": [question_out(q) for q in d.questions.all()],
        "commitments": [commitment_out(c) for c in d.commitments.all()],
    }  # fmt: skip


DialoguePage = _page_schema("DialoguePage", DialogueOut)


class DialogueFilter(ListFilter):
    level: str | None = Field(None, pattern="^(city|district|commune)$")


@router.get("/dialogues", response=DialoguePage, summary="Hội nghị tiếp xúc, đối thoại")
def list_dialogues(request, f: Query[DialogueFilter], page: Query[PageParams]):
    user = _user(request)
    qs = _filter(scoping.records(Dialogue.objects.select_related("unit"), user), f, "held_on")
    if f.level:
        qs = qs.filter(level=f.level)
    qs = qs.prefetch_related("questions", "commitments")
    return paginate(qs.order_by("-held_on", "-id"), page, dial_out)


@router.get(
    "/dialogues/{dialogue_id}", response=DialogueDetailOut, summary="Chi tiết hội nghị đối thoại"
)
def get_dialogue(request, dialogue_id: int):
    user = _user(request)
    d = _dialogue_of(user, dialogue_id)
    return {**dial_out(d), "warnings": services.dialogue_warnings(d)}


def _dialogue_of(user, dialogue_id) -> Dialogue:
    qs = Dialogue.objects.select_related("unit")
    message = _("Không tìm thấy hội nghị đối thoại.")
    return _visible(qs, user, dialogue_id, "dialogue.not_found", message)


class DialogueIn(Schema):
    unit: str = Field(..., max_length=20, description="mã đơn vị: 01, 00070 …")
    title: str = Field(..., min_length=5, max_length=500)
    chair: str = Field(..., min_length=3, max_length=300)
    held_on: dt.date
    place: str = Field(..., min_length=3, max_length=300)
    notice_published_on: dt.date | None = None
    participants: str = Field("", max_length=5000)
    citizens: int | None = Field(None, ge=0, le=100000)
    results: str = Field("", max_length=20000)
    results_published_on: dt.date | None = None


@router.post("/dialogues", response={201: DialogueDetailOut},
             summary="Ghi nhận hội nghị tiếp xúc, đối thoại")  # fmt: skip
def create_dialogue(request, payload: DialogueIn):
    user = _user(request)
    unit = current_unit(payload.unit)
    services.require_front_writer(user, unit)
    d = services.create_dialogue(payload.dict(exclude={"unit"}), unit=unit, by=user)
    d = _dialogue_of(user, d.pk)
    return Status(201, {**dial_out(d), "warnings": services.dialogue_warnings(d)})


class QuestionIn(Schema):
    asked_by: str = Field(..., min_length=3, max_length=200)
    topic: str = Field(..., min_length=5, max_length=500)
    petition_ref: str = Field("", max_length=64)
    answer: str = Field("", max_length=20000)
    answered_by: str = Field("", max_length=200)


@router.post("/dialogues/{dialogue_id}/questions", response={201: QuestionOut},
             summary="Ghi nhận ý kiến, câu hỏi tại hội nghị")  # fmt: skip
def create_question(request, dialogue_id: int, payload: QuestionIn):
    user = _user(request)
    d = _dialogue_of(user, dialogue_id)
    services.require_front_writer(user, d.unit)
    return Status(201, question_out(services.add_question(d, payload.dict(), by=user)))


class AnswerIn(Schema):
    answer: str = Field(..., min_length=5, max_length=20000)
    answered_by: str = Field(..., min_length=3, max_length=200)


@router.post("/dialogues/{dialogue_id}/questions/{question_id}/answer", response=QuestionOut,
             summary="Ghi nhận trả lời ý kiến")  # fmt: skip
def answer_question(request, dialogue_id: int, question_id: int, payload: AnswerIn):
    user = _user(request)
    d = _dialogue_of(user, dialogue_id)
    services.require_front_writer(user, d.unit)
    q = d.questions.filter(pk=question_id).first()
    if q is None:
        raise NotFound("dialogue.question_not_found", _("Không tìm thấy ý kiến."))
    q.dialogue = d
    return question_out(services.answer_question(q, by=user, **payload.dict()))


class CommitmentIn(Schema):
    content: str = Field(..., min_length=5, max_length=5000)
    owner: str = Field(..., min_length=3, max_length=300, description="đơn vị, người thực hiện")
    due_on: dt.date


@router.post("/dialogues/{dialogue_id}/commitments", response={201: CommitmentOut},
             summary="Ghi nhận cam kết (người thực hiện, hạn)")  # fmt: skip
def create_commitment(request, dialogue_id: int, payload: CommitmentIn):
    user = _user(request)
    d = _dialogue_of(user, dialogue_id)
    services.require_front_writer(user, d.unit)
    return Status(201, commitment_out(services.add_commitment(d, payload.dict(), by=user)))


class ProgressIn(Schema):
    progress: str = Field("", max_length=5000)
    done_on: dt.date | None = Field(None, description="ngày hoàn thành, khi đã thực hiện xong")


@router.post("/dialogues/{dialogue_id}/commitments/{commitment_id}/progress",
             response=CommitmentOut, summary="Cập nhật tiến độ, hoàn thành cam kết")  # fmt: skip
def commitment_progress(request, dialogue_id: int, commitment_id: int, payload: ProgressIn):
    user = _user(request)
    d = _dialogue_of(user, dialogue_id)
    c = d.commitments.filter(pk=commitment_id).first()
    if c is None:
        raise NotFound("dialogue.commitment_not_found", _("Không tìm thấy cam kết."))
    c.dialogue = d
    return commitment_out(services.record_commitment_progress(c, by=user, **payload.dict()))


class MemberOut(Schema):
    id: int
    full_name: str
    position: str
    village: str
    term_start: dt.date
    term_end: dt.date | None


class BoardOut(Schema):
    id: int
    unit: str
    kind: str
    name: str
    project: str
    term_start: dt.date
    term_end: dt.date | None
    members: list[MemberOut]
    active_members: int
    warnings: list[str]


def board_out(b: Board) -> dict:
    return {
        "id": b.pk, "unit": b.unit.code, "kind": b.kind, "name": b.name, "project": b.project,
        "term_start": b.term_start, "term_end": b.term_end,
        "members": [member_out(m) for m in b.members.all()],
        "active_members": len(services.active_members(b)), "warnings": services.board_warnings(b),
    }  # fmt: skip


def member_out(m) -> dict:
    return {"id": m.pk, "full_name": m.full_name, "position": m.position, "village": m.village,
            "term_start": m.term_start, "term_end": m.term_end}  # fmt: skip


BoardPage = _page_schema("BoardPage", BoardOut)


@router.get(
    "/boards", response=BoardPage, summary="Ban Thanh tra nhân dân, Ban Giám sát đầu tư cộng đồng"
)
def list_boards(request, f: Query[ListFilter], page: Query[PageParams]):
    user = _user(request)
    qs = _filter(scoping.records(Board.objects.select_related("unit"), user), f, "term_start")
    return paginate(qs.prefetch_related("members").order_by("unit__name", "name"), page, board_out)


def _board_of(user, board_id) -> Board:
    qs = Board.objects.select_related("unit")
    return _visible(qs, user, board_id, "board.not_found", _("Không tìm thấy ban."))


@router.get("/boards/{board_id}", response=BoardOut, summary="Chi tiết ban")
def get_board(request, board_id: int):
    return board_out(_board_of(_user(request), board_id))


class BoardIn(Schema):
    unit: str = Field(..., max_length=20, description="mã xã, phường")
    kind: str = Field(..., pattern="^(inspection|investment)$",
                      description="inspection: Ban Thanh tra nhân dân; investment: Ban Giám sát đầu tư")  # fmt: skip
    name: str = Field(..., min_length=5, max_length=255)
    project: str = Field("", max_length=500)
    term_start: dt.date
    term_end: dt.date | None = None
    villages: int | None = Field(None, ge=1, le=500)


@router.post("/boards", response={201: BoardOut}, summary="Thành lập ban")
def create_board(request, payload: BoardIn):
    user = _user(request)
    unit = current_unit(payload.unit)
    services.require_front_writer(user, unit)
    board = services.create_board(payload.dict(exclude={"unit"}), unit=unit, by=user)
    return Status(201, board_out(_board_of(user, board.pk)))


class MemberIn(Schema):
    full_name: str = Field(..., min_length=3, max_length=150)
    position: str = Field("member", pattern="^(head|deputy|member)$")
    village: str = Field("", max_length=150)
    term_start: dt.date
    term_end: dt.date | None = None


@router.post("/boards/{board_id}/members", response={201: MemberOut},
             summary="Thêm thành viên ban")  # fmt: skip
def create_member(request, board_id: int, payload: MemberIn):
    user = _user(request)
    board = _board_of(user, board_id)
    services.require_front_writer(user, board.unit)
    return Status(201, member_out(services.add_board_member(board, payload.dict(), by=user)))


class DisclosureOut(Schema):
    id: int
    unit: str
    item_number: int
    item: str
    legal_basis: str
    year: int
    period: str
    due_on: dt.date
    disclosed_on: dt.date | None
    form: str
    document: str
    status: str


def disc_out(d: Disclosure) -> dict:
    return {
        "id": d.pk, "unit": d.unit.code, "item_number": d.item.number, "item": d.item.name,
        "legal_basis": d.item.legal_basis, "year": d.year, "period": d.period_label, "due_on": d.due_on,
        "disclosed_on": d.disclosed_on, "form": d.form, "document": d.document, "status": d.status(),
    }  # fmt: skip


DisclosurePage = _page_schema("DisclosurePage", DisclosureOut)


class DisclosureFilter(ListFilter):
    year: int | None = Field(None, ge=2023, le=2100)
    status: str | None = Field(None, pattern="^(done|late|overdue|pending)$")


@router.get(
    "/disclosures", response=DisclosurePage, summary="Công khai theo Luật Thực hiện dân chủ ở cơ sở"
)
def list_disclosures(request, f: Query[DisclosureFilter], page: Query[PageParams]):
    user = _user(request)
    qs = _filter(
        scoping.records(Disclosure.objects.select_related("unit", "item"), user), f, "due_on"
    )
    if f.year:
        qs = qs.filter(year=f.year)
    rows = qs.order_by("unit__name", "due_on", "item__number")
    if f.status:
        rows = [d for d in rows if d.status() == f.status]
        return paginate(_ListQS(rows), page, disc_out)
    return paginate(rows, page, disc_out)


class _ListQS(list):
    def count(self):  # what paginate asks of a queryset
        return len(self)


class ChecklistIn(Schema):
    unit: str = Field(..., max_length=20, description="mã xã, phường")
    year: int = Field(..., ge=2023, le=2100)


class ChecklistOut(Schema):
    unit: str
    year: int
    added: int
    due: int
    done: int


@router.post("/disclosures/checklist", response=ChecklistOut,
             summary="Lập danh mục công khai của xã, phường cho một năm")  # fmt: skip
def make_checklist(request, payload: ChecklistIn):
    user = _user(request)
    unit = current_unit(payload.unit)
    services.require_writer(user, unit)
    if payload.year > timezone.localdate().year + 1:
        raise Invalid("disclosure.bad_year", _("Năm không hợp lệ (Luật 10/2022 có hiệu lực từ 01/7/2023)."),
                      fields={"year": "invalid"})  # fmt: skip
    added = services.ensure_checklist(unit, payload.year)
    progress = services.disclosure_progress(unit, payload.year)
    return {"unit": unit.code, "year": payload.year, "added": added,
            "due": progress.denominator or 0, "done": progress.numerator or 0}  # fmt: skip


class DisclosureRecordIn(Schema):
    disclosed_on: dt.date
    form: str = Field(..., pattern="^(notice_board|website|loudspeaker|meeting|other)$")
    document: str = Field("", max_length=300)
    note: str = Field("", max_length=2000)


@router.post(
    "/disclosures/{disclosure_id}/record", response=DisclosureOut, summary="Ghi nhận đã công khai"
)
def record_disclosure(request, disclosure_id: int, payload: DisclosureRecordIn):
    user = _user(request)
    qs = Disclosure.objects.select_related("unit", "item")
    message = _("Không tìm thấy nội dung công khai.")
    d = _visible(qs, user, disclosure_id, "disclosure.not_found", message)
    return disc_out(services.record_disclosure(d, by=user, **payload.dict()))
