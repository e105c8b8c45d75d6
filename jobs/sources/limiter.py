"""A request budget shared by every process of the instance, kept in the cache.

France Travail allows about 10 calls a second per application, not per
process: web processes and workers count in the same cache (Redis in
production) window of one second. A call beyond the budget waits for the
next second, up to `max_wait`; after a 429 the source is left alone until
its Retry-After has passed, by every process.
"""

import math
import time

from django.core.cache import cache

from jobs.sources import SourceUnavailable


class RateLimiter:
    def __init__(self, name, per_second, *, max_wait=2.0):
        self.name = name
        self.per_second = per_second
        self.max_wait = max_wait

    @property
    def _blocked_key(self):
        return f"{self.name}:blocked-until"

    def block(self, seconds):
        """Nobody calls before `seconds` have passed (the source's Retry-After)."""
        cache.set(self._blocked_key, time.time() + seconds, timeout=math.ceil(seconds) + 1)

    def blocked_for(self):
        until = cache.get(self._blocked_key)
        return max(0.0, until - time.time()) if until else 0.0

    def acquire(self):
        deadline = time.monotonic() + self.max_wait
        while True:
            wait = self.blocked_for()
            if wait:
                raise SourceUnavailable("paused after a 429", retry_after=math.ceil(wait))
            now = time.time()
            key = f"{self.name}:{int(now)}"
            cache.add(key, 0, timeout=5)
            try:
                count = cache.incr(key)
            except ValueError:  # the window's key expired between add and incr
                cache.add(key, 1, timeout=5)
                count = 1
            if count <= self.per_second:
                return
            pause = math.floor(now) + 1 - now
            if time.monotonic() + pause > deadline:
                raise SourceUnavailable("local rate limit", retry_after=1)
            time.sleep(pause)
