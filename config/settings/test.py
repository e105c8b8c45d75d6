"""Fast test settings; the database and broker still come from the environment."""

import os

from .base import *  # noqa: F403

TESTING = True  # crm.apps stays quiet about the in-process task runner
SECRET_KEY = "test-secret-key-not-used-anywhere-else-0123456789"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A test database is thrown away: its commits need not wait for the disk
# (the transactional tests, the live server and the workers commit often).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    # Added to the production connection's options (config.env: jit off), not in their place.
    _options["options"] = " ".join(filter(None, [_options.get("options", ""), "-c synchronous_commit=off"]))
# Tests decide per test whether a task goes to the real broker.
CELERY_TASK_ALWAYS_EAGER = True
LANGUAGE_CODE = "fr"

# Demo data (seed_demo, seed_kit_content): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

# Under pytest-xdist each worker process (PYTEST_XDIST_WORKER = gw0, gw1...)
# has its own test database (pytest-django adds the suffix) and its own
# broker database: the Redis database number of CELERY_BROKER_URL plus one
# per worker, so one worker's real Celery worker never takes another's tasks.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER.startswith("gw") and (CELERY_BROKER_URL or "").startswith("redis://"):  # noqa: F405
    _base, _, _db = CELERY_BROKER_URL.rpartition("/")  # noqa: F405
    _number = int(_db) if _db.isdigit() else 0
    CELERY_BROKER_URL = f"{_base}/{_number + 1 + int(_XDIST_WORKER[2:])}"
    # Celery's broker_url prefers this variable to the settings: the test
    # process must publish where its worker listens.
    os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL
