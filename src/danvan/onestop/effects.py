"""What each transition of the dossier table (onestop.workflow) does besides changing the state.

Effects and guards take the engine's Context (danvan.workflow): ``ctx.obj`` is the locked
dossier, ``ctx.data`` the transition's inputs (handler, what_to_do, new_due_at…), where effects
also leave what the control-slip row keeps (receipt number, signed document…).
"""

import datetime as dt

from django.utils.translation import gettext as _

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.core.errors import Conflict, Invalid
from danvan.onestop import drafting, fees, results, signals
from danvan.onestop.models import Channel, Payment
from danvan.onestop.notifications import notify_dossier
from danvan.onestop.staffing import pick_handler
from danvan.onestop.states import Status, SubStatus
from danvan.onestop.timing import add_work, compute_due
from danvan.onestop.titles import result_title
from danvan.signing import services as signing
from danvan.units.calendar import rules_for
from danvan.workcal import add_working_days, working_time_between

STEP_HOURS = {"specialist": 8.0, "signer": 4.0, "seal": 2.0, "return": 4.0}
OBJECT_TYPE = "onestop.dossier"  # SignedDocument.object_type of dossier results
DELIVERIES = ("electronic", "paper")


def _hand_to(dossier, user, step: str, now, hours: float) -> None:
    dossier.handler, dossier.step_name = user, step
    dossier.step_due_at = add_work(dossier.unit, now, hours)
    dossier.idle_flagged_at = None


# --- guards (they read the dossier only: they also hide the buttons) --------------------------


def no_wait_only(ctx):
    if not ctx.obj.is_no_wait:
        raise Conflict(
            "dossier.not_no_wait", _("Chỉ thủ tục “không chờ” mới được giải quyết và trả ngay.")
        )


def not_rescheduled(ctx):
    if ctx.obj.rescheduled:
        raise Conflict(
            "dossier.already_rescheduled",
            _("Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần nữa."),
        )


# --- effects ---------------------------------------------------------------------------------


def receive(ctx):
    """Status 2: the clock starts, the due date and the first handler are set, the citizen told."""
    dossier, now = ctx.obj, ctx.now
    paper = dossier.channel != Channel.ONLINE
    dossier.received_at = dossier.clock_started_at = now
    dossier.received_by = ctx.actor
    dossier.due_at = dossier.original_due_at = compute_due(
        dossier.procedure, dossier.unit, now, paper=paper
    )
    handler = None if dossier.is_no_wait else pick_handler(dossier.unit, Role.SPECIALIST)
    dossier.handler = handler or dossier.received_by
    dossier.step_name = "Chuyên viên xử lý" if handler else "Tiếp nhận"
    dossier.step_due_at = _step_due(dossier, now)
    notify_dossier(dossier, "received")


def _step_due(dossier, now) -> dt.datetime:
    budget = next(
        (float(s.budget_hours) for s in dossier.procedure.steps.all() if s.role == Role.SPECIALIST),
        8.0,
    )
    if dossier.is_no_wait:
        return now + dt.timedelta(minutes=dossier.procedure.no_wait_target_minutes)
    return add_work(dossier.unit, now, budget)


def assign(ctx):
    dossier, now = ctx.obj, ctx.now
    user = ctx.data.get("handler") or pick_handler(dossier.unit, Role.SPECIALIST)
    if user is None or not (
        user.is_superuser or scope.covers(user, dossier.unit, [Role.SPECIALIST])
    ):
        raise Invalid(
            "dossier.bad_handler", _("Người được giao không phải chuyên viên của đơn vị này.")
        )
    _hand_to(dossier, user, "Chuyên viên xử lý", now, STEP_HOURS["specialist"])


def request_supplement(ctx):
    dossier, now = ctx.obj, ctx.now
    what_to_do = ctx.data.get("what_to_do") or ""
    if not what_to_do.strip():
        raise Invalid(
            "dossier.what_to_do_required",
            _("Cần ghi rõ công dân phải bổ sung những gì."),
            fields={"what_to_do": _("Bắt buộc.")},
        )
    dossier.supplement_count += 1
    dossier.supplement_requested_at = now
    dossier.sub_status = SubStatus.SUPPLEMENT_FROM_CITIZEN
    if dossier.received_at:
        # Decree 61/2018 Art 19: a deficient dossier is sent back within 3 working days of receipt.
        limit = add_working_days(dossier.received_at.date(), 3, rules_for(dossier.unit))
        ctx.data["within_3_working_days"] = now.date() <= limit
    _hand_to(dossier, dossier.received_by or ctx.by, "Chờ công dân bổ sung", now, 8 * 30)
    notify_dossier(dossier, "supplement", reason=what_to_do)


def supplement(ctx):
    """Back to the state the request left (the table's RESUME), the clock adjusted."""
    dossier, now = ctx.obj, ctx.now
    waited = now - (dossier.supplement_requested_at or now)
    dossier.supplement_waiting = (dossier.supplement_waiting or dt.timedelta()) + waited
    dossier.sub_status = SubStatus.SUPPLEMENT_COMPLETE
    if ctx.after == Status.REGISTERED_ONLINE or dossier.received_at is None:
        return
    if dossier.procedure.supplement_rule == "extend" and dossier.due_at:
        worked = working_time_between(dossier.supplement_requested_at, now, rules_for(dossier.unit))
        dossier.due_at = add_work(dossier.unit, dossier.due_at, worked.total_seconds() / 3600)
    else:  # Decree 61/2018 Art 19(4): the statutory time restarts once the dossier is complete
        dossier.clock_started_at = now
        dossier.due_at = compute_due(
            dossier.procedure, dossier.unit, now, paper=dossier.channel != Channel.ONLINE
        )
    specialist = pick_handler(dossier.unit, Role.SPECIALIST) or ctx.by
    _hand_to(dossier, specialist, "Chuyên viên xử lý", now, STEP_HOURS["specialist"])


def request_payment(ctx):
    dossier = ctx.obj
    given = ctx.data.get("amount_vnd")
    amount = given if given is not None else dossier.fee_vnd
    if not amount:
        raise Invalid("dossier.no_fee", _("Thủ tục này không có phí, lệ phí cần nộp."))
    dossier.fee_vnd = amount
    notify_dossier(dossier, "payment")


def record_payment(ctx):
    dossier, method = ctx.obj, ctx.data.get("payment_method") or ""
    payment = fees.record_payment(
        dossier, method, by=ctx.actor, now=ctx.now, reference=ctx.data.get("reference", "")
    )
    dossier.paid_online = dossier.paid_online or method == Payment.Method.ONLINE
    ctx.data["receipt_no"] = payment.receipt_no
    ctx.data["amount_vnd"] = payment.amount_vnd


def fee_due(ctx):
    """Guard: a fee is still due on this dossier (the counter collects it)."""
    if not fees.due_vnd(ctx.obj):
        raise Conflict(
            "payment.nothing_due", _("Hồ sơ này không còn khoản phí, lệ phí nào phải nộp.")
        )


def collect_fee(ctx):
    """The counter clerk takes the fee in cash, by card or transfer and issues the receipt."""
    if (ctx.data.get("payment_method") or "") not in fees.COUNTER_METHODS:
        raise Invalid(
            "payment.method_invalid",
            _("Tại quầy thu bằng tiền mặt, thẻ hoặc chuyển khoản."),
            fields={"payment_method": _("Tiền mặt, thẻ hoặc chuyển khoản.")},
        )
    record_payment(ctx)


def not_proposed(ctx):
    """Guard: a result already before the leader is not proposed again, and none is proposed
    before its draft is saved: the leader signs what was written and previewed, never the
    template's bare defaults."""
    if ctx.obj.sub_status == SubStatus.AWAITING_SIGNATURE:
        raise Conflict(
            "dossier.already_proposed", _("Kết quả đã được trình lãnh đạo ký, đang chờ ký duyệt.")
        )
    if not drafting.has_draft(ctx.obj):
        raise Conflict(
            "dossier.no_result_draft",
            _(
                "Chưa có dự thảo kết quả: hãy mở “Soạn kết quả”, kiểm tra nội dung và bấm "
                "“Lưu dự thảo” trước khi trình lãnh đạo ký duyệt."
            ),
        )


def propose(ctx):
    dossier = ctx.obj
    signer = ctx.data.get("handler") or pick_handler(dossier.unit, Role.SIGNER)
    if signer is None:
        raise Invalid("dossier.no_signer", _("Đơn vị chưa có lãnh đạo được phân quyền ký duyệt."))
    dossier.sub_status = SubStatus.AWAITING_SIGNATURE
    _hand_to(dossier, signer, "Lãnh đạo ký duyệt", ctx.now, STEP_HOURS["signer"])


def _sign_result(ctx, outcome: str):
    """The leader signs the final result (or the reply letter): Decree 30/2020, first signature."""
    dossier, by, now = ctx.obj, ctx.by, ctx.now
    sealer = signing.seal_credential_for(dossier.unit).user  # checked first: nobody could seal it
    dossier.processed_at, dossier.outcome = now, outcome
    title = signing.authority_for(by, dossier.procedure.code)
    number = drafting.assign_number(dossier, now)
    rendered = results.render_result(
        dossier,
        now,
        final=True,
        authority=title,
        signer_name=by.full_name or by.get_username(),
        number=number,
        reason=ctx.reason,
    )
    box = rendered.signature_box.as_tuple() if rendered.signature_box else None
    doc = signing.sign_authorized(
        rendered.data,
        authorization=ctx.authorization,
        title=title,
        object_type=OBJECT_TYPE,
        object_id=dossier.pk,
        box=box,
    )
    results.attach_signed(dossier, doc.file.name, number)
    dossier.result_signed = True
    dossier.sub_status = SubStatus.SIGNED_AWAITING_SEAL
    ctx.data["signed_document"] = str(doc.public_id)
    _hand_to(dossier, sealer, "Văn thư đóng dấu số", now, STEP_HOURS["seal"])


def approve(ctx):
    _sign_result(ctx, outcome="granted")


def refuse(ctx):
    _sign_result(ctx, outcome="refused")


def seal(ctx):
    """The office clerk applies the organization seal; the result is then ready for the citizen."""
    dossier = ctx.obj
    doc = signing.document_for(OBJECT_TYPE, dossier.pk)
    if doc is None or not dossier.result_signed:
        raise Conflict("dossier.result_not_signed", _("Kết quả chưa được lãnh đạo ký số."))
    doc = signing.seal_authorized(doc, authorization=ctx.authorization)
    results.attach_signed(dossier, doc.file.name)
    dossier.sub_status = SubStatus.RESULT_AVAILABLE
    ctx.data["signed_document"] = str(doc.public_id)
    _hand_to(dossier, dossier.received_by or ctx.by, "Trả kết quả", ctx.now, STEP_HOURS["return"])
    if dossier.outcome == "refused":
        refusal = dossier.events.filter(action="refuse").order_by("-at", "-id").first()
        notify_dossier(dossier, "refused", reason=refusal.reason if refusal else "")
    else:
        notify_dossier(dossier, "result_ready")


def apologize(ctx):
    dossier, now, new_due_at = ctx.obj, ctx.now, ctx.data.get("new_due_at")
    if new_due_at is None or (dossier.due_at and new_due_at <= dossier.due_at):
        raise Invalid(
            "dossier.new_due_required",
            _("Cần chọn ngày hẹn mới sau ngày hẹn cũ."),
            fields={"new_due_at": _("Bắt buộc, sau ngày hẹn cũ.")},
        )
    if dossier.due_at:
        # Decree 61/2018 Art 19(9): the letter goes out at least 1 working day before the due date.
        left = working_time_between(now, dossier.due_at, rules_for(dossier.unit))
        ctx.data["timely"] = left.total_seconds() / 3600 >= 8
    ctx.data["old_due_at"] = dossier.due_at.isoformat() if dossier.due_at else None
    dossier.due_at, dossier.rescheduled = new_due_at, True
    notify_dossier(dossier, "apology", reason=ctx.reason)


def close(ctx):
    dossier = ctx.obj
    dossier.closed_at = ctx.now
    dossier.handler = None
    dossier.step_name, dossier.step_due_at = "", None


def return_result(ctx):
    dossier, now, delivery = ctx.obj, ctx.now, ctx.data.get("delivery") or ""
    fees.require_settled(dossier)
    if not (dossier.result_signed and dossier.result_file):
        raise Conflict(
            "dossier.result_not_signed",
            _("Kết quả chưa được ký số và đóng dấu; chưa thể trả cho công dân."),
        )
    if delivery and delivery not in DELIVERIES:
        raise Invalid(
            "dossier.bad_delivery",
            _("Hình thức trả kết quả phải là “electronic” (điện tử) hoặc “paper” (bản giấy)."),
            fields={"delivery": _("electronic hoặc paper.")},
        )
    dossier.returned_at = dossier.closed_at = now
    dossier.sub_status = SubStatus.RESULT_HANDED_OVER
    # The paper copy is printed from the same signed file (SPEC §3): one file, one hash.
    ctx.data["delivery"] = delivery or "paper"
    ctx.data["result_file"] = dossier.result_file.name
    dossier.handler, dossier.step_name, dossier.step_due_at = None, "", None
    signals.result_returned.send(
        sender=type(dossier),
        dossier=dossier,
        by=ctx.by,
        now=now,
        delivery=ctx.data["delivery"],
        title=result_title(dossier.procedure),  # as printed on it, without the catalogue's notes
    )


def complete_on_spot(ctx):
    dossier, now = ctx.obj, ctx.now
    if fees.due_vnd(dossier):  # the no-wait path takes the fee in the same sitting
        if not ctx.data.get("payment_method"):
            fees.require_settled(dossier)
        collect_fee(ctx)
    seal_credential = signing.seal_credential_for(dossier.unit)
    dossier.processed_at, dossier.outcome = now, "granted"
    number = drafting.assign_number(dossier, now)
    pdf = results.render_result(dossier, now, final=True, authority=[], number=number).data
    doc = signing.seal_on_spot(
        pdf,
        authorization=ctx.authorization,
        credential=seal_credential,
        object_type=OBJECT_TYPE,
        object_id=dossier.pk,
    )
    results.attach_signed(dossier, doc.file.name, number)
    dossier.result_signed, dossier.sub_status = True, SubStatus.RESULT_AVAILABLE
    ctx.data["signed_document"] = str(doc.public_id)
    return_result(ctx)
    ctx.data["minutes"] = round((now - dossier.received_at).total_seconds() / 60)
