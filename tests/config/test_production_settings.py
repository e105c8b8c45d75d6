"""Production settings, imported in a fresh process as a server would."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

# Variables that would change what production settings produce (the browser
# tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process, which check --deploy flags).
_OVERRIDES = (
    "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE",
    "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL", "DEFAULT_FILE_STORAGE_BACKEND", "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ACCESS_KEY_ID", "AWS_S3_SECRET_ACCESS_KEY", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME",
)
# What a deployer must give besides the secret key: where to send e-mail, and from whom.
MAIL = {"EMAIL_HOST": "smtp.example.org", "DEFAULT_FROM_EMAIL": "Accueil <accueil@example.org>"}


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
        **MAIL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checks_do_see_a_weak_secret_key():
    # The counter-check: the command above really inspects the settings.
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY="django-insecure-short",
        ALLOWED_HOSTS="example.org",
        **MAIL,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def _setup(**env):
    return _run(["-c", "import django; django.setup()"], SECRET_KEY=secrets.token_urlsafe(50), **env)


@pytest.mark.parametrize("backend", ["console", "locmem", "filebased", "dummy"])
def test_it_refuses_to_start_with_an_e_mail_backend_that_does_not_send(backend):
    result = _setup(EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend", **MAIL)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"EMAIL_BACKEND=django.core.mail.backends.{backend}.EmailBackend does not send e-mail" in result.stderr
    for variable in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "DEFAULT_FROM_EMAIL"):
        assert variable in result.stderr


def test_it_refuses_to_start_without_an_smtp_host():
    result = _setup(DEFAULT_FROM_EMAIL="accueil@example.org")
    assert result.returncode != 0
    assert "EMAIL_HOST is required in production" in result.stderr


def test_it_refuses_to_start_without_a_sender():
    result = _setup(EMAIL_HOST="smtp.example.org")
    assert result.returncode != 0
    assert "DEFAULT_FROM_EMAIL is required" in result.stderr


SHOW_MAIL = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.DEFAULT_FROM_EMAIL, s.EMAIL_TIMEOUT, sep='|')"
)


def test_it_sends_by_smtp_when_given_a_host():
    result = _run(["-c", SHOW_MAIL], SECRET_KEY=secrets.token_urlsafe(50), **MAIL)
    assert result.returncode == 0, result.stderr
    backend, host, sender, timeout = result.stdout.strip().split("|")
    assert (backend, host, sender) == ("django.core.mail.backends.smtp.EmailBackend", "smtp.example.org",
                                       MAIL["DEFAULT_FROM_EMAIL"])
    # A silent SMTP server cannot hold a worker forever.
    assert timeout == "30"


def test_it_refuses_both_starttls_and_ssl():
    result = _setup(**MAIL, EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS (STARTTLS, port 587) and EMAIL_USE_SSL (port 465) exclude each other" in result.stderr


S3 = {
    "AWS_STORAGE_BUCKET_NAME": "kits-accueil",
    "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.example.net",
    "AWS_S3_REGION_NAME": "fr-par",
    "AWS_S3_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_S3_SECRET_ACCESS_KEY": "wJalrXUtnFEMI-example-secret",
}
STORAGE_CLASS = (
    "import django; django.setup(); from django.core.files.storage import default_storage as s; "
    "print(s.__class__.__name__)"
)
SHOW_STORAGE = """
import json, django
django.setup()
from django.core.files.storage import default_storage as s
print(json.dumps({
    "class": s.__class__.__name__,
    "bucket": s.bucket_name, "endpoint": s.endpoint_url, "region": s.region_name, "acl": s.default_acl,
    "querystring_auth": s.querystring_auth, "expire": s.querystring_expire, "overwrite": s.file_overwrite,
    "url": s.url("kits/abc/kit.pdf"),
}))
"""


def test_it_keeps_kits_in_a_private_s3_bucket_when_one_is_given():
    result = _run(["-c", SHOW_STORAGE], SECRET_KEY=secrets.token_urlsafe(50), **MAIL, **S3)
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout)
    assert storage["class"] == "S3Storage"
    assert storage["bucket"] == "kits-accueil"
    assert storage["endpoint"] == "https://s3.fr-par.example.net"
    assert storage["region"] == "fr-par"
    assert storage["acl"] == "private"
    assert storage["querystring_auth"] is True
    assert storage["expire"] == 300
    assert storage["overwrite"] is False
    # A signed, expiring URL on the given store (made locally: no request is sent).
    assert storage["url"].startswith("https://")
    assert "s3.fr-par.example.net" in storage["url"]
    assert "X-Amz-Signature=" in storage["url"]
    assert "X-Amz-Expires=300" in storage["url"]
    assert S3["AWS_S3_SECRET_ACCESS_KEY"] not in storage["url"]


def test_it_keeps_kits_on_the_local_disk_by_default():
    result = _run(["-c", STORAGE_CLASS], SECRET_KEY=secrets.token_urlsafe(50), **MAIL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "FileSystemStorage"


def test_it_refuses_an_s3_store_without_its_keys():
    result = _setup(**MAIL, DEFAULT_FILE_STORAGE_BACKEND="storages.backends.s3.S3Storage",
                    AWS_STORAGE_BUCKET_NAME="kits-accueil")
    assert result.returncode != 0
    assert "missing: AWS_S3_ACCESS_KEY_ID, AWS_S3_SECRET_ACCESS_KEY" in result.stderr
