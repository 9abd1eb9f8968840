"""Job kinds: each app plugs its background work in from its AppConfig.ready(); this app never
imports them (the same pattern as signing's batch kinds and the audit sentences).

    @job_kind("movement.practice_import", title=_("Nhập mô hình từ tệp .xlsx"))
    def run_practice_import(job, ctx):
        ...
        return {"written": 123}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from danvan.core.errors import Invalid

DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_RETRY_SECONDS = 30.0


@dataclass(frozen=True)
class JobKind:
    code: str
    title: object  # a lazy translation, shown when the job has no title of its own
    run: Callable  # run(job, ctx) -> JSON-able result (or None)
    # Attempts in all: a crash or a Retry counts one; a worker killed mid-run counts one too.
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    # Seconds before the next attempt after a Retry or an unexpected error (doubles each time).
    retry_seconds: float = DEFAULT_RETRY_SECONDS
    # Whether an unexpected exception (not a DomainError) is worth another attempt.
    retry_on_error: bool = True
    # The result in one Vietnamese sentence for the job page (e.g. "Đã nhập 120 dòng").
    describe: Callable[[object], str] | None = None


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.code] = kind
    return kind


def job_kind(
    code: str,
    *,
    title,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    retry_seconds: float = DEFAULT_RETRY_SECONDS,
    retry_on_error: bool = True,
    describe: Callable[[object], str] | None = None,
) -> Callable[[Callable], Callable]:
    """Register the decorated function as the runner of the job kind ``code``."""

    def decorate(func: Callable) -> Callable:
        register(
            JobKind(
                code=code,
                title=title,
                run=func,
                max_attempts=max(1, max_attempts),
                retry_seconds=retry_seconds,
                retry_on_error=retry_on_error,
                describe=describe,
            )
        )
        return func

    return decorate


def get(code: str) -> JobKind:
    kind = KINDS.get(code)
    if kind is None:
        raise Invalid(
            "job.unknown_kind",
            _("Loại công việc “%(kind)s” không có trong hệ thống.") % {"kind": code},
            fields={"kind": code},
        )
    return kind
