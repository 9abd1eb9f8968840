"""Message providers: a brand-name SMS HTTP API, Zalo Official Account template messages (ZNS) and
email (Django's email backend). The outbox's notification sender (services/notices.py) calls them
with the outbox message's stable request id, so a repeated attempt (an answer lost, a worker killed
while sending) is recognised by the provider and never sent twice.

- ``send_sms``: POST JSON Brandname, Phone, Message, RequestId → error_code "0" and MessageId;
- ``send_zalo``: POST JSON phone (84…), template_id, template_data, tracking_id → msg_id;
- ``send_email``: Django's email backend, with a ``Message-ID`` made from the request id and an
  ``X-Danvan-Request-Id`` header, the same on every attempt (a relay drops the repeat).

Without an SMS address (``SMS_URL``) the phone message goes to ``settings.SMS_BACKEND`` (the core
library's logging backend by default): nothing is invented, the log says what would be sent.
Every hand-over is kept (ProviderMessage: provider, request id, the provider's message id or
error), which is the delivery state a person can check on the outbox message's page.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from danvan.connections import formats as F
from danvan.connections.client import SendError, post
from danvan.connections.conf import conf
from danvan.connections.models import ProviderMessage


def _keep(provider: str, to: str, request_id: str, *, outbox=None, answer=None, error="") -> None:
    body = answer if isinstance(answer, dict) else None
    message_id = str((body or {}).get("MessageId") or (body or {}).get("msg_id") or "")
    ProviderMessage.objects.update_or_create(
        request_id=request_id,
        defaults={
            "provider": provider,
            "outbox": outbox,
            "to": to[:254],
            "provider_message_id": message_id[:100],
            "state": ProviderMessage.State.FAILED if error else ProviderMessage.State.ACCEPTED,
            "answer": body,
            "error": error[:500],
            "at": timezone.now(),
        },
    )


def _post(provider: str, url: str, to: str, body: dict, request_id: str, token: str, outbox):
    try:
        answer = post(url, body, key=request_id, token=token)
    except SendError as exc:
        _keep(provider, to, request_id, outbox=outbox, answer=exc.answer, error=str(exc))
        raise
    if answer.code != F.OK:
        error = f"error_code {answer.code}: {answer.message}"
        _keep(provider, to, request_id, outbox=outbox, answer=answer.body, error=error)
        # Invalid data will not get better by itself; the rest (system error, session) may.
        raise SendError(error, retry=answer.code != F.INVALID, answer=answer.body)
    _keep(provider, to, request_id, outbox=outbox, answer=answer.body)
    return {"provider": provider, **answer.body}


def international(phone: str) -> str:
    """0912345678 → 84912345678 (what Zalo's API wants)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "84" + digits[1:] if digits.startswith("0") else digits


def send_sms(to: str, text: str, request_id: str, *, outbox=None) -> dict:
    c = conf()
    if not c.sms_url:
        from danvan.core import notify

        try:
            notify.sms_backend().send(to, text)
        except Exception as exc:  # noqa: BLE001 - any backend failure is a failed attempt
            _keep("sms-local", to, request_id, outbox=outbox, error=str(exc))
            raise SendError(str(exc)[:500]) from exc
        _keep("sms-local", to, request_id, outbox=outbox, answer={"backend": "SMS_BACKEND"})
        return {"provider": "sms-local"}
    body = {"Brandname": c.sms_brandname, "Phone": to, "Message": text, "RequestId": request_id}
    return _post("sms", c.sms_url, to, body, request_id, c.token, outbox)


def zalo_configured() -> bool:
    return bool(conf().zalo_url)


def send_zalo(to: str, text: str, request_id: str, *, outbox=None) -> dict:
    c = conf()
    template = str((getattr(settings, "CONNECTIONS", {}) or {}).get("ZALO_TEMPLATE", "thong_bao"))
    body = {
        "phone": international(to),
        "template_id": template,
        "template_data": {"noi_dung": text[:400]},
        "tracking_id": request_id,
    }
    return _post("zalo", c.zalo_url, to, body, request_id, c.zalo_token, outbox)


REQUEST_ID_HEADER = "X-Danvan-Request-Id"


def message_id(request_id: str) -> str:
    """The email's Message-ID, the same on every attempt of one outbox message (RFC 5322: unique
    per message, so a mail server or relay that has seen it drops the repeat; docs/connections.md).
    The domain is the sender's (DEFAULT_FROM_EMAIL), which is ours to make ids under."""
    sender = str(getattr(settings, "DEFAULT_FROM_EMAIL", "") or "")
    domain = sender.rpartition("@")[2].strip(" >") or "danvan.local"
    local = "".join(ch for ch in request_id if ch.isalnum() or ch in "-._")
    return f"<{local}@{domain}>"


def send_email(to: str, subject: str, text: str, request_id: str, *, outbox=None) -> dict:
    from django.core.mail import EmailMessage

    headers = {"Message-ID": message_id(request_id), REQUEST_ID_HEADER: request_id}
    try:
        EmailMessage(subject, text, None, [to], headers=headers).send()
    except Exception as exc:  # noqa: BLE001 - SMTP refusals, timeouts…: a failed attempt
        _keep("email", to, request_id, outbox=outbox, error=f"{type(exc).__name__}: {exc}")
        raise SendError(f"Thư điện tử: {type(exc).__name__}: {exc}"[:500]) from exc
    _keep("email", to, request_id, outbox=outbox, answer={"backend": "EMAIL_BACKEND"})
    return {"provider": "email"}
