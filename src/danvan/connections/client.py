"""One HTTP call to an outside system, and what its answer means for the outbox."""

from __future__ import annotations

import json
from dataclasses import dataclass

import requests

from danvan.connections import formats as F
from danvan.connections.conf import conf


class SendError(Exception):
    """The message did not get through. ``retry``: worth another attempt later."""

    def __init__(self, message: str, *, retry: bool = True, answer=None):
        super().__init__(message)
        self.retry = retry
        self.answer = answer


@dataclass
class Answer:
    status: int
    body: dict

    @property
    def code(self) -> str:
        return str(self.body.get("error_code", ""))

    @property
    def message(self) -> str:
        return str(self.body.get("message", ""))[:500]


def post(url: str, body: dict, *, key: str = "", token: str = "", timeout: float | None = None):
    """POST JSON; the answer, or SendError(retry=True) for a timeout, a dropped connection, a
    server error or a refusal (HTTP 429/5xx)."""
    if not url:
        raise SendError("Chưa cấu hình địa chỉ hệ thống nhận (CONNECTIONS_GATEWAY_URL).")
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if key:
        headers["X-Idempotency-Key"] = key
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body, ensure_ascii=False).encode()
    try:
        reply = requests.post(url, data=data, headers=headers, timeout=timeout or conf().timeout)
    except requests.Timeout as exc:
        raise SendError(f"Hết thời gian chờ trả lời ({url}).") from exc
    except requests.RequestException as exc:
        raise SendError(f"Không kết nối được hoặc bị ngắt kết nối: {type(exc).__name__}.") from exc
    try:
        parsed = reply.json()
    except ValueError:
        parsed = {"message": reply.text[:300]}
    if not isinstance(parsed, dict):
        parsed = {"message": str(parsed)[:300]}
    if reply.status_code == 429 or reply.status_code >= 500:
        raise SendError(
            f"HTTP {reply.status_code}: {parsed.get('message', '')}"[:500], answer=parsed
        )
    if reply.status_code >= 400:
        raise SendError(
            f"HTTP {reply.status_code}: {parsed.get('message', '')}"[:500],
            retry=False,
            answer=parsed,
        )
    return Answer(reply.status_code, parsed)


def check(answer: Answer) -> Answer:
    """A portal-style answer: error_code "0" passes; "-1" and "4" are worth a retry; the rest
    (invalid data and others) need a person."""
    if answer.code == F.OK:
        return answer
    retry = answer.code in (F.SYSTEM_ERROR, F.SESSION_EXPIRED, "")
    text = f"error_code {answer.code}: {answer.message}"
    raise SendError(text, retry=retry, answer=answer.body)
