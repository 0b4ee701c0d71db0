"""A count of attempts in a window, in the shared cache, for limits that protect everyone."""

from django.core.cache import cache


def too_many(key: str, limit: int, window: int) -> bool:
    """Count one more attempt under `key`; True once there have been more than `limit` in `window` seconds."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The count expired between the two calls: this is the first of a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
