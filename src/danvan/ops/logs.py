"""Structured logs: one JSON object a line, with the request id, user id, unit and outcome.

Nothing personal is ever written: query strings and bodies are never logged, and a last filter
scrubs whatever looks like a national ID (CCCD, 9 or 12 digits), a phone number, an e-mail
address, a bearer token or a session/CSRF value from every message, argument and traceback.
Ordinary 4xx responses are logged on one line without a traceback; 5xx keep theirs.
"""

import contextvars
import datetime as dt
import json
import logging
import re
import time
import traceback
import uuid

REQUEST_ID = contextvars.ContextVar("request_id", default="")
USER_ID = contextvars.ContextVar("user_id", default=None)
UNIT = contextvars.ContextVar("unit", default="")

_SCRUBBERS = [
    # tokens first: they may contain digit runs
    (
        re.compile(r"(?i)\b(bearer|token|sessionid|csrftoken|password|pin)([\"'=: ]+)[^\s\"',;&]+"),
        r"\1\2[redacted]",
    ),
    (re.compile(r"\bdvs_[A-Za-z0-9_\-]{8,}"), "[token]"),
    (re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"), "[email]"),
    (re.compile(r"(?<![\w.])(?:\+?84|0)(?:[\s.\-]?\d){9,10}(?![\w.])"), "[phone]"),
    (re.compile(r"(?<!\d)\d{12}(?!\d)"), "[national-id]"),
    (re.compile(r"(?<!\d)\d{9}(?!\d)"), "[id-number]"),
    (re.compile(r"\b[A-Za-z0-9_\-]{40,}\b"), "[secret]"),
]
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


def scrub(text: str) -> str:
    for pattern, replacement in _SCRUBBERS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    """One JSON line per record; the request's context comes from contextvars."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        if rid := REQUEST_ID.get():
            payload["request_id"] = rid
        if (uid := USER_ID.get()) is not None:
            payload["user_id"] = uid
        if unit := UNIT.get():
            payload["unit"] = unit
        for key in ("method", "path", "status", "outcome", "duration_ms", "event"):
            if hasattr(record, key):
                value = getattr(record, key)
                payload[key] = scrub(value) if isinstance(value, str) else value
        if record.exc_info and record.exc_info[0] is not None:
            payload["exception"] = record.exc_info[0].__name__
            payload["traceback"] = scrub("".join(traceback.format_exception(*record.exc_info)))
        return json.dumps(payload, ensure_ascii=False, default=str)


class ClientErrorsWithoutTraceback(logging.Filter):
    """django.request attaches the exception to 403/404/400 warnings: drop it below 500."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


def outcome(status: int) -> str:
    if status >= 500:
        return "server_error"
    if status in (401, 403):
        return "denied"
    if status == 429:
        return "throttled"
    if status >= 400:
        return "client_error"
    if status >= 300:
        return "redirect"
    return "ok"


request_logger = logging.getLogger("danvan.request")


class RequestLogMiddleware:
    """Gives every request an id (X-Request-ID, echoed back) and logs one line when it ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        tokens = [REQUEST_ID.set(rid), USER_ID.set(None), UNIT.set("")]
        started = time.monotonic()
        try:
            response = self.get_response(request)
            self._bind_user(request)
            response["X-Request-ID"] = rid
            status = response.status_code
            level = logging.ERROR if status >= 500 else logging.INFO
            request_logger.log(
                level,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,  # never the query string
                    "status": status,
                    "outcome": outcome(status),
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            for var, token in zip((REQUEST_ID, USER_ID, UNIT), tokens, strict=True):
                var.reset(token)

    @staticmethod
    def _bind_user(request) -> None:
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            USER_ID.set(user.pk)
        unit = getattr(request, "current_unit", None)
        if unit is not None:
            UNIT.set(unit.code)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # by now the session and authentication middleware have run: later log lines carry them
        self._bind_user(request)
        return None
