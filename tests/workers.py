"""A real Celery worker process for end-to-end tests: `celery -A config
worker` on the test database and the test broker (CELERY_BROKER_URL), with
config.settings.local (file storage under a temporary MEDIA_ROOT, console
e-mail printed to its log), the test SECRET_KEY and links on the test server."""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from config.celery_app import app

ROOT = Path(__file__).resolve().parents[1]
WAIT_SECONDS = 60


def test_database_url():
    db = settings.DATABASES["default"]
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + db["NAME"]))


test_database_url.__test__ = False  # a helper, not a test


@contextlib.contextmanager
def celery_worker(media, log, *, name, pool="solo", broker_url=None):
    """Start a worker, wait until it answers a ping, stop it at the end.
    Yields the process (its children are the prefork pool's)."""
    if not settings.CELERY_BROKER_URL:
        pytest.fail("CELERY_BROKER_URL must point at the test broker (Redis) for the end-to-end tests")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": broker_url or settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(media),
        "SECRET_KEY": settings.SECRET_KEY,
        "SITE_URL": "http://testserver",
    }
    app.control.purge()  # nothing left over from an earlier run
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--loglevel=INFO", f"--hostname={name}-{os.getpid()}@%h"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        # limit=1: back as soon as the worker answers, not at the end of the half-second.
        while not app.control.ping(timeout=0.5, limit=1):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start:\n{Path(log).read_text()[-3000:]}")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
