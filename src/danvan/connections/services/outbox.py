"""The outbox: messages that must leave the platform, written in the transaction of the change,
sent afterwards by a background job (danvan.jobs), in order per key, with exponential backoff and
jitter, until sent or out of attempts ("failed", with the receiver's answer). See
docs/connections.md.

Why nothing is lost or sent twice:
- the message row commits with the change or not at all (``enqueue`` is called inside the
  transaction; it only INSERTs);
- a sender claims a message with a compare-and-set UPDATE (state, attempts) and a lease; a worker
  that dies while sending leaves a "sending" row whose lease runs out, and the next drain takes it
  again;
- every attempt carries the message's ``public_id`` as X-Idempotency-Key, and the portal's
  services are create-or-update by MaHoSo, so an attempt whose answer was lost is harmless;
- a message waits while an earlier message of its key is not sent (a failed one blocks its key
  until a person retries it: the portal never sees step 5 before step 4).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.connections.client import SendError
from danvan.connections.conf import conf
from danvan.connections.models import MessageState, OutboxMessage
from danvan.core.errors import Conflict, NotFound

log = logging.getLogger("danvan.outbox")

S = MessageState
DONE = (S.SENT, S.SKIPPED)
LEASE = dt.timedelta(seconds=120)
JOB_KIND = "connections.outbox"


@dataclass(frozen=True)
class Sender:
    kind: str
    label: str
    send: Callable[[OutboxMessage], dict]  # the receiver's answer; raises SendError
    # Whether messages of this kind can be sent now (the portal's need a gateway address; a
    # disabled kind waits, visibly, and is not attempted).
    enabled: Callable[[], bool] = lambda: True


def ready_kinds() -> list[str]:
    return [kind for kind, sender in SENDERS.items() if sender.enabled()]


SENDERS: dict[str, Sender] = {}


def register(sender: Sender) -> Sender:
    SENDERS[sender.kind] = sender
    return sender


# --- writing ---------------------------------------------------------------------------------


def enqueue(
    kind: str, key: str, payload: dict, *, obj=None, unit_id=None, label: str = "", now=None
) -> OutboxMessage:
    """Write one message in the caller's transaction (one INSERT); the drain is started after
    the commit."""
    message = OutboxMessage.objects.create(
        kind=kind,
        key=key[:80],
        payload=payload,
        label=label[:200],
        object_type=f"{obj._meta.app_label}.{obj._meta.model_name}" if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        unit_id=unit_id,
        max_attempts=conf().max_attempts,
        next_attempt_at=now or timezone.now(),
    )
    transaction.on_commit(kick, robust=True)
    return message


def kick(when: dt.datetime | None = None) -> None:
    """Start a drain job (at ``when``) unless one is already queued for then; nothing when no
    kind can be sent (no gateway configured: the portal's messages wait, and the outbox page says
    why; citizen notifications go to their own providers and are sent anyway)."""
    if not ready_kinds():
        return
    from danvan.jobs import services as jobs
    from danvan.jobs.models import Job, JobState

    now = timezone.now()
    if settings.JOBS_RUNNER == "immediate" and when is not None and when > now:
        return  # tests and scripts drive time themselves (drain(now=...))
    queued = Job.objects.filter(kind=JOB_KIND, state=JobState.QUEUED)
    # The immediate runner runs the job now; a job queued earlier under another runner (the demo
    # loader's) would never run in this process.
    if (
        settings.JOBS_RUNNER != "immediate"
        and queued.filter(Q(not_before__isnull=True) | Q(not_before__lte=when or now)).exists()
    ):
        return
    jobs.start(JOB_KIND, title=_("Gửi tin trong hộp thư đi"), run_after=when)


# --- sending ---------------------------------------------------------------------------------


def _blocked() -> Exists:
    """An earlier message of the same key is not sent yet."""
    return Exists(
        OutboxMessage.objects.filter(key=OuterRef("key"), id__lt=OuterRef("id")).exclude(
            state__in=DONE
        )
    )


def due(now: dt.datetime):
    ready = Q(state=S.PENDING, next_attempt_at__lte=now) | Q(state=S.SENDING, lease_until__lt=now)
    return (
        OutboxMessage.objects.filter(ready, kind__in=ready_kinds())
        .filter(~_blocked())
        .order_by("id")
    )


def claim(message: OutboxMessage, now: dt.datetime) -> bool:
    """Compare-and-set: only one drain sends this attempt."""
    won = OutboxMessage.objects.filter(
        pk=message.pk, state=message.state, attempts=message.attempts
    ).update(state=S.SENDING, attempts=F("attempts") + 1, lease_until=now + LEASE)
    if won:
        message.refresh_from_db()
    return bool(won)


def backoff(attempts: int, *, rng=random.random) -> dt.timedelta:
    """Exponential (base × 2^(n−1), capped) with ±50 % jitter, so that a gateway coming back is
    not hit by every waiting message at the same second."""
    c = conf()
    seconds = min(c.backoff_seconds * 2 ** max(attempts - 1, 0), c.backoff_cap_seconds)
    return dt.timedelta(seconds=seconds * (0.5 + rng()))


def send_one(message: OutboxMessage, now: dt.datetime | None = None) -> str:
    """One attempt of a claimed message; its new state."""
    now = now or timezone.now()
    sender = SENDERS.get(message.kind)
    try:
        if sender is None:
            raise SendError(f"Không có bộ gửi cho loại tin {message.kind}.", retry=False)
        answer = sender.send(message)
    except SendError as exc:
        return _failed_attempt(message, exc, now)
    except Exception as exc:  # noqa: BLE001 - a bug in a mapping must not stop the drain
        log.exception("outbox message %s", message.pk)
        return _failed_attempt(message, SendError(f"Lỗi nội bộ: {type(exc).__name__}"), now)
    state = S.SKIPPED if isinstance(answer, dict) and answer.get("skipped") else S.SENT
    OutboxMessage.objects.filter(pk=message.pk, state=S.SENDING).update(
        state=state, sent_at=timezone.now(), response=answer, last_error="", lease_until=None
    )
    return state


def _failed_attempt(message: OutboxMessage, exc: SendError, now: dt.datetime) -> str:
    final = not exc.retry or message.attempts >= message.max_attempts
    state = S.FAILED if final else S.PENDING
    OutboxMessage.objects.filter(pk=message.pk, state=S.SENDING).update(
        state=state,
        last_error=str(exc)[:2000],
        response=exc.answer,
        next_attempt_at=now + backoff(message.attempts),
        lease_until=None,
    )
    return state


def drain(*, now: dt.datetime | None = None, limit: int = 500, progress=None) -> dict:
    """Send what is due, oldest first, in order per key; then schedule the next drain for the
    earliest waiting retry. Returns the counts."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for _round in range(limit):
        when = now or timezone.now()
        message = due(when).first()
        if message is None:
            break
        if not claim(message, when):
            continue
        state = send_one(message, when)
        counts["sent" if state in DONE else "retry" if state == S.PENDING else "failed"] += 1
        if progress:
            progress(sum(counts.values()))
    nxt = (
        OutboxMessage.objects.filter(state=S.PENDING, kind__in=ready_kinds())
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if nxt is not None and now is None:
        kick(max(nxt, timezone.now()))
    return counts


# --- people ----------------------------------------------------------------------------------


def may_see(user) -> bool:
    from danvan.accounts import scope
    from danvan.accounts.models import Role

    return scope.has_role(user, Role.ADMIN)


def visible(user):
    """Superusers see every message; an administrator those of the units under her."""
    from danvan.accounts import scope
    from danvan.accounts.models import Role

    qs = OutboxMessage.objects.all()
    if getattr(user, "is_superuser", False):
        return qs
    if not may_see(user):
        return qs.none()
    return scope.scoped(qs, user, roles=[Role.ADMIN])


def get(pk, user=None) -> OutboxMessage:
    qs = OutboxMessage.objects.all() if user is None else visible(user)
    message = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if message is None:
        raise NotFound("outbox.not_found", _("Không có tin này trong hộp thư đi."))
    return message


def retry(message: OutboxMessage, *, by=None) -> OutboxMessage:
    """A person sends a failed message again: attempts start over."""
    from danvan.audit.services import record

    with transaction.atomic():
        done = OutboxMessage.objects.filter(pk=message.pk, state=S.FAILED).update(
            state=S.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
        if not done:
            raise Conflict(
                "outbox.not_failed", _("Chỉ gửi lại được tin đang ở trạng thái không thành công.")
            )
        record("connections.outbox.retry", actor=by, data={"id": message.pk, "kind": message.kind})
        transaction.on_commit(kick, robust=True)
    message.refresh_from_db()
    return message


def counts() -> dict[str, int]:
    from django.db.models import Count

    rows = OutboxMessage.objects.values("state").annotate(n=Count("id"))
    found = {row["state"]: row["n"] for row in rows}
    return {state: found.get(state, 0) for state in S.values}
