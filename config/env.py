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
