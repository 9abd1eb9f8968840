"""What the oversight pages, the API, the import and the demo do: every write is here."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

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
                "oversight.read_only", "Bạn chỉ được xem; việc ghi do cán bộ Mặt trận thực hiện."
            )
        raise NotFound()


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
            "Cơ quan chủ trì phải là Ủy ban MTTQ hoặc tổ chức thành viên của đơn vị này.",
            fields={"organizer": "invalid"},
        )
    limited = scoping.organization_kind(by)
    if limited and org.kind != limited:
        raise Invalid(
            "supervision.other_organization",
            "Bạn chỉ lập kế hoạch giám sát do tổ chức của mình chủ trì.",
            fields={"organizer": "invalid"},
        )
    if data.form == SupervisionForm.BOARD and data.board is None:
        raise Invalid(
            "supervision.board_required",
            "Giám sát thông qua Ban Thanh tra nhân dân hoặc Ban Giám sát đầu tư của cộng đồng "
            "cần chọn ban.",
            fields={"board": "required"},
        )
    if data.board is not None and data.board.unit_id != unit.pk:
        raise Invalid("supervision.bad_board", "Ban được chọn không thuộc đơn vị này.")
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
    with transaction.atomic():
        found = find_duplicate_supervision(data, unit)
        if found is not None:
            return found  # a second submit of the same plan: one record
        return create(sup, "plan", by=by)


def get_supervision(user, pk) -> Supervision:
    qs = Supervision.objects.select_related("unit", "organizer", "board")
    found = scoping.supervisions(qs, user).filter(pk=pk).first()
    if found is None:
        raise NotFound("supervision.not_found", "Không tìm thấy cuộc giám sát.")
    return found


def get_recommendation(user, pk) -> Recommendation:
    qs = Recommendation.objects.select_related("unit", "supervision", "supervision__organizer")
    found = scoping.recommendations(qs, user).filter(pk=pk).first()
    if found is None:
        raise NotFound("recommendation.not_found", "Không tìm thấy kiến nghị.")
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
                "Đơn vị thời hạn phải là “ngày” hoặc “ngày làm việc”.",
                fields={"deadline_unit": "invalid"},
            )
        due = rules.add(data.sent_on, data.deadline_days, data.deadline_unit, sup.unit)
        return due, rules.FRONT_REPLY_BASIS
    if sup.form == SupervisionForm.BOARD and sup.board is not None:
        code = "board_reply" if sup.board.kind == BoardKind.INSPECTION else "investment_board_reply"
        return rules.due(code, data.sent_on, sup.unit), rules.RULES[code].basis
    raise Invalid(
        "recommendation.due_required",
        "Hãy ấn định hạn trả lời kiến nghị (luật không quy định số ngày cho kiến nghị của Mặt "
        "trận).",
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
            "Chỉ gửi kiến nghị sau khi cuộc giám sát đã có báo cáo kết quả.",
        )
    if len(data.addressee.strip()) < 3 or len(data.content.strip()) < 10:
        raise Invalid(
            "recommendation.incomplete",
            "Hãy ghi nơi nhận và nội dung kiến nghị (ít nhất 10 ký tự).",
            fields={"content": "required"},
        )
    today = timezone.localdate()
    if data.sent_on > today or data.sent_on < (sup.reported_on or sup.planned_on):
        raise Invalid(
            "recommendation.bad_sent_on",
            "Ngày gửi kiến nghị phải từ ngày báo cáo kết quả giám sát đến hôm nay.",
            fields={"sent_on": str(data.sent_on)},
        )
    due_on, basis = _deadline(data, sup)
    if due_on <= data.sent_on:
        raise Invalid(
            "recommendation.due_before_sent",
            "Hạn trả lời phải sau ngày gửi kiến nghị.",
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
        code, what = "board_plan_notice", "5 ngày làm việc"
    else:
        code, what = "supervision_plan_notice", "15 ngày"
    rule = rules.RULES[code]
    if sup.notified_on is None:
        if (
            sup.state == SupervisionState.PLANNED
            and rules.due(code, timezone.localdate(), sup.unit) > start
        ):
            out.append(
                f"Chưa gửi kế hoạch cho đối tượng; phải gửi trước ít nhất {what} ({rule.basis})."
            )
    elif rules.due(code, sup.notified_on, sup.unit) > start:
        out.append(
            f"Kế hoạch gửi ngày {sup.notified_on:%d/%m/%Y}, chưa đủ {what} trước ngày giám sát "
            f"{start:%d/%m/%Y} ({rule.basis})."
        )
    return out


# --- dialogues ------------------------------------------------------------------------------


def dialogue_warnings(d: Dialogue, today=None) -> list[str]:
    today = today or timezone.localdate()
    out = []
    notice, results = rules.RULES["dialogue_notice"], rules.RULES["dialogue_results"]
    if d.notice_published_on is None:
        out.append(
            f"Chưa thông báo hội nghị (phải trước ít nhất {notice.days} ngày, {notice.basis})."
        )
    else:
        ahead = (d.held_on - d.notice_published_on).days
        if ahead < notice.days:
            out.append(
                f"Thông báo trước {ahead} ngày, chưa đủ {notice.days} ngày ({notice.basis})."
            )
    if d.held_on <= today:
        limit = d.held_on + dt.timedelta(days=results.days)
        if d.results_published_on is None and today > limit:
            out.append(
                f"Quá {results.days} ngày chưa công khai kết quả (hạn {limit:%d/%m/%Y}, {results.basis})."
            )
        elif d.results_published_on is not None and d.results_published_on > limit:
            out.append(
                f"Kết quả công khai ngày {d.results_published_on:%d/%m/%Y}, quá hạn {results.days} ngày "
                f"({results.basis})."
            )
    return out


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
                f"Ban có {len(members)} thành viên, cần ít nhất {need} (Luật Thực hiện dân chủ ở "
                "cơ sở 2022, Điều 36; Nghị định 59/2023, Điều 13)."
            )
    elif len(members) < rules.INVESTMENT_BOARD_MIN_MEMBERS:
        out.append(
            f"Ban có {len(members)} thành viên, cần ít nhất {rules.INVESTMENT_BOARD_MIN_MEMBERS} "
            "(Nghị định 59/2023, Điều 17)."
        )
    deputies = sum(1 for m in members if m.position == BoardPosition.DEPUTY)
    if deputies > rules.BOARD_MAX_DEPUTIES:
        out.append(f"Ban có {deputies} Phó Trưởng ban, tối đa {rules.BOARD_MAX_DEPUTIES}.")
    if board.term_end and board.term_end < (day or timezone.localdate()) and not board.dissolved_on:
        out.append(f"Nhiệm kỳ của ban đã hết ngày {board.term_end:%d/%m/%Y}.")
    return out


# --- social criticism -----------------------------------------------------------------------


def respond_to_comment(comment: CriticismComment, response: str, reason: str, *, by) -> None:
    session = comment.session
    require_writer(by, session.unit)
    if response not in CommentResponse.values or response == CommentResponse.PENDING:
        raise Invalid(
            "criticism.bad_response", "Hãy chọn: tiếp thu, tiếp thu một phần hoặc không tiếp thu."
        )
    if response != CommentResponse.TAKEN_UP and len(reason.strip()) < 5:
        raise Invalid(
            "criticism.reason_required",
            "Ý kiến không được tiếp thu (hoặc chỉ một phần) cần có giải trình của cơ quan soạn thảo.",
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
        raise Invalid("disclosure.not_commune", "Danh mục công khai áp dụng cho xã, phường.")
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
            "Ngày công khai không được sau hôm nay.",
            fields={"disclosed_on": "future"},
        )
    if disclosed_on.year < d.year:
        raise Invalid("disclosure.bad_date", "Ngày công khai phải trong năm của kỳ công khai.")
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


def create_dialogue(data: dict, *, unit, by) -> Dialogue:
    require_writer(by, unit)
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


def find_duplicate_supervision(data: SupervisionInput, unit):
    return Supervision.objects.filter(
        unit=unit, title=data.title.strip(), planned_on=data.planned_on
    ).first()


def publish_dialogue_results(d: Dialogue, *, results: str, published_on, by) -> Dialogue:
    require_writer(by, d.unit)
    if published_on < d.held_on or published_on > timezone.localdate():
        raise Invalid(
            "dialogue.bad_published_on",
            "Ngày công khai kết quả phải từ ngày tổ chức hội nghị đến hôm nay.",
            fields={"results_published_on": str(published_on)},
        )
    if len(results.strip()) < 10:
        raise Invalid(
            "dialogue.results_required",
            "Hãy ghi kết quả hội nghị (ít nhất 10 ký tự).",
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
        raise Invalid("dialogue.bad_done_on", "Ngày hoàn thành phải từ ngày hội nghị đến hôm nay.")
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
            "Ban Thanh tra nhân dân và Ban Giám sát đầu tư của cộng đồng được thành lập ở xã, "
            "phường; hãy chọn xã, phường.",
            fields={"unit": "invalid"},
        )
    kind = data.get("kind") or (board.kind if board else "")
    if kind not in BoardKind.values:
        raise Invalid("board.bad_kind", "Loại ban không hợp lệ.", fields={"kind": "invalid"})
    if kind == BoardKind.INVESTMENT and len((data.get("project") or "").strip()) < 5:
        raise Invalid(
            "board.project_required",
            "Ban Giám sát đầu tư của cộng đồng được thành lập cho một chương trình, dự án: hãy "
            "ghi tên dự án.",
            fields={"project": "required"},
        )
    start, end = data.get("term_start"), data.get("term_end")
    if start and end and end <= start:
        raise Invalid(
            "board.bad_term",
            "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.",
            fields={"term_end": "invalid"},
        )
    dissolved = data.get("dissolved_on")
    if dissolved and (dissolved > timezone.localdate() or (start and dissolved < start)):
        raise Invalid(
            "board.bad_dissolved_on",
            "Ngày giải thể phải từ ngày bắt đầu nhiệm kỳ đến hôm nay.",
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
                "Mỗi xã, phường chỉ có một Ban Thanh tra nhân dân đang hoạt động (Luật Thực hiện "
                "dân chủ ở cơ sở 2022, Điều 36).",
                fields={"kind": "duplicate"},
            )


def create_board(data: dict, *, unit, by) -> Board:
    require_writer(by, unit)
    if scoping.organization_kind(by):
        raise Forbidden("oversight.read_only", "Ban do Ủy ban MTTQ cấp xã thành lập.")
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
            f"Nhiệm kỳ của thành viên không được trước nhiệm kỳ của ban "
            f"({board.term_start:%d/%m/%Y}).",
            fields={"term_start": "invalid"},
        )
    if start and end and end <= start:
        raise Invalid(
            "board.bad_member_term",
            "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.",
            fields={"term_end": "invalid"},
        )
    if left and (left > timezone.localdate() or (start and left < start)):
        raise Invalid(
            "board.bad_left_on",
            "Ngày thôi làm thành viên phải từ ngày bắt đầu nhiệm kỳ đến hôm nay.",
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
                f"Ban đã có Trưởng ban ({heads[0].full_name}); hãy ghi ngày thôi của người cũ "
                "trước.",
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
            "Hãy ghi người trả lời.",
            fields={"answered_by": "required"},
        )
    with transaction.atomic():
        locked = Dialogue.objects.select_for_update().get(pk=d.pk)
        found = locked.questions.filter(asked_by=data["asked_by"], topic=data["topic"]).first()
        if found is not None:
            return found  # the same question sent again
        question = locked.questions.create(**data)
        record(
            "oversight.dialogue.question",
            actor=by,
            unit=d.unit,
            obj=locked,
            data={"title": locked.title, "topic": question.topic[:120]},
        )
    return question


def answer_question(question, *, answer: str, answered_by: str, by):
    d = question.dialogue
    require_writer(by, d.unit)
    answer, answered_by = answer.strip(), answered_by.strip()
    if len(answer) < 5:
        raise Invalid(
            "dialogue.answer_required",
            "Hãy ghi nội dung trả lời (ít nhất 5 ký tự).",
            fields={"answer": "required"},
        )
    if len(answered_by) < 3:
        raise Invalid(
            "dialogue.answered_by_required",
            "Hãy ghi người trả lời.",
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
