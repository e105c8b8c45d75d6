"""The environment helpers: good values parse, bad values stop the start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_broker_url, env_database, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("True", True), (" yes ", True), ("on", True),
     ("0", False), ("false", False), ("NO", False), ("off", False), ("", False)],
)
def test_it_parses_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", default=not expected) is expected


def test_it_uses_the_boolean_default_when_unset(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert env_bool("DEBUG", True) is True
    assert env_bool("DEBUG", False) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "vrai", "y e s"])
def test_it_rejects_a_value_that_is_not_a_boolean(monkeypatch, raw):
    monkeypatch.setenv("DEBUG", raw)
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG")


def test_it_parses_integers(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "587")
    assert env_int("EMAIL_PORT", 25) == 587


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_it_uses_the_integer_default_when_unset_or_blank(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("EMAIL_PORT", raising=False)
    else:
        monkeypatch.setenv("EMAIL_PORT", raw)
    assert env_int("EMAIL_PORT", 25) == 25


@pytest.mark.parametrize("raw", ["abc", "25.0", "2 5", "0x19"])
def test_it_rejects_a_value_that_is_not_an_integer(monkeypatch, raw):
    monkeypatch.setenv("EMAIL_PORT", raw)
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)


def test_it_rejects_an_integer_below_the_minimum(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("EMAIL_PORT", 25, minimum=1)


def test_it_accepts_an_integer_at_the_minimum(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "0")
    assert env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0) == 0


def test_it_splits_lists_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " example.org, www.example.org ,,")
    assert env_list("ALLOWED_HOSTS") == ["example.org", "www.example.org"]


def test_it_uses_a_copy_of_the_list_default_when_unset(monkeypatch):
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    default = ("localhost",)
    hosts = env_list("ALLOWED_HOSTS", default)
    assert hosts == ["localhost"]
    hosts.append("evil.example")
    assert env_list("ALLOWED_HOSTS", default) == ["localhost"]


def test_it_reads_an_empty_list_as_empty(monkeypatch):
    monkeypatch.setenv("CSRF_TRUSTED_ORIGINS", "")
    assert env_list("CSRF_TRUSTED_ORIGINS", ["https://default.example"]) == []


def test_it_requires_a_required_string(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required"):
        env_str("SECRET_KEY", required=True)


def test_it_rejects_a_blank_required_string(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "  ")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required"):
        env_str("SECRET_KEY", required=True)


def test_it_parses_a_postgresql_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db.internal:5433/newcomers")
    config = env_database("DATABASE_URL", "/unused.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "newcomers")
    assert (config["USER"], config["PASSWORD"]) == ("app", "secret")
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["OPTIONS"]["options"] == "-c jit=off"


@pytest.mark.django_db
def test_the_application_s_connections_to_postgresql_compile_nothing():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SELECT boot_val FROM pg_settings WHERE name = 'jit'")
        assert cursor.fetchone()[0] == "on"  # the server's own default: the connection turned it off


def test_it_falls_back_to_sqlite_without_a_database_url(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")


@pytest.mark.parametrize(
    "raw", ["nonsense://x", "not a url", "postgres://app:secret@db:notaport/newcomers"]
)
def test_it_rejects_a_database_url_it_cannot_parse(monkeypatch, raw):
    monkeypatch.setenv("DATABASE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL") as excinfo:
        env_database("DATABASE_URL", "/unused.sqlite3")
    assert "secret" not in str(excinfo.value)


@pytest.mark.parametrize(
    "raw",
    ["redis://127.0.0.1:6379/0", "rediss://:pw@cache.example:6380/1", "amqp://guest:guest@mq//", "memory://"],
)
def test_it_accepts_broker_urls(monkeypatch, raw):
    monkeypatch.setenv("CELERY_BROKER_URL", raw)
    assert env_broker_url("CELERY_BROKER_URL") == raw


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_it_reads_an_unset_broker_url_as_none(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    else:
        monkeypatch.setenv("CELERY_BROKER_URL", raw)
    assert env_broker_url("CELERY_BROKER_URL") is None


@pytest.mark.parametrize("raw", ["http://x", "postgres://db/0", "127.0.0.1:6379"])
def test_it_rejects_a_broker_url_of_the_wrong_kind(monkeypatch, raw):
    monkeypatch.setenv("CELERY_BROKER_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL"):
        env_broker_url("CELERY_BROKER_URL")


def test_it_does_not_echo_a_rejected_broker_url(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "user:s3cret@redis.internal:6379")
    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_broker_url("CELERY_BROKER_URL")
    assert "s3cret" not in str(excinfo.value)


@pytest.mark.parametrize("value", ["60/min", "20/h", "1/s", "1000/day"])
def test_env_rate_reads_a_rate(monkeypatch, value):
    from config.env import env_rate

    monkeypatch.setenv("SOME_RATE", value)
    assert env_rate("SOME_RATE", "1/s") == value


@pytest.mark.parametrize("value", ["60", "0/min", "ten/min", "60/fortnight", "60 per minute"])
def test_env_rate_refuses_anything_else(monkeypatch, value):
    from config.env import env_rate

    monkeypatch.setenv("SOME_RATE", value)
    with pytest.raises(ImproperlyConfigured):
        env_rate("SOME_RATE", "1/s")
