"""Per-client and overall limits on how often an endpoint is used, counted in Django's cache.

A client is known only by a keyed hash (``salted_hmac`` with the site's secret
key) of its address, salted with the current minute: the counter cannot be
turned back into the address, cannot be linked from one minute to the next,
and expires with its minute. Nothing else is kept and nothing is logged.
"""

import time
from dataclasses import dataclass

from django.utils.crypto import salted_hmac

from .caching import page_cache
from .conf import settings

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


def client_address(request) -> str:
    return request.META.get(settings.CLIENT_ADDRESS_META) or request.META.get("REMOTE_ADDR", "")


def count(key: str, cache, timeout: int) -> int:
    """Add one to the counter ``key`` (created at 0 with ``timeout``) and return it."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts with this one
        cache.set(key, 1, timeout=timeout)
        return 1


def hit(request, name: str, per_client: int, total: int) -> Verdict:
    """Count one use of ``name`` by this request's client; refuse beyond either limit."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)
    timeout = WINDOW_SECONDS  # a counter never outlives its minute by more than the minute
    cache = page_cache()
    client = salted_hmac(f"guides.ratelimit.{name}.{window}", client_address(request))
    client_key = f"guides:rate:{name}:{window}:{client.hexdigest()[:32]}"
    if count(client_key, cache, timeout) > per_client:
        return Verdict(False, retry_after)
    if count(f"guides:rate:{name}:{window}:all", cache, timeout) > total:
        return Verdict(False, retry_after)
    return Verdict(True)
