"""Idempotency-Key on every API write (SPEC §8): a POST, PUT, PATCH or DELETE under /api/ sent
again with the same key, by the same caller, to the same path with the same body, gets the first
answer back and changes nothing; the same key with another body is refused (409
`idempotency.key_reused`); a repeat while the first is still running is refused (409
`idempotency.in_progress`). Only successful (2xx) JSON answers are kept: after an error the
client may retry with the same key. A request without the header runs as usual."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import JsonResponse

from danvan.api.errors import error_response
from danvan.core.errors import Conflict
from danvan.core.models import IdempotencyKey

HEADER = "HTTP_IDEMPOTENCY_KEY"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
MAX_KEY = 200
IN_PROGRESS = 0  # IdempotencyKey.status while the first request runs


def request_hash(request) -> str:
    """The body's digest; JSON is compared by content, not by spacing or key order."""
    body = request.body
    if request.content_type == "application/json":
        try:
            body = json.dumps(json.loads(body or b"null"), sort_keys=True).encode()
        except ValueError:
            pass
    return hashlib.sha256(request.content_type.encode() + b"\0" + body).hexdigest()


def _caller(request):
    token = getattr(request, "_danvan_token", None)
    if token is not None:
        return token.user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _reserve(key: str, user, scope: str, digest: str):
    """The stored row if this key was seen, else None after reserving it for this request."""
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(
                key=key, user=user, scope=scope, request_hash=digest, status=IN_PROGRESS
            )
    except IntegrityError:
        return IdempotencyKey.objects.get(key=key, user=user, scope=scope)
    return None


def _replay(found: IdempotencyKey, digest: str):
    if found.request_hash != digest:
        return error_response(
            409, "idempotency.key_reused", "Idempotency-Key đã được dùng cho một yêu cầu khác."
        )
    if found.status == IN_PROGRESS:
        return error_response(
            409,
            "idempotency.in_progress",
            "Yêu cầu với Idempotency-Key này đang được xử lý; vui lòng thử lại sau.",
        )
    response = JsonResponse(
        found.response, status=found.status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Idempotent-Replayed"] = "true"
    return response


def _keep(row_filter: dict, response) -> None:
    is_json = response.get("Content-Type", "").startswith("application/json")
    if 200 <= response.status_code < 300 and is_json and not response.streaming:
        IdempotencyKey.objects.filter(**row_filter).update(
            status=response.status_code, response=json.loads(response.content or b"null")
        )
    else:
        IdempotencyKey.objects.filter(**row_filter).delete()


class IdempotencyMiddleware:
    """After authentication (the caller is part of the key) and before the API view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(HEADER, "").strip()
        if not key or request.method not in WRITES or not request.path.startswith("/api/"):
            return self.get_response(request)
        if len(key) > MAX_KEY:
            return error_response(
                422, "idempotency.key_too_long", "Idempotency-Key quá dài (tối đa 200 ký tự)."
            )
        user, scope = _caller(request), f"{request.method} {request.path}"[:100]
        if user is None:  # no caller to scope the key to; the API refuses anonymous writes anyway
            return self.get_response(request)
        digest = request_hash(request)
        found = _reserve(key, user, scope, digest)
        if found is not None:
            return _replay(found, digest)
        row = {"key": key, "user": user, "scope": scope}
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotencyKey.objects.filter(**row).delete()
            raise
        _keep(row, response)
        return response


def run_once(key: str | None, *, user, scope: str, payload, produce):
    """In-process form for a write the middleware does not see (or that wants its own scope):
    `produce()` returns (status, json); repeats with the same key replay the stored answer, inside
    the same transaction as the change. Over HTTP the middleware above already covers /api/."""
    if not key:
        return produce()
    if len(key) > MAX_KEY:
        raise Conflict(
            "idempotency.key_too_long", "Idempotency-Key quá dài (tối đa 200 ký tự).", status=422
        )
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    scope = f"call {scope}"[:100]
    found = IdempotencyKey.objects.filter(key=key, user=user, scope=scope).first()
    if found is None:
        try:
            with transaction.atomic():
                status, body = produce()
                body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
                IdempotencyKey.objects.create(
                    key=key,
                    user=user,
                    scope=scope,
                    request_hash=digest,
                    status=status,
                    response=body,
                )
                return status, body
        except IntegrityError:
            found = IdempotencyKey.objects.get(key=key, user=user, scope=scope)
    if found.request_hash != digest:
        raise Conflict(
            "idempotency.key_reused", "Idempotency-Key đã được dùng cho một yêu cầu khác."
        )
    return found.status, found.response
