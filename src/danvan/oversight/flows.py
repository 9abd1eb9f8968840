"""The supervision and recommendation workflows, as tables run by danvan.workflow.

A supervision goes planned → notified → conducted → reported → recommendations sent → followed
up → closed (Law 75/2015 Arts. 25–29; NQLT 403/2017 Arts. 7–9). Each recommendation is followed
to the end on its own table: sent → answered → resolved, or unresolved → supervised again /
escalated to the level above; it may stay open across years. The machine caller
``oversight.reminders`` flags an overdue answer once (a background job, oversight/jobs.py).
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Role
from danvan.core.errors import Conflict, Invalid
from danvan.oversight.models import Recommendation, Supervision
from danvan.oversight.states import RecommendationState as R
from danvan.oversight.states import SupervisionState as S
from danvan.workflow import NEW, STAY, Transition, Workflow

FRONT = (Role.FRONT_OFFICER,)
REMINDERS = "oversight.reminders"  # the system caller of the reminder job


def _day(value, default=None):
    if value in (None, ""):
        return default
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise Invalid("oversight.bad_date", "Ngày không hợp lệ.", fields={"date": value}) from exc


def _today(ctx) -> dt.date:
    return timezone.localdate(ctx.now)


# --- supervision ----------------------------------------------------------------------------


def _notify(ctx) -> None:
    ctx.obj.notified_on = _day(ctx.data.get("notified_on"), _today(ctx))


def _conduct(ctx) -> None:
    s = ctx.obj
    s.started_on = _day(ctx.data.get("started_on"), s.started_on or _today(ctx))
    s.ended_on = _day(ctx.data.get("ended_on"), s.ended_on or s.started_on)
    if s.ended_on < s.started_on:
        raise Invalid(
            "supervision.bad_dates",
            "Ngày kết thúc không được trước ngày bắt đầu.",
            fields={"ended_on": str(s.ended_on)},
        )
    if ctx.data.get("members"):
        s.members = str(ctx.data["members"])[:5000]


def _report(ctx) -> None:
    s = ctx.obj
    findings = str(ctx.data.get("findings") or s.findings or "").strip()
    if len(findings) < 10:
        raise Invalid(
            "supervision.findings_required",
            "Hãy ghi kết quả giám sát (ít nhất 10 ký tự) trước khi báo cáo.",
            fields={"findings": "required"},
        )
    s.findings = findings[:20000]
    s.reported_on = _day(ctx.data.get("reported_on"), _today(ctx))
    if s.reported_on > _today(ctx) or (s.started_on and s.reported_on < s.started_on):
        raise Invalid(
            "supervision.bad_report_date",
            "Ngày báo cáo phải từ ngày tiến hành giám sát đến hôm nay.",
            fields={"reported_on": str(s.reported_on)},
        )


def _all_answered(ctx) -> None:
    waiting = ctx.obj.recommendations.filter(state__in=(R.SENT, R.ESCALATED)).count()
    if waiting:
        raise Conflict(
            "supervision.recommendations_open",
            f"Còn {waiting} kiến nghị chưa được trả lời: chưa thể kết thúc cuộc giám sát.",
        )


SUPERVISION_FLOW = Workflow(
    name="oversight.supervision",
    model=Supervision,
    states=S,
    closed={S.CLOSED, S.CANCELLED},
    error_prefix="supervision",
    noun=_("cuộc giám sát"),
    select_related=("unit",),
    audit_sentence=_("{label}: cuộc giám sát “{title}”"),
    audit_data=lambda ctx: {"title": ctx.obj.title[:120]},
    sample="danvan.oversight.samples.supervision",
    transitions=[
        Transition("plan", _("Lập kế hoạch giám sát"), {NEW}, S.PLANNED),
        Transition(
            "notify", _("Gửi kế hoạch cho đối tượng"), {S.PLANNED}, S.NOTIFIED, FRONT,
            effect=_notify,
        ),
        Transition(
            "conduct", _("Tiến hành giám sát"), {S.PLANNED, S.NOTIFIED}, S.CONDUCTED, FRONT,
            effect=_conduct,
        ),
        Transition("report", _("Báo cáo kết quả"), {S.CONDUCTED}, S.REPORTED, FRONT, effect=_report),
        Transition(
            "recommend", _("Gửi kiến nghị"), {S.REPORTED}, S.RECOMMENDED, FRONT,
        ),
        Transition(
            "follow_up", _("Theo dõi việc trả lời kiến nghị"), {S.RECOMMENDED}, S.FOLLOWED_UP, FRONT,
        ),
        Transition(
            "close", _("Kết thúc cuộc giám sát"), {S.REPORTED, S.RECOMMENDED, S.FOLLOWED_UP},
            S.CLOSED, FRONT, guard=_all_answered,
        ),
        Transition(
            "cancel", _("Hủy kế hoạch"), {S.PLANNED, S.NOTIFIED}, S.CANCELLED, FRONT,
            needs_reason=True,
        ),
    ],
)  # fmt: skip


# --- recommendation -------------------------------------------------------------------------


def _answer(ctx) -> None:
    rec = ctx.obj
    text = str(ctx.data.get("answer") or "").strip()
    if len(text) < 5:
        raise Invalid(
            "recommendation.answer_required",
            "Hãy ghi nội dung trả lời của cơ quan được kiến nghị.",
            fields={"answer": "required"},
        )
    answered_on = _day(ctx.data.get("answered_on"), _today(ctx))
    if answered_on < rec.sent_on or answered_on > _today(ctx):
        raise Invalid(
            "recommendation.bad_answer_date",
            "Ngày trả lời phải từ ngày gửi kiến nghị đến hôm nay.",
            fields={"answered_on": str(answered_on)},
        )
    rec.answer, rec.answered_on = text[:20000], answered_on
    rec.answer_document = str(ctx.data.get("answer_document") or "")[:300]
    ctx.data["late"] = rec.answered_late


def _resolve(ctx) -> None:
    ctx.obj.resolved_on = _today(ctx)


def _escalate(ctx) -> None:
    rec = ctx.obj
    to = str(ctx.data.get("escalated_to") or "").strip()
    if len(to) < 3:
        raise Invalid(
            "recommendation.escalated_to_required",
            "Hãy ghi cơ quan cấp trên nhận kiến nghị.",
            fields={"escalated_to": "required"},
        )
    rec.escalated_to = to[:300]
    rec.due_on = _new_due(ctx, required=False) or rec.due_on
    rec.overdue_flagged_on = None


def _new_due(ctx, *, required: bool):
    due = _day(ctx.data.get("due_on"))
    if due is None and required:
        raise Invalid(
            "recommendation.due_required",
            "Hãy chọn hạn trả lời mới.",
            fields={"due_on": "required"},
        )
    if due is not None and due <= _today(ctx):
        raise Invalid(
            "recommendation.due_in_past",
            "Hạn trả lời mới phải sau ngày hôm nay.",
            fields={"due_on": str(due)},
        )
    return due


def _resupervise(ctx) -> None:
    rec = ctx.obj
    rec.due_on = _new_due(ctx, required=True)
    rec.follow_ups += 1
    rec.answered_on, rec.overdue_flagged_on = None, None


def _overdue(ctx) -> None:
    rec = ctx.obj
    if not rec.is_overdue(_today(ctx)) or rec.overdue_flagged_on is not None:
        raise Conflict("recommendation.not_overdue", "Kiến nghị chưa quá hạn hoặc đã được nhắc.")


def _flag(ctx) -> None:
    ctx.obj.overdue_flagged_on = _today(ctx)


RECOMMENDATION_FLOW = Workflow(
    name="oversight.recommendation",
    model=Recommendation,
    states=R,
    closed={R.RESOLVED},
    error_prefix="recommendation",
    noun=_("kiến nghị"),
    select_related=("unit",),
    audit_sentence=_("{label}: kiến nghị gửi {addressee}"),
    audit_data=lambda ctx: {"addressee": ctx.obj.addressee[:120]},
    sample="danvan.oversight.samples.recommendation",
    transitions=[
        Transition("send", _("Gửi kiến nghị"), {NEW}, R.SENT),
        Transition(
            "answer", _("Ghi nhận trả lời"), {R.SENT, R.ESCALATED}, R.ANSWERED, FRONT,
            effect=_answer,
        ),
        Transition("resolve", _("Đã giải quyết xong"), {R.ANSWERED}, R.RESOLVED, FRONT,
                   effect=_resolve),
        Transition(
            "unresolve", _("Chưa giải quyết"), {R.ANSWERED}, R.UNRESOLVED, FRONT,
            needs_reason=True,
        ),
        Transition(
            "resupervise", _("Giám sát lại"), {R.UNRESOLVED}, R.SENT, FRONT, effect=_resupervise,
        ),
        Transition(
            "escalate", _("Kiến nghị lên cấp trên"), {R.SENT, R.UNRESOLVED}, R.ESCALATED, FRONT,
            needs_reason=True, effect=_escalate,
        ),
        Transition(
            "flag_overdue", _("Nhắc quá hạn trả lời"), {R.SENT, R.ESCALATED}, STAY,
            guard=_overdue, effect=_flag,
        ),
    ],
)  # fmt: skip
