"""Environment variables, read in one place.

Every helper fails loudly on a value it cannot parse: a typo in production
must stop the start-up, not silently fall back to a default.
"""

import os
import re

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or (required and not value.strip()):
        # An empty required value (SECRET_KEY= in a .env file) is as bad as a missing one.
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean (use one of {sorted(TRUE_VALUES | FALSE_VALUES - {''})})."
    )


def env_int(name, default, *, minimum=None):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_database(name, default_sqlite_path):
    """DATABASE_URL, or a SQLite file so that a first run needs nothing installed."""
    value = os.environ.get(name)
    if not value:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": {"timeout": 20},
        }
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} cannot be parsed: {exc}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name} names an unknown database scheme.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: this application's queries run in milliseconds,
        # and compiling them cost more than it saved (on 200,000 projects,
        # 69 ms of a 190 ms dashboard query; 9.9 s of CPU for a 6 s report
        # query). A server setting the connection states for itself.
        options = config.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
    return config


def env_broker_url(name):
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in {"redis", "rediss", "amqp", "amqps", "memory"}:
        # Never echo the value itself: a mistyped URL may still hold a password.
        shown = f"{scheme}://" if scheme else "a value without a scheme"
        raise ImproperlyConfigured(f"{name} must be a redis://, rediss://, amqp:// or memory:// URL, not {shown}.")
    return value


_RATE = re.compile(r"^[1-9]\d*/(s|sec|second|m|min|minute|h|hour|d|day)$")


def env_rate(name, default):
    """A rate such as "60/min" or "20/h" (the shape DRF and django-ratelimit read)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip()
    if not _RATE.match(value):
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate like 60/min or 20/h.")
    return value


SMTP_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# Django's backends that send nothing: they print, keep in memory, write to
# files or drop. Whole e-mails (names, addresses, tracking links) would end up
# in a log or nowhere.
_NON_SENDING_EMAIL_MODULES = {
    f"django.core.mail.backends.{name}" for name in ("console", "locmem", "filebased", "dummy")
}
_EMAIL_VARIABLES = (
    "EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS (or EMAIL_USE_SSL) "
    "and DEFAULT_FROM_EMAIL"
)


def env_production_email_backend():
    """EMAIL_BACKEND in production: SMTP unless told otherwise, and always one that sends."""
    backend = env_str("EMAIL_BACKEND", "").strip() or SMTP_EMAIL_BACKEND
    if backend.rsplit(".", 1)[0] in _NON_SENDING_EMAIL_MODULES:
        raise ImproperlyConfigured(
            f"EMAIL_BACKEND={backend} does not send e-mail, and would print whole messages (names, "
            f"addresses, tracking links) to the logs: production refuses it. Unset EMAIL_BACKEND and set "
            f"{_EMAIL_VARIABLES} for SMTP, or name another backend that sends."
        )
    if backend == SMTP_EMAIL_BACKEND and not env_str("EMAIL_HOST", "").strip():
        raise ImproperlyConfigured(
            f"EMAIL_HOST is required in production to send e-mail by SMTP: set {_EMAIL_VARIABLES}."
        )
    if env_bool("EMAIL_USE_TLS") and env_bool("EMAIL_USE_SSL"):
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS (STARTTLS, port 587) and EMAIL_USE_SSL (port 465) exclude each other: set one."
        )
    return backend


FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"
_S3_REQUIRED = ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ACCESS_KEY_ID", "AWS_S3_SECRET_ACCESS_KEY")


def env_file_storage():
    """STORAGES["default"] (the kits): the local disk, or an S3-compatible
    bucket when AWS_STORAGE_BUCKET_NAME is set. Kits hold personal data:
    the objects are private and reached only through signed, short-lived URLs."""
    bucket = env_str("AWS_STORAGE_BUCKET_NAME", "").strip()
    backend = env_str("DEFAULT_FILE_STORAGE_BACKEND", "").strip() or (S3_STORAGE if bucket else FILE_SYSTEM_STORAGE)
    if backend != S3_STORAGE:
        return {"BACKEND": backend}
    missing = [name for name in _S3_REQUIRED if not env_str(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(
            f"The S3 file storage needs {', '.join(_S3_REQUIRED)} (and AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME "
            f"for a store other than AWS); missing: {', '.join(missing)}."
        )
    return {
        "BACKEND": S3_STORAGE,
        "OPTIONS": {
            "bucket_name": bucket,
            "access_key": env_str("AWS_S3_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_S3_SECRET_ACCESS_KEY"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "").strip() or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "").strip() or None,
            # "path" for stores that do not serve bucket.host names (MinIO, some others).
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "").strip() or None,
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300, minimum=1),
            # A name already taken gets a suffix: a kit never replaces another's file.
            "file_overwrite": False,
        },
    }
