"""A per-minute rate limit per client address for public endpoints (429 past the limit).

A sliding-window counter: the count of the current minute plus the previous minute's count,
weighted by how much of that minute still lies inside the last 60 seconds. A fixed window let a
client send twice the limit across a minute boundary (and made a burst test depend on the clock);
this one does not. Only admitted requests are counted, so a refused client gets in again as soon
as its last minute has room.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from danvan.core.errors import DomainError

WINDOW = 60


class RateLimited(DomainError):
    status = 429


def limit_public(request, bucket: str, per_minute: int | None = None) -> None:
    limit = per_minute or settings.PUBLIC_RATE_LIMIT_PER_MINUTE
    address = request.META.get("REMOTE_ADDR", "unknown")
    now = time.time()
    minute, elapsed = divmod(now, WINDOW)
    key = f"rl:{bucket}:{address}:{int(minute)}"
    previous = cache.get(f"rl:{bucket}:{address}:{int(minute) - 1}", 0)
    current = 1 if cache.add(key, 1, 2 * WINDOW + 10) else cache.incr(key)
    if previous * (1 - elapsed / WINDOW) + current > limit:
        cache.decr(key)
        raise RateLimited(
            "rate_limited", _("Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau một phút.")
        )
