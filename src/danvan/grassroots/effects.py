"""Effects of the petition and hot-spot transitions (they change the row, never its state)."""

from danvan.core.errors import Invalid
from danvan.core.text import squash
from danvan.grassroots import deadlines, notices
from danvan.grassroots.models import Satisfaction


def _text(ctx, key: str, code: str, message: str, *, max_length: int = 5000) -> str:
    value = squash(ctx.data.get(key, ""))[:max_length]
    if not value:
        raise Invalid(f"petition.{code}", message, fields={key: message})
    return value


def default_body(unit) -> str:
    return f"Ủy ban nhân dân {unit.name}"


def route(ctx) -> None:
    p = ctx.obj
    p.handling_body = squash(ctx.data.get("handling_body", ""))[:200] or default_body(p.unit)
    ctx.data["handling_body"] = p.handling_body
    p.handler = ctx.data.get("handler") or p.handler
    p.complex_case = bool(ctx.data.get("complex_case", p.complex_case))
    p.due_at, p.deadline_basis = deadlines.compute(
        p.unit, p.kind, "settle", ctx.now, complex_case=p.complex_case
    )
    ctx.data["due_at"] = p.due_at.isoformat()


def start(ctx) -> None:
    p = ctx.obj
    if ctx.data.get("handler"):
        p.handler = ctx.data["handler"]
    elif p.handler is None and ctx.actor is not None:
        p.handler = ctx.actor


def answer(ctx) -> None:
    p = ctx.obj
    p.answer = _text(ctx, "answer", "answer_required", "Cần nhập nội dung trả lời công dân.")
    p.answer_ref = squash(ctx.data.get("answer_ref", ""))[:60]
    p.answered_at = ctx.now
    p.answered_on_time = p.due_at is None or ctx.now <= p.due_at
    ctx.data.pop("answer", None)  # the answer is on the petition; the event keeps the fact
    notices.answered(p)  # in the transition's transaction (the outbox's rule)


def rate(ctx) -> None:
    p = ctx.obj
    try:
        score = int(ctx.data.get("satisfaction"))
    except (TypeError, ValueError):
        score = 0
    if score not in Satisfaction.values:
        raise Invalid(
            "petition.bad_rating",
            "Mức đánh giá phải từ 1 đến 5.",
            fields={"satisfaction": "1–5"},
        )
    p.satisfaction = score
    p.satisfaction_comment = squash(ctx.data.get("comment", ""))[:1000]
    p.closed_at = ctx.now


def close(ctx) -> None:
    ctx.obj.closed_at = ctx.now


def reopen(ctx) -> None:
    p = ctx.obj
    p.reopen_count += 1
    if ctx.data.get("satisfaction") in (1, 2):  # the citizen was not satisfied
        p.satisfaction = ctx.data["satisfaction"]
    p.answered_at = None
    p.answered_on_time = None
    p.due_at, p.deadline_basis = deadlines.compute(
        p.unit, p.kind, "settle", ctx.now, complex_case=p.complex_case
    )


def transfer(ctx) -> None:
    p = ctx.obj
    p.transferred_to = _text(
        ctx,
        "transferred_to",
        "body_required",
        "Cần ghi cơ quan có thẩm quyền nhận đơn.",
        max_length=200,
    )
    p.closed_at = ctx.now
    notices.transferred(p)


def escalate(ctx) -> None:
    p = ctx.obj
    level = squash(ctx.data.get("level", "")) or "province"
    if level not in ("province", "central"):
        raise Invalid("petition.bad_level", "Cấp trên phải là thành phố hoặc Trung ương.")
    p.escalation_level = level
    p.closed_at = ctx.now


def refresh(ctx) -> None:
    h = ctx.obj
    h.reasons = list(ctx.data.get("reasons", h.reasons))
    h.score = int(ctx.data.get("score", h.score))


def take_charge(ctx) -> None:
    h = ctx.obj
    message = "Cần ghi cơ quan chủ trì, người chịu trách nhiệm và phương án xử lý."
    for key, length in (("lead_body", 200), ("responsible", 150), ("plan", 5000)):
        value = squash(ctx.data.get(key, ""))[:length]
        if not value:
            raise Invalid("hotspot.plan_required", message, fields={key: message})
        setattr(h, key, value)
    ctx.data.pop("plan", None)


def settle(ctx) -> None:
    h = ctx.obj
    h.settled_at = ctx.now
    h.settlement = ctx.reason
