"""The dossier lifecycle as one table (SPEC §2.2), run by the engine ``danvan.workflow``: states
(onestop.states), the transitions, the roles each needs, the forms they issue, PIN and sub-state
guards. ``onestop.services.transition`` is a thin wrapper over the engine's ``transition()``.
"""

from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Role as R
from danvan.onestop import effects as fx
from danvan.onestop.models import Dossier, DossierEvent
from danvan.onestop.states import ACTIVE, CLOSED, OPEN, Status, SubStatus
from danvan.workflow import NEW, RESUME, STAY, Transition, Workflow
from danvan.workflow.events import json_safe

__all__ = ["ACTIVE", "CLOSED", "DOSSIER_FLOW", "OPEN", "TRANSITIONS", "Status", "SubStatus"]

S = Status
SS = SubStatus

# Inputs of a transition the control-slip row does not keep (the dossier itself shows them).
_NOT_KEPT = ("handler", "new_due_at", "payment_method", "amount_vnd")
_BODY = {"submit": lambda d: str(d.unit), "receive": lambda d: "Bộ phận tiếp nhận và trả kết quả"}


def write_event(ctx) -> DossierEvent:
    """One row of the process control slip (mẫu 06) per applied transition."""
    dossier, action = ctx.obj, ctx.action
    data = {k: v for k, v in ctx.data.items() if k not in _NOT_KEPT}
    if not ctx.transition.creates:
        data = {"what_to_do": data.pop("what_to_do", ""), "items": data.pop("items", []), **data}
    if ctx.system:
        data["system"] = ctx.system
    body = _BODY[action](dossier) if action in _BODY else dossier.step_name
    return DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_status=ctx.before,
        to_status=ctx.after,
        at=ctx.now,
        by=ctx.actor,
        handed_to=dossier.handler,
        body=body,
        step_due_at=dossier.step_due_at,
        reason=ctx.reason,
        data=json_safe(data),
    )


def read_events(dossier):
    return dossier.events.select_related("by", "handed_to").order_by("at", "id")


TRANSITION_LIST = [
    Transition(
        "submit",
        _("Nộp hồ sơ"),
        {NEW},
        S.REGISTERED_ONLINE,
        audit="submitted",
        sentence=_("Nộp hồ sơ {code}"),
    ),
    Transition(
        "receive",
        _("Tiếp nhận hồ sơ"),
        {S.REGISTERED_ONLINE},
        S.RECEIVED,
        (R.COUNTER_CLERK,),
        form="01",
        effect=fx.receive,
        audit="received",
        sentence=_("Tiếp nhận hồ sơ {code}"),
    ),
    Transition(
        "refuse_intake",
        _("Từ chối tiếp nhận"),
        {S.REGISTERED_ONLINE},
        S.NOT_RECEIVED,
        (R.COUNTER_CLERK,),
        needs_reason=True,
        form="03",
        effect=fx.close,
    ),
    Transition(
        "assign",
        _("Chuyển chuyên viên xử lý"),
        {S.RECEIVED, S.PROCESSING},
        S.PROCESSING,
        (R.COUNTER_CLERK, R.SPECIALIST, R.SIGNER),
        effect=fx.assign,
    ),
    Transition(
        "request_supplement",
        _("Yêu cầu bổ sung hồ sơ"),
        {S.REGISTERED_ONLINE, S.RECEIVED, S.PROCESSING},
        S.SUPPLEMENT_REQUESTED,
        (R.COUNTER_CLERK, R.SPECIALIST),
        needs_reason=True,
        remember=True,
        form="02",
        effect=fx.request_supplement,
    ),
    # Back to the state the request left (a dossier asked to supplement before intake goes back
    # to awaiting intake).
    Transition(
        "supplement",
        _("Nhận hồ sơ bổ sung"),
        {S.SUPPLEMENT_REQUESTED},
        RESUME,
        (R.COUNTER_CLERK,),
        fallback=S.PROCESSING,
        effect=fx.supplement,
    ),
    Transition(
        "request_payment",
        _("Yêu cầu nộp phí, lệ phí"),
        {S.RECEIVED, S.PROCESSING},
        S.FINANCIAL_OBLIGATION,
        (R.COUNTER_CLERK, R.SPECIALIST),
        remember=True,
        effect=fx.request_payment,
    ),
    Transition(
        "record_payment",
        _("Ghi nhận đã nộp phí"),
        {S.FINANCIAL_OBLIGATION},
        S.PROCESSING,
        (R.COUNTER_CLERK,),
        effect=fx.record_payment,
    ),
    # The counter takes a fee that is due at any point before the result is returned.
    Transition(
        "collect_fee",
        _("Thu phí, lệ phí và lập biên lai"),
        {S.RECEIVED, S.PROCESSING, S.PROCESSED},
        STAY,
        (R.COUNTER_CLERK,),
        guard=fx.fee_due,
        effect=fx.collect_fee,
    ),
    # From RECEIVED too: in a commune without a specialist the counter clerk prepares the result.
    Transition(
        "propose",
        _("Trình lãnh đạo ký duyệt"),
        {S.RECEIVED, S.PROCESSING},
        S.PROCESSING,
        (R.SPECIALIST, R.COUNTER_CLERK),
        guard=fx.not_proposed,
        effect=fx.propose,
    ),
    # Decree 30/2020 Art 8: the competent person signs first (digitally, with their PIN), then the
    # office clerk applies the organization's seal; only then is the result available. The leader
    # signs what was put before them: the batch signer asks this same row.
    Transition(
        "approve",
        _("Ký số, duyệt kết quả"),
        {S.PROCESSING},
        S.PROCESSED,
        (R.SIGNER,),
        needs_pin=True,
        sub_states={SS.AWAITING_SIGNATURE},
        not_ready=(
            "dossier.not_awaiting_signature",
            _("Hồ sơ không ở bước chờ lãnh đạo ký: chuyên viên phải trình ký trước."),
        ),
        effect=fx.approve,
    ),
    Transition(
        "refuse",
        _("Từ chối giải quyết (ký văn bản trả lời)"),
        {S.RECEIVED, S.PROCESSING},
        S.PROCESSED,
        (R.SIGNER,),
        needs_reason=True,
        needs_pin=True,
        effect=fx.refuse,
    ),
    Transition(
        "seal",
        _("Đóng dấu số của cơ quan"),
        {S.PROCESSED},
        STAY,
        (R.OFFICE_CLERK,),
        needs_pin=True,
        sub_states={SS.SIGNED_AWAITING_SEAL},
        not_ready=(
            "dossier.not_awaiting_seal",
            _("Hồ sơ không ở bước chờ đóng dấu: kết quả phải được lãnh đạo ký số trước."),
        ),
        effect=fx.seal,
    ),
    Transition(
        "apologize",
        _("Xin lỗi và hẹn lại ngày trả"),
        ACTIVE,
        STAY,
        (R.SPECIALIST, R.SIGNER, R.COUNTER_CLERK),
        needs_reason=True,
        form="04",
        guard=fx.not_rescheduled,
        effect=fx.apologize,
    ),
    Transition(
        "stop",
        _("Dừng giải quyết theo đề nghị"),
        ACTIVE,
        S.STOPPED,
        (R.COUNTER_CLERK, R.SPECIALIST, R.SIGNER),
        needs_reason=True,
        form="05",
        effect=fx.close,
    ),
    Transition(
        "withdraw",
        _("Công dân rút hồ sơ"),
        {S.REGISTERED_ONLINE, *ACTIVE},
        S.WITHDRAWN,
        (R.COUNTER_CLERK,),
        needs_reason=True,
        effect=fx.close,
    ),
    Transition(
        "return_result",
        _("Trả kết quả"),
        {S.PROCESSED},
        S.RETURNED,
        (R.COUNTER_CLERK,),
        sub_states={SS.RESULT_AVAILABLE},
        not_ready=(
            "dossier.result_not_signed",
            _(
                "Kết quả chưa được lãnh đạo ký số và văn thư đóng dấu cơ quan; chưa thể trả cho "
                "công dân."
            ),
        ),
        effect=fx.return_result,
    ),
    # No-wait procedures: the counter clerk processes and returns in the same sitting; the result
    # carries the unit's organization seal, applied with the clerk's own PIN (docs/signing.md).
    Transition(
        "complete_on_spot",
        _("Giải quyết và trả ngay"),
        {S.RECEIVED},
        S.RETURNED,
        (R.COUNTER_CLERK,),
        needs_pin=True,
        guard=fx.no_wait_only,
        effect=fx.complete_on_spot,
    ),
]

DOSSIER_FLOW = Workflow(
    name="onestop.dossier",
    model=Dossier,
    states=Status,
    state_field="status",
    closed=CLOSED,
    error_prefix="dossier",
    noun=_("hồ sơ"),
    transitions=TRANSITION_LIST,
    select_related=("unit", "procedure"),
    resume_field="resume_status",
    sub_state_field="sub_status",
    write_event=write_event,
    read_events=read_events,
    event_fields=("from_status", "to_status"),
    audit_sentence=_("{label}: hồ sơ {code}"),
    audit_data=lambda ctx: {"code": ctx.obj.code},
    sample="danvan.onestop.samples.dossier",
)

# Every transition of an existing dossier, by action (the creation "submit" is not one).
TRANSITIONS = {t.action: t for t in TRANSITION_LIST if not t.creates}
