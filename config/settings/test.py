"""Fast test settings; the database and broker still come from the environment."""

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
# Tests decide per test whether a task goes to the real broker.
CELERY_TASK_ALWAYS_EAGER = True
LANGUAGE_CODE = "fr"

# Demo data (seed_demo, seed_kit_content): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
