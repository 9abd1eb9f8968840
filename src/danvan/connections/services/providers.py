"""Message providers behind the notification interface of ``danvan.core.notify`` (its SMS
backend: ``send(to, text)``, raising when the message did not get through, so the notification
row records the failure and the core.notify job retries it):

- ``BrandnameSmsBackend``: a brand-name SMS HTTP API (POST JSON Brandname, Phone, Message,
  RequestId → error_code "0" and MessageId);
- ``ZaloOaBackend``: a Zalo Official Account template message (ZNS) to the phone number;
- ``PreferredChannelBackend`` (the one to configure): the citizen's preference per phone number
  (MessagePreference): Zalo OA first with SMS as the fallback, SMS only, or no phone message.

Email stays Django's email backend (EMAIL_HOST…), used by core.notify for the email channel.
Every hand-over is kept (ProviderMessage: provider, request id, the provider's message id or
error), which is the delivery state a person can check.

    SMS_BACKEND = "danvan.connections.services.providers.PreferredChannelBackend"
"""

from __future__ import annotations

import uuid

from django.conf import settings

from danvan.connections import formats as F
from danvan.connections.client import SendError, post
from danvan.connections.conf import conf
from danvan.connections.models import Channel, MessagePreference, ProviderMessage


class NotDelivered(Exception):
    """The provider did not take the message (core.notify records the text on the row)."""


def _keep(provider: str, to: str, request_id: str, *, answer=None, error: str = "") -> None:
    body = answer if isinstance(answer, dict) else None
    message_id = str((body or {}).get("MessageId") or (body or {}).get("msg_id") or "")
    ProviderMessage.objects.create(
        provider=provider,
        to=to[:20],
        request_id=request_id,
        provider_message_id=message_id[:100],
        state=ProviderMessage.State.FAILED if error else ProviderMessage.State.ACCEPTED,
        answer=body,
        error=error[:500],
    )


def _send(provider: str, url: str, to: str, body: dict, request_id: str, token: str = "") -> None:
    try:
        answer = post(url, body, key=request_id, token=token)
    except SendError as exc:
        _keep(provider, to, request_id, answer=exc.answer, error=str(exc))
        raise NotDelivered(str(exc)) from exc
    if answer.code != F.OK:
        error = f"error_code {answer.code}: {answer.message}"
        _keep(provider, to, request_id, answer=answer.body, error=error)
        raise NotDelivered(error)
    _keep(provider, to, request_id, answer=answer.body)


def international(phone: str) -> str:
    """0912345678 → 84912345678 (what Zalo's API wants)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "84" + digits[1:] if digits.startswith("0") else digits


class BrandnameSmsBackend:
    name = "sms"

    def send(self, to: str, text: str) -> None:
        c = conf()
        request_id = uuid.uuid4().hex
        body = {"Brandname": c.sms_brandname, "Phone": to, "Message": text, "RequestId": request_id}
        _send(self.name, c.sms_url, to, body, request_id, c.token)


class ZaloOaBackend:
    name = "zalo"

    def send(self, to: str, text: str) -> None:
        c = conf()
        request_id = uuid.uuid4().hex
        template = str(
            (getattr(settings, "CONNECTIONS", {}) or {}).get("ZALO_TEMPLATE", "thong_bao")
        )
        body = {
            "phone": international(to),
            "template_id": template,
            "template_data": {"noi_dung": text[:400]},
            "tracking_id": request_id,
        }
        _send(self.name, c.zalo_url, to, body, request_id, c.zalo_token)


class PreferredChannelBackend:
    """The citizen's choice for this phone number; SMS when she made none."""

    def send(self, to: str, text: str) -> None:
        pref = MessagePreference.objects.filter(phone=to).values_list("channel", flat=True).first()
        if pref == Channel.NONE:
            return  # she asked for no phone messages: email only
        if pref == Channel.ZALO:
            try:
                ZaloOaBackend().send(to, text)
                return
            except NotDelivered:
                pass  # not on Zalo, or Zalo down: the brand-name SMS still tells her
        BrandnameSmsBackend().send(to, text)


def set_preference(phone: str, channel: str) -> MessagePreference:
    from django.utils import timezone

    if channel not in Channel.values:
        from danvan.core.errors import Invalid

        raise Invalid("notify.bad_channel", "Kênh nhận thông báo không hợp lệ.")
    pref, _created = MessagePreference.objects.update_or_create(
        phone=phone, defaults={"channel": channel, "updated_at": timezone.now()}
    )
    return pref
