"""Idempotency-Key for API writes: the same key and body return the first answer, once."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from danvan.core.errors import Conflict
from danvan.core.models import IdempotencyKey


def _hash(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def run_once(key: str | None, *, user, scope: str, payload, produce):
    """`produce()` returns (status, json). Repeats with the same key replay the stored answer."""
    if not key:
        return produce()
    if len(key) > 200:
        raise Conflict(
            "idempotency.key_too_long", "Idempotency-Key quá dài (tối đa 200 ký tự).", status=422
        )
    digest = _hash(payload)
    found = IdempotencyKey.objects.filter(key=key, user=user, scope=scope).first()
    if found is not None:
        return _replay(found, digest)
    try:
        with transaction.atomic():
            status, body = produce()
            body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
            IdempotencyKey.objects.create(
                key=key, user=user, scope=scope, request_hash=digest, status=status, response=body
            )
            return status, body
    except IntegrityError:
        found = IdempotencyKey.objects.get(key=key, user=user, scope=scope)
        return _replay(found, digest)


def _replay(found: IdempotencyKey, digest: str):
    if found.request_hash != digest:
        raise Conflict(
            "idempotency.key_reused", "Idempotency-Key đã được dùng cho một yêu cầu khác."
        )
    return found.status, found.response
