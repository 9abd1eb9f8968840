"""A fixed-window rate limit per client address for public endpoints (429 past the limit)."""

import time

from django.conf import settings
from django.core.cache import cache

from danvan.core.errors import DomainError


class RateLimited(DomainError):
    status = 429


def limit_public(request, bucket: str, per_minute: int | None = None) -> None:
    limit = per_minute or settings.PUBLIC_RATE_LIMIT_PER_MINUTE
    address = request.META.get("REMOTE_ADDR", "unknown")
    key = f"rl:{bucket}:{address}:{int(time.time() // 60)}"
    added = cache.add(key, 1, 70)
    count = 1 if added else cache.incr(key)
    if count > limit:
        raise RateLimited(
            "rate_limited", "Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau một phút."
        )
