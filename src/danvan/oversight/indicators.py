"""The oversight indicators (CONTRACTS.md) on danvan.core.indicators. Each counts records of
a unit's subtree in a period by the record's own date: the supervision held (started, else
planned), the recommendation sent, the session held, the dialogue held, the disclosure due."""

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.indicators import Indicator, Scope, register
from danvan.oversight.models import (
    Board,
    BoardMember,
    CriticismComment,
    CriticismSession,
    Dialogue,
    Disclosure,
    Recommendation,
    Supervision,
)
from danvan.oversight.states import (
    CommentResponse,
    Level,
    RecommendationState,
    SupervisionForm,
    SupervisionState,
)

APP = "oversight"
G_SUP, G_CRIT, G_DIAL = _("Giám sát"), _("Phản biện xã hội"), _("Hội nghị đối thoại")
G_BOARD, G_DISC = _("Ban Thanh tra nhân dân, Ban Giám sát đầu tư cộng đồng"), _("Công khai")
SOURCE_FRONT = "Luật Mặt trận Tổ quốc Việt Nam 2015, Chương V–VI"
SOURCE_DEMO = "Luật Thực hiện dân chủ ở cơ sở 2022"


def supervisions(scope: Scope, **match):
    qs = Supervision.objects.exclude(state=SupervisionState.CANCELLED).filter(**match)
    qs = qs.annotate(held=Coalesce("started_on", "planned_on"))
    qs = scope.filter(qs)
    return qs.filter(_period(scope, "held"))


def _period(scope: Scope, field: str) -> Q:
    q = Q()
    if scope.start:
        q &= Q(**{f"{field}__gte": scope.start})
    if scope.end:
        q &= Q(**{f"{field}__lte": scope.end})
    return q


def recommendations(scope: Scope, q: Q | None = None):
    return scope.filter(Recommendation.objects.filter(q or Q()), date_field="sent_on")


ANSWERED = Q(answered_on__isnull=False)
ON_TIME = ANSWERED & Q(answered_on__lte=F("due_on"))


def sessions(scope: Scope):
    return scope.filter(CriticismSession.objects.all(), date_field="held_on")


def comments(scope: Scope, **match):
    qs = CriticismComment.objects.filter(**match)
    return scope.filter(qs, date_field="session__held_on")


def dialogues(scope: Scope, **match):
    return scope.filter(Dialogue.objects.filter(**match), date_field="held_on")


def boards(scope: Scope):
    """Boards in office at any time in the period."""
    qs = scope.filter(Board.objects.all())
    if scope.end:
        qs = qs.filter(term_start__lte=scope.end)
    if scope.start:
        qs = qs.filter(Q(term_end__isnull=True) | Q(term_end__gte=scope.start))
        qs = qs.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=scope.start))
    return qs


def board_members(scope: Scope):
    qs = scope.filter(BoardMember.objects.all())
    if scope.end:
        qs = qs.filter(term_start__lte=scope.end)
    if scope.start:
        qs = qs.filter(Q(term_end__isnull=True) | Q(term_end__gte=scope.start))
        qs = qs.filter(Q(left_on__isnull=True) | Q(left_on__gte=scope.start))
    return qs


def disclosures(scope: Scope, q: Q | None = None):
    return scope.filter(Disclosure.objects.filter(q or Q()), date_field="due_on")


DONE = Q(disclosed_on__isnull=False) & Q(disclosed_on__lte=F("due_on"))


def _lazy_format(message, **values):
    """``_("… %(l)s") % {...}`` evaluated when shown, so it follows the active language (a
    plain ``%`` on a lazy string fixes it in the language active at import)."""
    return lazy(lambda: str(message) % {k: str(v) for k, v in values.items()}, str)()


def _i(code, name, formula, numerator, group, order, *, label, denominator=None, source=""):
    return Indicator(
        code=f"oversight.{code}",
        name=name,
        formula=formula,
        numerator=numerator,
        denominator=denominator,
        app=APP,
        group=group,
        order=order,
        unit_label=label,
        source=source or SOURCE_FRONT,
    )


_SUP = _("cuộc")
INDICATORS = [
    _i("supervisions", _("Cuộc giám sát"), _("Số cuộc giám sát tiến hành (hoặc dự kiến) trong kỳ"),
       supervisions, G_SUP, 1, label=_SUP),
    *[
        _i(f"supervisions_{lv.value}", _lazy_format(_("Cuộc giám sát cấp %(l)s"), l=lv.label),
           _lazy_format(_("Số cuộc giám sát trong kỳ do cấp %(l)s tổ chức"), l=lv.label),
           lambda s, lv=lv: supervisions(s, level=lv), G_SUP, 2 + i, label=_SUP)
        for i, lv in enumerate(Level)
    ],
    *[
        _i(f"supervisions_form_{f.value}", _lazy_format(_("Giám sát: %(f)s"), f=f.label),
           _lazy_format(_("Số cuộc giám sát trong kỳ theo hình thức “%(f)s”"), f=f.label),
           lambda s, f=f: supervisions(s, form=f), G_SUP, 10 + i, label=_SUP)
        for i, f in enumerate(SupervisionForm)
    ],
    _i("recommendations", _("Kiến nghị sau giám sát"), _("Số kiến nghị gửi trong kỳ"),
       recommendations, G_SUP, 20, label=_("kiến nghị")),
    _i("recommendations_answered", _("Kiến nghị đã được trả lời"),
       _("Số kiến nghị gửi trong kỳ đã có trả lời"),
       lambda s: recommendations(s, ANSWERED), G_SUP, 21, label=_("kiến nghị")),
    _i("recommendations_answered_on_time", _("Kiến nghị được trả lời đúng hạn"),
       _("Số kiến nghị gửi trong kỳ được trả lời đến hạn"),
       lambda s: recommendations(s, ON_TIME), G_SUP, 22, label=_("kiến nghị")),
    _i("recommendations_answered_late", _("Kiến nghị được trả lời quá hạn"),
       _("Số kiến nghị gửi trong kỳ được trả lời sau hạn"),
       lambda s: recommendations(s, ANSWERED & Q(answered_on__gt=F("due_on"))), G_SUP, 23,
       label=_("kiến nghị")),
    _i("recommendations_resolved", _("Kiến nghị đã được giải quyết"),
       _("Số kiến nghị gửi trong kỳ đã được giải quyết xong"),
       lambda s: recommendations(s, Q(state=RecommendationState.RESOLVED)), G_SUP, 24,
       label=_("kiến nghị")),
    _i("recommendations_escalated", pgettext_lazy("indicator", "Kiến nghị lên cấp trên"),
       _("Số kiến nghị gửi trong kỳ đã kiến nghị lên cấp trên"),
       lambda s: recommendations(s, ~Q(escalated_to="")), G_SUP, 25, label=_("kiến nghị")),
    _i("recommendation_response_rate", _("Tỷ lệ kiến nghị được trả lời"),
       _("Kiến nghị gửi trong kỳ đã có trả lời ÷ kiến nghị gửi trong kỳ"),
       lambda s: recommendations(s, ANSWERED), G_SUP, 26, label="%",
       denominator=recommendations),
    _i("criticism_sessions", _("Cuộc phản biện xã hội"), _("Số cuộc phản biện xã hội trong kỳ"),
       sessions, G_CRIT, 1, label=_SUP),
    _i("criticism_comments", _("Ý kiến phản biện"), _("Số ý kiến phản biện của các cuộc trong kỳ"),
       comments, G_CRIT, 2, label=_("ý kiến")),
    _i("criticism_comments_taken_up", _("Ý kiến phản biện được tiếp thu"),
       _("Số ý kiến được cơ quan soạn thảo tiếp thu (toàn bộ) trong các cuộc trong kỳ"),
       lambda s: comments(s, response=CommentResponse.TAKEN_UP), G_CRIT, 3, label=_("ý kiến")),
    _i("dialogues", _("Hội nghị đối thoại"), _("Số hội nghị tiếp xúc, đối thoại trong kỳ"),
       dialogues, G_DIAL, 1, label=_("hội nghị"), source=SOURCE_DEMO),
    *[
        _i(f"dialogues_{lv.value}", _lazy_format(_("Hội nghị đối thoại cấp %(l)s"), l=lv.label),
           _lazy_format(_("Số hội nghị đối thoại trong kỳ do đơn vị cấp %(l)s tổ chức"), l=lv.label),
           lambda s, lv=lv: dialogues(s, level=lv), G_DIAL, 2 + i, label=_("hội nghị"),
           source=SOURCE_DEMO)
        for i, lv in enumerate(Level)
    ],
    _i("boards", _("Ban Thanh tra nhân dân, Ban Giám sát đầu tư cộng đồng"),
       _("Số ban hoạt động trong kỳ"), boards, G_BOARD, 1, label=_("ban"), source=SOURCE_DEMO),
    _i("board_members", _("Thành viên các ban"), _("Số thành viên các ban trong nhiệm kỳ trong kỳ"),
       board_members, G_BOARD, 2, label=_("người"), source=SOURCE_DEMO),
    _i("disclosures_due", _("Nội dung phải công khai"),
       _("Số nội dung phải công khai có hạn trong kỳ (Điều 11)"), disclosures, G_DISC, 1,
       label=_("nội dung"), source=SOURCE_DEMO),
    _i("disclosures_done", _("Nội dung đã công khai đúng hạn"),
       _("Số nội dung có hạn trong kỳ đã công khai đến hạn; quá hạn tính là chưa thực hiện"),
       lambda s: disclosures(s, DONE), G_DISC, 2, label=_("nội dung"), source=SOURCE_DEMO),
    _i("disclosure_rate", _("Tỷ lệ công khai đúng hạn"),
       _("Nội dung đã công khai đúng hạn ÷ nội dung phải công khai có hạn trong kỳ"),
       lambda s: disclosures(s, DONE), G_DISC, 3, label="%", denominator=disclosures,
       source=SOURCE_DEMO),
]  # fmt: skip


def register_all() -> None:
    for indicator in INDICATORS:
        register(indicator)
