"""What each transition does to a dossier besides changing its state."""

import datetime as dt

from danvan.accounts import scope
from danvan.accounts.models import Role
from danvan.core.errors import Conflict, Invalid
from danvan.onestop import results, signals
from danvan.onestop.models import Payment
from danvan.onestop.notifications import notify_dossier
from danvan.onestop.staffing import pick_handler
from danvan.onestop.timing import add_work, compute_due
from danvan.onestop.workflow import Status, SubStatus
from danvan.signing import services as signing
from danvan.units.calendar import rules_for
from danvan.workcal import add_working_days, working_time_between

STEP_HOURS = {"specialist": 8.0, "signer": 4.0, "seal": 2.0, "return": 4.0}
OBJECT_TYPE = "onestop.dossier"  # SignedDocument.object_type of dossier results
DELIVERIES = ("electronic", "paper")


def apply(spec, dossier, cmd, *, by, now) -> None:
    handler = HANDLERS.get(spec.action)
    if handler is not None:
        handler(dossier, cmd, by=by, now=now)


def _hand_to(dossier, user, step: str, now, hours: float) -> None:
    dossier.handler, dossier.step_name = user, step
    dossier.step_due_at = add_work(dossier.unit, now, hours)
    dossier.idle_flagged_at = None


def _receive(dossier, cmd, *, by, now):
    from danvan.onestop.intake import receive

    receive(dossier, by=by, now=now, log=False)
    dossier.version -= 1  # the transition counts this change once


def _assign(dossier, cmd, *, by, now):
    user = cmd.handler or pick_handler(dossier.unit, Role.SPECIALIST)
    if user is None or not (
        user.is_superuser or scope.covers(user, dossier.unit, [Role.SPECIALIST])
    ):
        raise Invalid(
            "dossier.bad_handler", "Người được giao không phải chuyên viên của đơn vị này."
        )
    _hand_to(dossier, user, "Chuyên viên xử lý", now, STEP_HOURS["specialist"])


def _request_supplement(dossier, cmd, *, by, now):
    if not cmd.what_to_do.strip():
        raise Invalid(
            "dossier.what_to_do_required",
            "Cần ghi rõ công dân phải bổ sung những gì.",
            fields={"what_to_do": "Bắt buộc."},
        )
    dossier.resume_status = dossier.status
    dossier.supplement_count += 1
    dossier.supplement_requested_at = now
    dossier.sub_status = SubStatus.SUPPLEMENT_FROM_CITIZEN
    if dossier.received_at:
        # Decree 61/2018 Art 19: a deficient dossier is sent back within 3 working days of receipt.
        limit = add_working_days(dossier.received_at.date(), 3, rules_for(dossier.unit))
        cmd.data["within_3_working_days"] = now.date() <= limit
    _hand_to(dossier, dossier.received_by or by, "Chờ công dân bổ sung", now, 8 * 30)
    notify_dossier(dossier, "supplement", reason=cmd.what_to_do)


def _supplement(dossier, cmd, *, by, now):
    waited = now - (dossier.supplement_requested_at or now)
    dossier.supplement_waiting = (dossier.supplement_waiting or dt.timedelta()) + waited
    dossier.status = dossier.resume_status or Status.PROCESSING
    dossier.sub_status = SubStatus.SUPPLEMENT_COMPLETE
    if dossier.status == Status.REGISTERED_ONLINE or dossier.received_at is None:
        return
    if dossier.procedure.supplement_rule == "extend" and dossier.due_at:
        worked = working_time_between(dossier.supplement_requested_at, now, rules_for(dossier.unit))
        dossier.due_at = add_work(dossier.unit, dossier.due_at, worked.total_seconds() / 3600)
    else:  # Decree 61/2018 Art 19(4): the statutory time restarts once the dossier is complete
        dossier.clock_started_at = now
        dossier.due_at = compute_due(
            dossier.procedure, dossier.unit, now, paper=dossier.channel != "online"
        )
    specialist = pick_handler(dossier.unit, Role.SPECIALIST) or by
    _hand_to(dossier, specialist, "Chuyên viên xử lý", now, STEP_HOURS["specialist"])


def _request_payment(dossier, cmd, *, by, now):
    amount = cmd.amount_vnd if cmd.amount_vnd is not None else dossier.fee_vnd
    if not amount:
        raise Invalid("dossier.no_fee", "Thủ tục này không có phí, lệ phí cần nộp.")
    dossier.fee_vnd = amount
    dossier.resume_status = dossier.status
    notify_dossier(dossier, "payment")


def _record_payment(dossier, cmd, *, by, now):
    if cmd.payment_method not in Payment.Method.values:
        raise Invalid(
            "payment.method_invalid",
            "Hình thức nộp tiền không hợp lệ.",
            fields={"payment_method": "Tiền mặt, thẻ, chuyển khoản hoặc trực tuyến."},
        )
    receipt = f"BL-{dossier.code}-{dossier.payments.count() + 1}"
    Payment.objects.create(
        dossier=dossier,
        amount_vnd=dossier.fee_vnd,
        method=cmd.payment_method,
        reference=cmd.data.get("reference", ""),
        receipt_no=receipt,
        paid_at=now,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    dossier.paid_online = dossier.paid_online or cmd.payment_method == Payment.Method.ONLINE
    cmd.data["receipt_no"] = receipt


def _propose(dossier, cmd, *, by, now):
    signer = cmd.handler or pick_handler(dossier.unit, Role.SIGNER)
    if signer is None:
        raise Invalid("dossier.no_signer", "Đơn vị chưa có lãnh đạo được phân quyền ký duyệt.")
    dossier.sub_status = SubStatus.AWAITING_SIGNATURE
    _hand_to(dossier, signer, "Lãnh đạo ký duyệt", now, STEP_HOURS["signer"])


def _sign_result(dossier, cmd, *, by, now, outcome: str):
    """The leader signs the final result (or the reply letter): Decree 30/2020, first signature."""
    sealer = signing.seal_credential_for(dossier.unit).user  # checked first: nobody could seal it
    dossier.processed_at, dossier.outcome = now, outcome
    title = signing.authority_for(by, dossier.procedure.code)
    rendered = results.render_result(
        dossier, now, final=True, authority=title, signer_name=by.full_name or by.get_username()
    )
    box = rendered.signature_box.as_tuple() if rendered.signature_box else None
    doc = signing.sign_authorized(
        rendered.data,
        authorization=cmd.authorization,
        title=title,
        object_type=OBJECT_TYPE,
        object_id=dossier.pk,
        box=box,
    )
    results.attach_signed(dossier, doc.file.name)
    dossier.result_signed = True
    dossier.sub_status = SubStatus.SIGNED_AWAITING_SEAL
    cmd.data["signed_document"] = str(doc.public_id)
    _hand_to(dossier, sealer, "Văn thư đóng dấu số", now, STEP_HOURS["seal"])


def _approve(dossier, cmd, *, by, now):
    _sign_result(dossier, cmd, by=by, now=now, outcome="granted")


def _refuse(dossier, cmd, *, by, now):
    _sign_result(dossier, cmd, by=by, now=now, outcome="refused")


def _seal(dossier, cmd, *, by, now):
    """The office clerk applies the organization seal; the result is then ready for the citizen."""
    doc = signing.document_for(OBJECT_TYPE, dossier.pk)
    if doc is None or not dossier.result_signed:
        raise Conflict("dossier.result_not_signed", "Kết quả chưa được lãnh đạo ký số.")
    doc = signing.seal_authorized(doc, authorization=cmd.authorization)
    results.attach_signed(dossier, doc.file.name)
    dossier.sub_status = SubStatus.RESULT_AVAILABLE
    cmd.data["signed_document"] = str(doc.public_id)
    _hand_to(dossier, dossier.received_by or by, "Trả kết quả", now, STEP_HOURS["return"])
    if dossier.outcome == "refused":
        refusal = dossier.events.filter(action="refuse").order_by("-at", "-id").first()
        notify_dossier(dossier, "refused", reason=refusal.reason if refusal else "")
    else:
        notify_dossier(dossier, "result_ready")


def _apologize(dossier, cmd, *, by, now):
    if dossier.rescheduled:
        raise Conflict(
            "dossier.already_rescheduled",
            "Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần nữa.",
        )
    if cmd.new_due_at is None or (dossier.due_at and cmd.new_due_at <= dossier.due_at):
        raise Invalid(
            "dossier.new_due_required",
            "Cần chọn ngày hẹn mới sau ngày hẹn cũ.",
            fields={"new_due_at": "Bắt buộc, sau ngày hẹn cũ."},
        )
    if dossier.due_at:
        # Decree 61/2018 Art 19(9): the letter goes out at least 1 working day before the due date.
        hours_left = (
            working_time_between(now, dossier.due_at, rules_for(dossier.unit)).total_seconds()
            / 3600
        )
        cmd.data["timely"] = hours_left >= 8
    cmd.data["old_due_at"] = dossier.due_at.isoformat() if dossier.due_at else None
    dossier.due_at, dossier.rescheduled = cmd.new_due_at, True
    notify_dossier(dossier, "apology", reason=cmd.reason)


def _close(dossier, cmd, *, by, now):
    dossier.closed_at = now
    dossier.handler = None
    dossier.step_name, dossier.step_due_at = "", None


def _return_result(dossier, cmd, *, by, now):
    if not (dossier.result_signed and dossier.result_file):
        raise Conflict(
            "dossier.result_not_signed",
            "Kết quả chưa được ký số và đóng dấu; chưa thể trả cho công dân.",
        )
    if cmd.delivery and cmd.delivery not in DELIVERIES:
        raise Invalid(
            "dossier.bad_delivery",
            "Hình thức trả kết quả phải là “electronic” (điện tử) hoặc “paper” (bản giấy).",
            fields={"delivery": "electronic hoặc paper."},
        )
    dossier.returned_at = dossier.closed_at = now
    dossier.sub_status = SubStatus.RESULT_HANDED_OVER
    # The paper copy is printed from the same signed file (SPEC §3): one file, one hash.
    cmd.data["delivery"] = cmd.delivery or "paper"
    cmd.data["result_file"] = dossier.result_file.name
    dossier.handler, dossier.step_name, dossier.step_due_at = None, "", None
    signals.result_returned.send(
        sender=type(dossier), dossier=dossier, by=by, now=now, delivery=cmd.data["delivery"]
    )


def _complete_on_spot(dossier, cmd, *, by, now):
    seal = signing.seal_credential_for(dossier.unit)
    dossier.processed_at, dossier.outcome = now, "granted"
    pdf = results.render_result(dossier, now, final=True, authority=[]).data
    doc = signing.seal_on_spot(
        pdf,
        authorization=cmd.authorization,
        credential=seal,
        object_type=OBJECT_TYPE,
        object_id=dossier.pk,
    )
    results.attach_signed(dossier, doc.file.name)
    dossier.result_signed, dossier.sub_status = True, SubStatus.RESULT_AVAILABLE
    cmd.data["signed_document"] = str(doc.public_id)
    _return_result(dossier, cmd, by=by, now=now)
    cmd.data["minutes"] = round((now - dossier.received_at).total_seconds() / 60)


HANDLERS = {
    "receive": _receive,
    "assign": _assign,
    "request_supplement": _request_supplement,
    "supplement": _supplement,
    "request_payment": _request_payment,
    "record_payment": _record_payment,
    "propose": _propose,
    "approve": _approve,
    "refuse": _refuse,
    "seal": _seal,
    "apologize": _apologize,
    "stop": _close,
    "withdraw": _close,
    "refuse_intake": _close,
    "return_result": _return_result,
    "complete_on_spot": _complete_on_spot,
}
