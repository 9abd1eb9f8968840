"""What the oversight pages, the API, the import and the demo do: every write is here."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import scope
from danvan.audit.services import record
from danvan.core.errors import Forbidden, Invalid, NotFound
from danvan.oversight import rules, scoping
from danvan.oversight.models import (
    Board,
    CriticismComment,
    CriticismSession,
    Dialogue,
    Disclosure,
    DisclosureItem,
    Recommendation,
    Supervision,
)
from danvan.oversight.states import (
    BoardKind,
    BoardPosition,
    CommentResponse,
    DisclosurePeriod,
    Level,
    RecommendationState,
    SupervisionForm,
    SupervisionState,
)
from danvan.units.models import UnitKind
from danvan.workflow import create, transition

LEVEL_OF_KIND = {
    UnitKind.PROVINCE: Level.CITY,
    UnitKind.DISTRICT: Level.DISTRICT,
    UnitKind.COMMUNE: Level.COMMUNE,
    UnitKind.VILLAGE: Level.COMMUNE,
}


def level_of(unit) -> str:
    return LEVEL_OF_KIND.get(unit.kind, Level.COMMUNE)


def require_writer(user, unit) -> None:
    if not scoping.can_write(user, unit):
        if scope.covers(user, unit, scoping.READERS):
            raise Forbidden(
                "oversight.read_only", _("Bạn chỉ được xem; việc ghi do cán bộ Mặt trận thực hiện.")
            )
        raise NotFound()


def require_front_writer(user, unit) -> None:
    """Registers kept by the Front committee itself (criticism, dialogues, boards): a member
    organization's officer writes her own supervisions only."""
    require_writer(user, unit)
    if scoping.organization_kind(user):
        raise Forbidden(
            "oversight.read_only",
            _("Việc này do Ủy ban MTTQ thực hiện, không do tổ chức thành viên."),
        )


# --- supervisions and recommendations ------------------------------------------------------


@dataclass
class SupervisionInput:
    organizer: object
    form: str
    subject_kind: str
    subject: str
    title: str
    planned_on: dt.date
    content: str = ""
    members: str = ""
    board: object = None


def plan_supervision(data: SupervisionInput, *, unit, by) -> Supervision:
    require_writer(by, unit)
    org = data.organizer
    if org is None or not unit.path.startswith(org.unit.path):
        raise Invalid(
            "supervision.bad_organizer",
            _("Cơ quan chủ trì phải là Ủy ban MTTQ hoặc tổ chức thành viên của đơn vị này."),
            fields={"organizer": "invalid"},
        )
    limited = scoping.organization_kind(by)
    if limited and org.kind != limited:
        raise Invalid(
            "supervision.other_organization",
            _("Bạn chỉ lập kế hoạch giám sát do tổ chức của mình chủ trì."),
            fields={"organizer": "invalid"},
        )
    if data.form == SupervisionForm.BOARD and data.board is None:
        raise Invalid(
            "supervision.board_required",
            _(
                "Giám sát thông qua Ban Thanh tra nhân dân hoặc Ban Giám sát đầu tư của cộng đồng "
                "cần chọn ban."
            ),
            fields={"board": "required"},
        )
    if data.board is not None and data.board.unit_id != unit.pk:
        raise Invalid("supervision.bad_board", _("Ban được chọn không thuộc đơn vị này."))
    sup = Supervision(
        unit=unit,
        level=level_of(unit),
        organizer=org,
        form=data.form,
        board=data.board,
        subject_kind=data.subject_kind,
        subject=data.subject.strip(),
        title=data.title.strip(),
        content=data.content.strip(),
        members=data.members.strip(),
        planned_on=data.planned_on,
        created_by=by,
    )
    # A resent form is caught by its one-time token (views) or the Idempotency-Key (API); two
    # organizations may well plan supervisions with the same title on the same day.
    return create(sup, "plan", by=by)


def get_supervision(user, pk) -> Supervision:
    qs = Supervision.objects.select_related("unit", "organizer", "board")
    found = scoping.supervisions(qs, user).filter(pk=pk).first()
    if found is None:
        raise NotFound("supervision.not_found", _("Không tìm thấy cuộc giám sát."))
    return found


def get_recommendation(user, pk) -> Recommendation:
    qs = Recommendation.objects.select_related("unit", "supervision", "supervision__organizer")
    found = scoping.recommendations(qs, user).filter(pk=pk).first()
    if found is None:
        raise NotFound("recommendation.not_found", _("Không tìm thấy kiến nghị."))
    return found


@dataclass
class RecommendationInput:
    addressee: str
    content: str
    sent_on: dt.date
    due_on: dt.date | None = None
    deadline_days: int | None = None
    deadline_unit: str = ""


def _deadline(data: RecommendationInput, sup: Supervision) -> tuple[dt.date, str]:
    """The answer's due date: the one given, or N days / working days after sending, or the
    statutory 15 days for a board's recommendation. A Front recommendation has no default."""
    if data.due_on is not None:
        return data.due_on, rules.FRONT_REPLY_BASIS
    if data.deadline_days:
        if data.deadline_unit not in ("d", "wd"):
            raise Invalid(
                "recommendation.bad_deadline_unit",
                _("Đơn vị thời hạn phải là “ngày” hoặc “ngày làm việc”."),
                fields={"deadline_unit": "invalid"},
            )
        due = rules.add(data.sent_on, data.deadline_days, data.deadline_unit, sup.unit)
        return due, rules.FRONT_REPLY_BASIS
    if sup.form == SupervisionForm.BOARD and sup.board is not None:
        code = "board_reply" if sup.board.kind == BoardKind.INSPECTION else "investment_board_reply"
        return rules.due(code, data.sent_on, sup.unit), rules.RULES[code].basis
    raise Invalid(
        "recommendation.due_required",
        _(
            "Hãy ấn định hạn trả lời kiến nghị (luật không quy định số ngày cho kiến nghị của Mặt "
            "trận)."
        ),
        fields={"due_on": "required"},
    )


def add_recommendation(sup: Supervision, data: RecommendationInput, *, by) -> Recommendation:
    require_writer(by, sup.unit)
    if sup.state not in (
        SupervisionState.REPORTED,
        SupervisionState.RECOMMENDED,
        SupervisionState.FOLLOWED_UP,
    ):
        raise Invalid(
            "recommendation.supervision_not_reported",
            _("Chỉ gửi kiến nghị sau khi cuộc giám sát đã có báo cáo kết quả."),
        )
    if len(data.addressee.strip()) < 3 or len(data.content.strip()) < 10:
        raise Invalid(
            "recommendation.incomplete",
            _("Hãy ghi nơi nhận và nội dung kiến nghị (ít nhất 10 ký tự)."),
            fields={"content": "required"},
        )
    today = timezone.localdate()
    if data.sent_on > today or data.sent_on < (sup.reported_on or sup.planned_on):
        raise Invalid(
            "recommendation.bad_sent_on",
            _("Ngày gửi kiến nghị phải từ ngày báo cáo kết quả giám sát đến hôm nay."),
            fields={"sent_on": str(data.sent_on)},
        )
    due_on, basis = _deadline(data, sup)
    if due_on <= data.sent_on:
        raise Invalid(
            "recommendation.due_before_sent",
            _("Hạn trả lời phải sau ngày gửi kiến nghị."),
            fields={"due_on": str(due_on)},
        )
    rec = Recommendation(
        supervision=sup,
        board=sup.board,
        unit=sup.unit,
        addressee=data.addressee.strip()[:300],
        content=data.content.strip(),
        sent_on=data.sent_on,
        deadline_days=data.deadline_days,
        deadline_unit=data.deadline_unit if data.deadline_days else "",
        deadline_basis=basis,
        due_on=due_on,
    )
    with transaction.atomic():
        locked = Supervision.objects.select_for_update().get(pk=sup.pk)
        same = locked.recommendations.filter(addressee=rec.addressee, content=rec.content).first()
        if same is not None:
            return same  # a second submit: one recommendation
        create(rec, "send", by=by)
        if locked.state == SupervisionState.REPORTED:
            transition(locked, "recommend", by=by, expected_version=locked.version)
    return rec


def overdue(qs, today=None):
    today = today or timezone.localdate()
    return qs.filter(
        state__in=(RecommendationState.SENT, RecommendationState.ESCALATED), due_on__lt=today
    )


def supervision_warnings(sup: Supervision) -> list[str]:
    out = []
    start = sup.started_on or sup.planned_on
    if sup.form == SupervisionForm.BOARD and sup.board and sup.board.kind == BoardKind.INSPECTION:
        code, what = "board_plan_notice", _("5 ngày làm việc")
    else:
        code, what = "supervision_plan_notice", _("15 ngày")
    basis = _(rules.RULES[code].basis)
    if sup.notified_on is None:
        if (
            sup.state == SupervisionState.PLANNED
            and rules.due(code, timezone.localdate(), sup.unit) > start
        ):
            out.append(
                _("Chưa gửi kế hoạch cho đối tượng; phải gửi trước ít nhất %(what)s (%(basis)s).")
                % {"what": what, "basis": basis}
            )
    elif rules.due(code, sup.notified_on, sup.unit) > start:
        out.append(
            _(
                "Kế hoạch gửi ngày %(sent)s, chưa đủ %(what)s trước ngày giám sát %(start)s "
                "(%(basis)s)."
            )
            % {
                "sent": f"{sup.notified_on:%d/%m/%Y}",
                "what": what,
                "start": f"{start:%d/%m/%Y}",
                "basis": basis,
            }  # fmt: skip
        )
    return out


# --- dialogues ------------------------------------------------------------------------------


def _notice_warning(d: Dialogue) -> str | None:
    notice = rules.RULES["dialogue_notice"]
    if d.notice_published_on is None:
        return _("Chưa thông báo hội nghị (phải trước ít nhất %(days)s ngày, %(basis)s).") % {
            "days": notice.days, "basis": _(notice.basis)
        }  # fmt: skip
    ahead = (d.held_on - d.notice_published_on).days
    if ahead < notice.days:
        return _("Thông báo trước %(ahead)s ngày, chưa đủ %(days)s ngày (%(basis)s).") % {
            "ahead": ahead, "days": notice.days, "basis": _(notice.basis)
        }  # fmt: skip
    return None


def _results_warning(d: Dialogue, today) -> str | None:
    results = rules.RULES["dialogue_results"]
    limit = d.held_on + dt.timedelta(days=results.days)
    values = {"days": results.days, "limit": f"{limit:%d/%m/%Y}", "basis": _(results.basis)}
    if d.held_on > today:
        return None
    if d.results_published_on is None and today > limit:
        return _(
            "Quá %(days)s ngày chưa công khai kết quả (hạn %(limit)s, %(basis)s)."
        ) % values  # fmt: skip
    if d.results_published_on is not None and d.results_published_on > limit:
        return _(
            "Kết quả công khai ngày %(on)s, quá hạn %(days)s ngày (%(basis)s)."
        ) % {**values, "on": f"{d.results_published_on:%d/%m/%Y}"}  # fmt: skip
    return None


def dialogue_warnings(d: Dialogue, today=None) -> list[str]:
    today = today or timezone.localdate()
    return [w for w in (_notice_warning(d), _results_warning(d, today)) if w]


# --- boards ---------------------------------------------------------------------------------


def active_members(board: Board, day=None):
    day = day or timezone.localdate()
    return [
        m
        for m in board.members.all()
        if m.term_start <= day and (m.term_end is None or m.term_end >= day) and m.left_on is None
    ]


def board_warnings(board: Board, day=None) -> list[str]:
    members = active_members(board, day)
    out = []
    if board.kind == BoardKind.INSPECTION:
        need = rules.inspection_board_size(board.villages)
        if len(members) < need:
            out.append(
                _(
                    "Ban có %(n)s thành viên, cần ít nhất %(need)s (Luật Thực hiện dân chủ ở "
                    "cơ sở 2022, Điều 36; Nghị định 59/2023, Điều 13)."
                )
                % {"n": len(members), "need": need}
            )
    elif len(members) < rules.INVESTMENT_BOARD_MIN_MEMBERS:
        out.append(
            _("Ban có %(n)s thành viên, cần ít nhất %(need)s (Nghị định 59/2023, Điều 17).")
            % {"n": len(members), "need": rules.INVESTMENT_BOARD_MIN_MEMBERS}
        )
    deputies = sum(1 for m in members if m.position == BoardPosition.DEPUTY)
    if deputies > rules.BOARD_MAX_DEPUTIES:
        out.append(
            _("Ban có %(n)s Phó Trưởng ban, tối đa %(max)s.")
            % {"n": deputies, "max": rules.BOARD_MAX_DEPUTIES}
        )
    if board.term_end and board.term_end < (day or timezone.localdate()) and not board.dissolved_on:
        out.append(
            _("Nhiệm kỳ của ban đã hết ngày %(end)s.") % {"end": f"{board.term_end:%d/%m/%Y}"}
        )
    return out


# --- social criticism -----------------------------------------------------------------------


def respond_to_comment(comment: CriticismComment, response: str, reason: str, *, by) -> None:
    session = comment.session
    require_writer(by, session.unit)
    if response not in CommentResponse.values or response == CommentResponse.PENDING:
        raise Invalid(
            "criticism.bad_response",
            _("Hãy chọn: tiếp thu, tiếp thu một phần hoặc không tiếp thu."),
        )
    if response != CommentResponse.TAKEN_UP and len(reason.strip()) < 5:
        raise Invalid(
            "criticism.reason_required",
            _(
                "Ý kiến không được tiếp thu (hoặc chỉ một phần) cần có giải trình của cơ quan soạn thảo."
            ),
            fields={"response_reason": "required"},
        )
    with transaction.atomic():
        comment.response, comment.response_reason = response, reason.strip()
        comment.save(update_fields=["response", "response_reason"])
        record(
            "oversight.criticism.response",
            actor=by,
            unit=session.unit,
            obj=session,
            data={"draft": session.draft_title[:120], "response": response},
        )


def criticism_counts(session: CriticismSession) -> dict:
    rows = list(session.comments.values_list("response", flat=True))
    return {
        "total": len(rows),
        "taken_up": rows.count(CommentResponse.TAKEN_UP),
        "partly": rows.count(CommentResponse.PARTLY),
        "not_taken": rows.count(CommentResponse.NOT_TAKEN),
        "pending": rows.count(CommentResponse.PENDING),
    }


# --- disclosures ----------------------------------------------------------------------------


def _quarter_end(year: int, q: int) -> dt.date:
    month = q * 3
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _periods(item: DisclosureItem, year: int, unit) -> list[tuple[str, dt.date]]:
    if item.period == DisclosurePeriod.QUARTERLY:
        return [
            (f"Quý {q}/{year}", rules.add(_quarter_end(year, q), item.lag_working_days, "wd", unit))
            for q in range(1, 5)
        ]
    last = calendar.monthrange(year, item.due_month)[1]
    return [(f"Năm {year}", dt.date(year, item.due_month, min(item.due_day, last)))]


def ensure_checklist(unit, year: int) -> int:
    """The commune's obligations for the year (idempotent); returns how many were added."""
    if unit.kind != UnitKind.COMMUNE:
        raise Invalid("disclosure.not_commune", _("Danh mục công khai áp dụng cho xã, phường."))
    existing = set(
        Disclosure.objects.filter(unit=unit, year=year).values_list("item_id", "period_label")
    )
    new = [
        Disclosure(unit=unit, item=item, year=year, period_label=label, due_on=due)
        for item in DisclosureItem.objects.filter(active=True)
        for label, due in _periods(item, year, unit)
        if (item.pk, label) not in existing
    ]
    Disclosure.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def record_disclosure(d: Disclosure, *, disclosed_on, form, document="", note="", by) -> Disclosure:
    require_writer(by, d.unit)
    if disclosed_on > timezone.localdate():
        raise Invalid(
            "disclosure.future",
            _("Ngày công khai không được sau hôm nay."),
            fields={"disclosed_on": "future"},
        )
    if disclosed_on.year < d.year:
        raise Invalid("disclosure.bad_date", _("Ngày công khai phải trong năm của kỳ công khai."))
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().get(pk=d.pk)
        if locked.disclosed_on is not None:
            return locked  # a second submit: one effect
        locked.disclosed_on, locked.form = disclosed_on, form
        locked.document, locked.note, locked.recorded_by = document[:300], note, by
        locked.save()
        record(
            "oversight.disclosure.recorded",
            actor=by,
            unit=d.unit,
            obj=locked,
            data={"item": locked.item.name[:120], "period": locked.period_label},
        )
    return locked


# --- creation of the other registers (double submits give one record) -----------------------


def create_criticism(data: dict, *, unit, by) -> CriticismSession:
    require_writer(by, unit)
    received, due = data.get("received_on"), data.get("comments_due_on")
    if received and due and due < received:
        raise Invalid(
            "criticism.bad_dates",
            _("Hạn gửi ý kiến phải sau ngày nhận dự thảo."),
            fields={"comments_due_on": "invalid"},
        )
    with transaction.atomic():
        found = CriticismSession.objects.filter(
            unit=unit, draft_title=data["draft_title"].strip(), held_on=data["held_on"]
        ).first()
        if found:
            return found
        session = CriticismSession.objects.create(unit=unit, level=level_of(unit), **_clean(data))
        record(
            "oversight.criticism.created",
            actor=by,
            unit=unit,
            obj=session,
            data={"draft": session.draft_title[:120]},
        )
    return session


def add_comment(session: CriticismSession, *, author: str, content: str, by) -> CriticismComment:
    require_writer(by, session.unit)
    with transaction.atomic():
        found = session.comments.filter(author=author.strip(), content=content.strip()).first()
        if found:
            return found
        comment = session.comments.create(author=author.strip(), content=content.strip())
        record(
            "oversight.criticism.comment",
            actor=by,
            unit=session.unit,
            obj=session,
            data={"draft": session.draft_title[:120]},
        )
    return comment


def dialogue_date_problems(data: dict, today=None) -> list[tuple[str, str]]:
    """[(field, Vietnamese message)] for a dialogue's dates out of order (the form and the API)."""
    today = today or timezone.localdate()
    held, notice = data.get("held_on"), data.get("notice_published_on")
    published = data.get("results_published_on")
    out = []
    if held and notice and notice > held:
        out.append(("notice_published_on", _("Thông báo phải trước ngày tổ chức.")))
    if held and published and published < held:
        out.append(("results_published_on", _("Kết quả chỉ công khai sau ngày tổ chức.")))
    if published and published > today:
        out.append(("results_published_on", _("Ngày công khai không được sau hôm nay.")))
    return out


def create_dialogue(data: dict, *, unit, by) -> Dialogue:
    require_writer(by, unit)
    problems = dialogue_date_problems(data)
    if problems:
        field, message = problems[0]
        raise Invalid("dialogue.bad_dates", message, fields={field: "invalid"})
    with transaction.atomic():
        found = Dialogue.objects.filter(
            unit=unit, title=data["title"].strip(), held_on=data["held_on"]
        ).first()
        if found:
            return found
        d = Dialogue.objects.create(unit=unit, level=level_of(unit), **_clean(data))
        record("oversight.dialogue.created", actor=by, unit=unit, obj=d, data={"title": d.title})
    return d


def _clean(data: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}


def publish_dialogue_results(d: Dialogue, *, results: str, published_on, by) -> Dialogue:
    require_writer(by, d.unit)
    if published_on < d.held_on or published_on > timezone.localdate():
        raise Invalid(
            "dialogue.bad_published_on",
            _("Ngày công khai kết quả phải từ ngày tổ chức hội nghị đến hôm nay."),
            fields={"results_published_on": str(published_on)},
        )
    if len(results.strip()) < 10:
        raise Invalid(
            "dialogue.results_required",
            _("Hãy ghi kết quả hội nghị (ít nhất 10 ký tự)."),
            fields={"results": "required"},
        )
    with transaction.atomic():
        locked = Dialogue.objects.select_for_update().get(pk=d.pk)
        if locked.results_published_on is not None:
            return locked  # already published: a second submit changes nothing
        locked.results, locked.results_published_on = results.strip(), published_on
        locked.save(update_fields=["results", "results_published_on"])
        record(
            "oversight.dialogue.updated", actor=by, unit=d.unit, obj=locked, data={"title": d.title}
        )
    return locked


def complete_commitment(commitment, *, done_on, by):
    dialogue = commitment.dialogue
    require_writer(by, dialogue.unit)
    if done_on > timezone.localdate() or done_on < dialogue.held_on:
        raise Invalid(
            "dialogue.bad_done_on", _("Ngày hoàn thành phải từ ngày hội nghị đến hôm nay.")
        )
    with transaction.atomic():
        updated = (
            type(commitment)
            .objects.filter(pk=commitment.pk, done_on__isnull=True)
            .update(done_on=done_on)
        )
        if updated:
            record(
                "oversight.dialogue.updated",
                actor=by,
                unit=dialogue.unit,
                obj=dialogue,
                data={"title": dialogue.title},
            )
    return updated == 1


# --- boards and their members (Law 10/2022 Arts. 36-45) ------------------------------------

BOARD_FIELDS = ("kind", "name", "project", "term_start", "term_end", "villages", "dissolved_on")
MEMBER_FIELDS = ("full_name", "position", "village", "term_start", "term_end", "left_on")


def _check_board(data: dict, unit, board: Board | None = None) -> None:
    if unit.kind != UnitKind.COMMUNE:
        raise Invalid(
            "board.not_commune",
            _(
                "Ban Thanh tra nhân dân và Ban Giám sát đầu tư của cộng đồng được thành lập ở xã, "
                "phường; hãy chọn xã, phường."
            ),
            fields={"unit": "invalid"},
        )
    kind = data.get("kind") or (board.kind if board else "")
    if kind not in BoardKind.values:
        raise Invalid("board.bad_kind", _("Loại ban không hợp lệ."), fields={"kind": "invalid"})
    if kind == BoardKind.INVESTMENT and len((data.get("project") or "").strip()) < 5:
        raise Invalid(
            "board.project_required",
            _(
                "Ban Giám sát đầu tư của cộng đồng được thành lập cho một chương trình, dự án: hãy "
                "ghi tên dự án."
            ),
            fields={"project": "required"},
        )
    start, end = data.get("term_start"), data.get("term_end")
    if start and end and end <= start:
        raise Invalid(
            "board.bad_term",
            _("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."),
            fields={"term_end": "invalid"},
        )
    dissolved = data.get("dissolved_on")
    if dissolved and (dissolved > timezone.localdate() or (start and dissolved < start)):
        raise Invalid(
            "board.bad_dissolved_on",
            _("Ngày giải thể phải từ ngày bắt đầu nhiệm kỳ đến hôm nay."),
            fields={"dissolved_on": "invalid"},
        )
    if kind == BoardKind.INSPECTION and not dissolved:
        others = Board.objects.filter(
            unit=unit, kind=BoardKind.INSPECTION, dissolved_on__isnull=True
        )
        if board is not None:
            others = others.exclude(pk=board.pk)
        if others.exists():
            raise Invalid(
                "board.inspection_exists",
                _(
                    "Mỗi xã, phường chỉ có một Ban Thanh tra nhân dân đang hoạt động (Luật Thực hiện "
                    "dân chủ ở cơ sở 2022, Điều 36)."
                ),
                fields={"kind": "duplicate"},
            )


def create_board(data: dict, *, unit, by) -> Board:
    require_writer(by, unit)
    if scoping.organization_kind(by):
        raise Forbidden("oversight.read_only", _("Ban do Ủy ban MTTQ cấp xã thành lập."))
    data = _clean({k: v for k, v in data.items() if k in BOARD_FIELDS})
    data.pop("dissolved_on", None)
    _check_board(data, unit)
    with transaction.atomic():
        found = Board.objects.filter(unit=unit, kind=data["kind"], name=data["name"]).first()
        if found is not None:
            return found  # the same board sent again: one record
        board = Board.objects.create(unit=unit, **data)
        record("oversight.board.created", actor=by, unit=unit, obj=board, data={"name": board.name})
    return board


def update_board(board: Board, data: dict, *, by) -> Board:
    require_writer(by, board.unit)
    data = _clean({k: v for k, v in data.items() if k in BOARD_FIELDS})
    data["kind"] = board.kind  # a board does not change kind; make a new one instead
    _check_board(data, board.unit, board)
    with transaction.atomic():
        locked = Board.objects.select_for_update().get(pk=board.pk)
        changed = [k for k, v in data.items() if getattr(locked, k) != v]
        for key in changed:
            setattr(locked, key, data[key])
        if changed:
            locked.save(update_fields=changed)
            record(
                "oversight.board.updated",
                actor=by,
                unit=locked.unit,
                obj=locked,
                data={"name": locked.name, "fields": ", ".join(changed)},
            )
    return locked


def _check_member(board: Board, data: dict, member=None) -> None:
    start, end, left = data.get("term_start"), data.get("term_end"), data.get("left_on")
    if start and start < board.term_start:
        raise Invalid(
            "board.member_before_board",
            _("Nhiệm kỳ của thành viên không được trước nhiệm kỳ của ban (%(start)s).")
            % {"start": f"{board.term_start:%d/%m/%Y}"},
            fields={"term_start": "invalid"},
        )
    if start and end and end <= start:
        raise Invalid(
            "board.bad_member_term",
            _("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."),
            fields={"term_end": "invalid"},
        )
    if left and (left > timezone.localdate() or (start and left < start)):
        raise Invalid(
            "board.bad_left_on",
            _("Ngày thôi làm thành viên phải từ ngày bắt đầu nhiệm kỳ đến hôm nay."),
            fields={"left_on": "invalid"},
        )
    if data.get("position") == BoardPosition.HEAD and not left:
        heads = [
            m
            for m in active_members(board)
            if m.position == BoardPosition.HEAD and (member is None or m.pk != member.pk)
        ]
        if heads:
            raise Invalid(
                "board.head_exists",
                _("Ban đã có Trưởng ban (%(name)s); hãy ghi ngày thôi của người cũ trước.")
                % {"name": heads[0].full_name},
                fields={"position": "duplicate"},
            )


def add_board_member(board: Board, data: dict, *, by):
    require_writer(by, board.unit)
    data = _clean({k: v for k, v in data.items() if k in MEMBER_FIELDS})
    data.pop("left_on", None)
    with transaction.atomic():
        locked = Board.objects.select_for_update().get(pk=board.pk)
        found = locked.members.filter(
            full_name=data["full_name"], term_start=data["term_start"]
        ).first()
        if found is not None:
            return found  # the same member sent again
        _check_member(locked, data)
        member = locked.members.create(**data)
        record(
            "oversight.board.member_added",
            actor=by,
            unit=locked.unit,
            obj=locked,
            data={"member": member.full_name, "name": locked.name},
        )
    return member


def update_board_member(member, data: dict, *, by):
    board = member.board
    require_writer(by, board.unit)
    data = _clean({k: v for k, v in data.items() if k in MEMBER_FIELDS})
    with transaction.atomic():
        Board.objects.select_for_update().get(pk=board.pk)
        locked = type(member).objects.get(pk=member.pk)
        _check_member(board, data, locked)
        changed = [k for k, v in data.items() if getattr(locked, k) != v]
        for key in changed:
            setattr(locked, key, data[key])
        if changed:
            locked.save()
            record(
                "oversight.board.member_updated",
                actor=by,
                unit=board.unit,
                obj=board,
                data={"member": locked.full_name, "name": board.name, "fields": ", ".join(changed)},
            )
    return locked


# --- dialogue questions and answers ---------------------------------------------------------


def add_question(d: Dialogue, data: dict, *, by):
    require_writer(by, d.unit)
    data = _clean(data)
    if data.get("answer") and not data.get("answered_by"):
        raise Invalid(
            "dialogue.answered_by_required",
            _("Hãy ghi người trả lời."),
            fields={"answered_by": "required"},
        )
    same = {"asked_by": data["asked_by"], "topic": data["topic"]}
    return _add_once(d, "questions", same, data, lambda locked, row: record(
        "oversight.dialogue.question", actor=by, unit=d.unit, obj=locked,
        data={"title": locked.title, "topic": row.topic[:120]}))  # fmt: skip


def add_commitment(d: Dialogue, data: dict, *, by):
    """A commitment made at the conference, with who carries it out and by when; followed until
    it is marked done (complete_commitment)."""
    require_writer(by, d.unit)
    data = _clean({k: data.get(k) for k in ("content", "owner", "due_on")})
    if data["due_on"] is None or data["due_on"] < d.held_on:
        raise Invalid(
            "dialogue.bad_commitment_due_on",
            _("Hạn thực hiện cam kết phải từ ngày tổ chức hội nghị trở đi."),
            fields={"due_on": "invalid"},
        )
    return _add_once(d, "commitments", data, data, lambda locked, row: record(
        "oversight.dialogue.commitment", actor=by, unit=d.unit, obj=locked,
        data={"title": locked.title, "content": row.content[:120]}))  # fmt: skip


def _add_once(d: Dialogue, related: str, same: dict, data: dict, audit):
    """A question or commitment added to the dialogue under its row lock, once: the same one sent
    again (a double submit) is returned, not added twice; `audit(locked dialogue, new row)`
    records the addition in the same transaction."""
    with transaction.atomic():
        locked = Dialogue.objects.select_for_update().get(pk=d.pk)
        rows = getattr(locked, related)
        found = rows.filter(**same).first()
        if found is not None:
            return found
        row = rows.create(**data)
        audit(locked, row)
    return row


def answer_question(question, *, answer: str, answered_by: str, by):
    d = question.dialogue
    require_writer(by, d.unit)
    answer, answered_by = answer.strip(), answered_by.strip()
    if len(answer) < 5:
        raise Invalid(
            "dialogue.answer_required",
            _("Hãy ghi nội dung trả lời (ít nhất 5 ký tự)."),
            fields={"answer": "required"},
        )
    if len(answered_by) < 3:
        raise Invalid(
            "dialogue.answered_by_required",
            _("Hãy ghi người trả lời."),
            fields={"answered_by": "required"},
        )
    with transaction.atomic():
        locked = type(question).objects.select_for_update().get(pk=question.pk)
        if (locked.answer, locked.answered_by) == (answer, answered_by):
            return locked
        locked.answer, locked.answered_by = answer, answered_by
        locked.save(update_fields=["answer", "answered_by"])
        record(
            "oversight.dialogue.answer",
            actor=by,
            unit=d.unit,
            obj=d,
            data={"title": d.title, "topic": locked.topic[:120]},
        )
    return locked


def record_commitment_progress(commitment, *, progress: str, done_on=None, by):
    """Where a commitment stands (a note of its progress, dated today) and, with done_on, that
    it was carried out: a commitment is followed until done (its state and overdue flag come
    from the model). Sending the same progress again changes nothing."""
    dialogue = commitment.dialogue
    require_writer(by, dialogue.unit)
    progress = (progress or "").strip()
    if len(progress) < 5 and done_on is None:
        raise Invalid(
            "dialogue.progress_required",
            _("Hãy ghi tiến độ thực hiện cam kết (ít nhất 5 ký tự) hoặc ngày hoàn thành."),
            fields={"progress": "required"},
        )
    today = timezone.localdate()
    if done_on is not None and (done_on > today or done_on < dialogue.held_on):
        raise Invalid(
            "dialogue.bad_done_on",
            _("Ngày hoàn thành phải từ ngày hội nghị đến hôm nay."),
            fields={"done_on": "invalid"},
        )
    with transaction.atomic():
        locked = type(commitment).objects.select_for_update().get(pk=commitment.pk)
        changed = []
        if progress and progress != locked.progress:
            locked.progress, locked.progress_on = progress, today
            changed += ["progress", "progress_on"]
        if done_on is not None and locked.done_on is None:
            locked.done_on = done_on
            changed.append("done_on")
        if changed:
            locked.save(update_fields=changed)
            record(
                "oversight.dialogue.commitment_progress",
                actor=by,
                unit=dialogue.unit,
                obj=dialogue,
                data={"title": dialogue.title, "content": locked.content[:120],
                      "state": locked.state(today)},
            )  # fmt: skip
    return locked


def disclosure_progress(unit, year: int, today=None):
    """The one figure of a commune's (or a subtree's) disclosures for the year, shown by the home
    page's tile and the disclosures page alike: the items whose due date has passed by today
    (due before today), and of them those disclosed by their due date. Items not yet due count
    in neither. Returns the indicator's Result (numerator done, denominator due)."""
    from danvan.core.indicators import evaluate

    today = today or timezone.localdate()
    start, end = _due_by(year, today)
    if end < start:
        end = start - dt.timedelta(days=1)  # a year not begun: nothing due yet
    return evaluate("oversight.disclosure_rate", unit=unit, start=start, end=end)


def _due_by(year: int, today) -> tuple[dt.date, dt.date]:
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today - dt.timedelta(days=1))
    return start, end


def disclosure_progress_by_unit(units, year: int, today=None) -> dict[int, tuple[int, int, int]]:
    """{unit id: (items of the year, due, done)} for many communes in one query, counted as
    disclosure_progress counts (items due before today; done: disclosed by the due date)."""
    from danvan.oversight.indicators import DONE

    today = today or timezone.localdate()
    start, end = _due_by(year, today)
    due = Q(due_on__gte=start, due_on__lte=end)
    rows = (
        Disclosure.objects.filter(unit__in=units, year=year)
        .values("unit_id")
        .annotate(
            items=Count("id"), due=Count("id", filter=due), done=Count("id", filter=due & DONE)
        )
    )
    return {r["unit_id"]: (r["items"], r["due"], r["done"]) for r in rows}
