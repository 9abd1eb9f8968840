"""The dossier lifecycle as one table (SPEC §2.2): states, whether each is open, the transitions
and the roles each needs. The service `onestop.services.transition` enforces it; a test walks
every allowed and every forbidden transition.

State numbers are the national public-service portal's status codes, so a sync needs no mapping.
"""

from dataclasses import dataclass

from django.db import models

from danvan.accounts.models import Role as R


class Status(models.IntegerChoices):
    REGISTERED_ONLINE = 1, "Đăng ký trực tuyến, chờ tiếp nhận"
    RECEIVED = 2, "Đã tiếp nhận"
    NOT_RECEIVED = 3, "Từ chối tiếp nhận"
    PROCESSING = 4, "Đang giải quyết"
    SUPPLEMENT_REQUESTED = 5, "Yêu cầu bổ sung hồ sơ"
    FINANCIAL_OBLIGATION = 6, "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = 7, "Công dân rút hồ sơ"
    STOPPED = 8, "Dừng giải quyết"
    PROCESSED = 9, "Đã giải quyết xong"
    RETURNED = 10, "Đã trả kết quả"


CLOSED = frozenset({Status.NOT_RECEIVED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
OPEN = frozenset(set(Status) - CLOSED)


class SubStatus(models.TextChoices):
    NONE = "", "—"
    SUPPLEMENT_BY_DESK = "supplement_by_desk", "Bộ phận một cửa yêu cầu bổ sung"
    SUPPLEMENT_FROM_CITIZEN = "supplement_from_citizen", "Chờ công dân bổ sung"
    SUPPLEMENTED = "supplemented", "Công dân đã bổ sung"
    SUPPLEMENT_COMPLETE = "supplement_complete", "Đã bổ sung đầy đủ"
    AWAITING_SIGNATURE = "awaiting_signature", "Chờ lãnh đạo ký duyệt"
    SIGNED_AWAITING_SEAL = "signed_awaiting_seal", "Đã ký số, chờ văn thư đóng dấu"
    RESULT_AWAITING_CONFIRMATION = "result_awaiting_confirmation", "Kết quả chờ xác nhận"
    RESULT_AVAILABLE = "result_available", "Có kết quả, chờ trả"
    RESULT_HANDED_OVER = "result_handed_over", "Đã bàn giao kết quả"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    target: Status | None  # None: stays in the current state (e.g. apology, reassign)
    roles: tuple[str, ...]
    needs_reason: bool = False
    form: str | None = None  # the Circular 03/2025 form this transition issues
    needs_pin: bool = (
        False  # a digital signature is made: the actor confirms with their signing PIN
    )
    sub_statuses: frozenset | None = None  # only from these sub-states (None: any)
    not_ready: tuple[str, str] | None = None  # (code, message) when the sub-state does not allow it
    no_wait_only: bool = False  # only for "no-wait" procedures (Decree 61/2018 Art 17(4))

    def ready(self, sub_status: str) -> bool:
        return self.sub_statuses is None or sub_status in self.sub_statuses


S = Status
SS = SubStatus
ACTIVE = frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "receive",
            "Tiếp nhận hồ sơ",
            frozenset({S.REGISTERED_ONLINE}),
            S.RECEIVED,
            (R.COUNTER_CLERK,),
            form="01",
        ),
        Transition(
            "refuse_intake",
            "Từ chối tiếp nhận",
            frozenset({S.REGISTERED_ONLINE}),
            S.NOT_RECEIVED,
            (R.COUNTER_CLERK,),
            needs_reason=True,
            form="03",
        ),
        Transition(
            "assign",
            "Chuyển chuyên viên xử lý",
            frozenset({S.RECEIVED, S.PROCESSING}),
            S.PROCESSING,
            (R.COUNTER_CLERK, R.SPECIALIST, R.SIGNER),
        ),
        Transition(
            "request_supplement",
            "Yêu cầu bổ sung hồ sơ",
            frozenset({S.REGISTERED_ONLINE, S.RECEIVED, S.PROCESSING}),
            S.SUPPLEMENT_REQUESTED,
            (R.COUNTER_CLERK, R.SPECIALIST),
            needs_reason=True,
            form="02",
        ),
        Transition(
            "supplement",
            "Nhận hồ sơ bổ sung",
            frozenset({S.SUPPLEMENT_REQUESTED}),
            None,
            (R.COUNTER_CLERK,),
        ),
        Transition(
            "request_payment",
            "Yêu cầu nộp phí, lệ phí",
            frozenset({S.RECEIVED, S.PROCESSING}),
            S.FINANCIAL_OBLIGATION,
            (R.COUNTER_CLERK, R.SPECIALIST),
        ),
        Transition(
            "record_payment",
            "Ghi nhận đã nộp phí",
            frozenset({S.FINANCIAL_OBLIGATION}),
            S.PROCESSING,
            (R.COUNTER_CLERK,),
        ),
        # From RECEIVED too: in a commune without a specialist the counter clerk prepares the result.
        Transition(
            "propose",
            "Trình lãnh đạo ký duyệt",
            frozenset({S.RECEIVED, S.PROCESSING}),
            S.PROCESSING,
            (R.SPECIALIST, R.COUNTER_CLERK),
        ),
        # Decree 30/2020 Art 8: the competent person signs first (digitally, with their PIN), then the
        # office clerk applies the organization's seal; only then is the result available.
        Transition(
            "approve",
            "Ký số, duyệt kết quả",
            frozenset({S.PROCESSING}),
            S.PROCESSED,
            (R.SIGNER,),
            needs_pin=True,
        ),
        Transition(
            "refuse",
            "Từ chối giải quyết (ký văn bản trả lời)",
            frozenset({S.RECEIVED, S.PROCESSING}),
            S.PROCESSED,
            (R.SIGNER,),
            needs_reason=True,
            needs_pin=True,
        ),
        Transition(
            "seal",
            "Đóng dấu số của cơ quan",
            frozenset({S.PROCESSED}),
            None,
            (R.OFFICE_CLERK,),
            needs_pin=True,
            sub_statuses=frozenset({SS.SIGNED_AWAITING_SEAL}),
            not_ready=(
                "dossier.not_awaiting_seal",
                "Hồ sơ không ở bước chờ đóng dấu: kết quả phải được lãnh đạo ký số trước.",
            ),
        ),
        Transition(
            "apologize",
            "Xin lỗi và hẹn lại ngày trả",
            ACTIVE,
            None,
            (R.SPECIALIST, R.SIGNER, R.COUNTER_CLERK),
            needs_reason=True,
            form="04",
        ),
        Transition(
            "stop",
            "Dừng giải quyết theo đề nghị",
            ACTIVE,
            S.STOPPED,
            (R.COUNTER_CLERK, R.SPECIALIST, R.SIGNER),
            needs_reason=True,
            form="05",
        ),
        Transition(
            "withdraw",
            "Công dân rút hồ sơ",
            frozenset({S.REGISTERED_ONLINE, *ACTIVE}),
            S.WITHDRAWN,
            (R.COUNTER_CLERK,),
            needs_reason=True,
        ),
        Transition(
            "return_result",
            "Trả kết quả",
            frozenset({S.PROCESSED}),
            S.RETURNED,
            (R.COUNTER_CLERK,),
            sub_statuses=frozenset({SS.RESULT_AVAILABLE}),
            not_ready=(
                "dossier.result_not_signed",
                "Kết quả chưa được lãnh đạo ký số và văn thư đóng dấu cơ quan; chưa thể trả cho "
                "công dân.",
            ),
        ),
        # No-wait procedures: the counter clerk processes and returns in the same sitting; the result
        # carries the unit's organization seal, applied with the clerk's own PIN (docs/signing.md).
        Transition(
            "complete_on_spot",
            "Giải quyết và trả ngay",
            frozenset({S.RECEIVED}),
            S.RETURNED,
            (R.COUNTER_CLERK,),
            needs_pin=True,
            no_wait_only=True,
        ),
    ]
}


def allowed_actions(
    status: int, roles: set[str], *, superuser: bool = False, sub_status: str | None = None
) -> list[Transition]:
    return [
        t
        for t in TRANSITIONS.values()
        if status in t.sources
        and (superuser or set(t.roles) & roles)
        and (sub_status is None or t.ready(sub_status))
    ]


def _register_audit_sentences() -> None:
    from danvan.audit.registry import register

    register("onestop.dossier.submitted", "Nộp hồ sơ {code}")
    register("onestop.dossier.received", "Tiếp nhận hồ sơ {code}")
    register("onestop.dossier.idle_flagged", "Cảnh báo hồ sơ {code} chậm ở bước “{step}”")
    for t in TRANSITIONS.values():
        register(f"onestop.dossier.{t.action}", f"{t.label}: hồ sơ {{code}}")


_register_audit_sentences()
