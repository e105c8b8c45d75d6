"""Production settings, imported in a fresh process as a server would."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

# Variables that would change what production settings produce (the browser
# tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process, which check --deploy flags).
_OVERRIDES = (
    "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in _OVERRIDES}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=clean, capture_output=True, text=True, timeout=60
    )


def test_it_refuses_to_start_without_a_secret_key():
    result = _run(["-c", "import django; django.setup()"])
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is required" in result.stderr


def test_it_refuses_to_start_with_a_blank_secret_key():
    result = _run(["-c", "import django; django.setup()"], SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_it_refuses_to_start_with_a_bad_integer():
    result = _run(["-c", "import django; django.setup()"], SECRET_KEY=secrets.token_urlsafe(50), EMAIL_PORT="abc")
    assert result.returncode != 0
    assert "EMAIL_PORT='abc' is not an integer" in result.stderr


def test_it_passes_the_deployment_checks():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checks_do_see_a_weak_secret_key():
    # The counter-check: the command above really inspects the settings.
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY="django-insecure-short",
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout
