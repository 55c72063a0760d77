"""Counting requests per hour in the shared cache, for limits against abuse.

Keys hold a keyed hash of the counted value (an address, an email, a phone
number): the cache table never sees personal data, and every process of the
portal counts in the same place.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def exceeded(scope: str, value: str, *, limit: int, period: int = 3600) -> bool:
    """Count one more request of `value` in `scope`; True once more than `limit`
    came within `period` seconds of the first."""
    key = f"ratelimit:{scope}:{_digest(value)}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:
        # Expired between add() and incr(): this request opens a new period.
        cache.set(key, 1, timeout=period)
        count = 1
    return count > limit
