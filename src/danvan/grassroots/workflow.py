"""The petition and hot-spot lifecycles as tables for danvan.workflow (docs/workflow.md).

Petition: received → routed to the responsible body (deadline in working days or days by kind)
→ being handled → answered → closed when the citizen rates it (or an official closes it), or
re-opened / escalated; transfers to the competent body and refusals end it here.
Hot spot: open (a rule crossed) → monitoring (lead body, responsible person, plan) → settled.
"""

from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Role as R
from danvan.grassroots import effects as fx
from danvan.grassroots.models import PETITION_CLOSED
from danvan.grassroots.models import HotspotState as H
from danvan.grassroots.models import PetitionState as S
from danvan.workflow import NEW, STAY, Transition, Workflow

HANDLERS = (R.PETITION_OFFICER, R.SIGNER)
HOTSPOT_HANDLERS = (R.PETITION_OFFICER, R.SIGNER, R.MOBILIZER)

PETITION_FLOW = Workflow(
    name="grassroots.petition",
    model="grassroots.Petition",
    states=S,
    closed=frozenset(PETITION_CLOSED),
    error_prefix="petition",
    noun=_("đơn"),
    select_related=("unit",),
    audit_sentence=_("{label}: đơn {code}"),
    audit_data=lambda ctx: {"code": ctx.obj.tracking_code},
    sample="danvan.grassroots.samples.petition",
    transitions=[
        Transition("receive", _("Tiếp nhận đơn"), {NEW}, S.RECEIVED),
        Transition(
            "route",
            _("Phân loại, chuyển cơ quan giải quyết"),
            {S.RECEIVED},
            S.ROUTED,
            HANDLERS,
            effect=fx.route,
        ),
        Transition(
            "start", _("Bắt đầu giải quyết"), {S.ROUTED}, S.HANDLING, HANDLERS, effect=fx.start
        ),
        Transition(
            "answer",
            _("Trả lời công dân"),
            {S.ROUTED, S.HANDLING},
            S.ANSWERED,
            HANDLERS,
            effect=fx.answer,
        ),
        # The citizen's rating, through the public tracking page (a machine caller).
        Transition("rate", _("Công dân đánh giá"), {S.ANSWERED}, S.CLOSED, effect=fx.rate),
        Transition(
            "close",
            _("Kết thúc đơn"),
            {S.ANSWERED},
            S.CLOSED,
            HANDLERS,
            needs_reason=True,
            effect=fx.close,
        ),
        Transition(
            "reopen",
            _("Giải quyết lại"),
            {S.ANSWERED},
            S.HANDLING,
            HANDLERS,
            needs_reason=True,
            effect=fx.reopen,
        ),
        Transition(
            "transfer",
            _("Chuyển cơ quan có thẩm quyền"),
            {S.RECEIVED, S.ROUTED},
            S.TRANSFERRED,
            HANDLERS,
            needs_reason=True,
            effect=fx.transfer,
        ),
        Transition(
            "escalate",
            _("Chuyển lên cấp trên"),
            {S.HANDLING, S.ANSWERED},
            S.ESCALATED,
            HANDLERS,
            needs_reason=True,
            effect=fx.escalate,
        ),
        Transition(
            "refuse",
            _("Không thụ lý"),
            {S.RECEIVED},
            S.REFUSED,
            HANDLERS,
            needs_reason=True,
            effect=fx.close,
        ),
    ],
)

HOTSPOT_FLOW = Workflow(
    name="grassroots.hotspot",
    model="grassroots.Hotspot",
    states=H,
    closed=frozenset({H.SETTLED}),
    error_prefix="hotspot",
    noun=_("điểm nóng"),
    select_related=("unit", "matter"),
    audit_sentence=_("{label}: {title}"),
    audit_data=lambda ctx: {"title": ctx.obj.matter.title},
    sample="danvan.grassroots.samples.hotspot",
    transitions=[
        Transition("detect", _("Phát hiện điểm nóng"), {NEW}, H.OPEN),
        # New reasons or figures from the rules (the scanner, after each petition).
        Transition(
            "refresh",
            _("Cập nhật lý do cảnh báo"),
            {H.OPEN, H.MONITORING},
            STAY,
            effect=fx.refresh,
        ),
        Transition(
            "take_charge",
            _("Giao chủ trì, phương án xử lý"),
            {H.OPEN, H.MONITORING},
            H.MONITORING,
            HOTSPOT_HANDLERS,
            effect=fx.take_charge,
        ),
        Transition(
            "settle",
            _("Xác nhận đã ổn định"),
            {H.OPEN, H.MONITORING},
            H.SETTLED,
            HOTSPOT_HANDLERS,
            needs_reason=True,
            effect=fx.settle,
        ),
    ],
)
