"""Real faults for the guards' tests: a throw-away Redis, as the cache, that
a test stops (the shared Redis service is never touched).

`redis_cache` (a fixture) starts `redis-server` on a free port, points
CACHES at it through pytest-django's `settings` (an override_settings whose
setting_changed handler empties django.core.cache.caches, so the Redis
backend is built anew, and which the test's other setting changes undo in
the right order), and gives the test `stop()`.
"""

import contextlib
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches

__all__ = ["redis_cache"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowAwayRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.02)

    def stop(self):
        """Redis goes down: every later connection is refused."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        # The client would otherwise keep its pooled connection until it breaks.
        caches["default"].close()


@pytest.fixture
def redis_cache(settings):
    redis = ThrowAwayRedis()
    original = settings.CACHES
    try:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis.url}
        }
        assert type(caches["default"]).__name__ == "RedisCache"
        yield redis
    finally:
        redis.stop()
        # Back to the test cache now: other fixtures' teardowns clear it.
        settings.CACHES = original
