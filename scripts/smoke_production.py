"""Smoke test of the production layout (README, "Production"), run by the test command.

With config.settings.production, as the README's deployment steps do it: on a
fresh PostgreSQL database, `migrate` alone (no other set-up step) and
`collectstatic` with the production storage (WhiteNoise's compressed
manifest) into a temporary STATIC_ROOT; then gunicorn, behind a pretend
TLS proxy (X-Forwarded-Proto: https, the trusted proxy header). The public
pages, the sign-in page, the API documentation, a static file served by
WhiteNoise and /healthz must answer 200, a submitted project form must not
fail, and an unknown page must be the French 404. Exits 1 with what failed.

Needs DATABASE_URL (PostgreSQL: a throw-away database is made next to the
one it names, then dropped) and CELERY_BROKER_URL (/healthz checks it).
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """HTTP/1.1 to gunicorn as the TLS proxy in front of it would speak."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {**PROXY_HEADERS, **(headers or {})}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers, data
        finally:
            conn.close()


def main():
    started = time.monotonic()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        print("smoke (production): DATABASE_URL must point at PostgreSQL", file=sys.stderr)
        return 1
    base, _, _name = database_url.split("?")[0].rpartition("/")
    scratch = f"smoke_production_{os.getpid()}"
    with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=10) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    failures = []
    try:
        with tempfile.TemporaryDirectory(prefix="smoke-production-") as tmp:
            failures = run(Path(tmp), f"{base}/{scratch}")
    finally:
        with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    for failure in failures:
        print(f"smoke (production): {failure}", file=sys.stderr)
    print(f"smoke (production): {'FAILED' if failures else 'ok'} in {time.monotonic() - started:.0f} s")
    return 1 if failures else 0


def production_env(tmp, database_url):
    keep = {key: value for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "EMAIL_", "AWS_", "DEFAULT_", "SECURE_", "REDIS_"))
            and key not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT", "MEDIA_ROOT", "SITE_URL")}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        # A real SMTP configuration (nothing is sent: no worker runs here).
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),
        "DEFAULT_FROM_EMAIL": "Accueil <accueil@example.org>",
        "INTAKE_MIN_FILL_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def run(tmp, database_url):
    env = production_env(tmp, database_url)
    manage = [str(VENV_BIN / "python"), "manage.py"]
    # The two set-up steps are independent: side by side, to keep this quick.
    steps = {
        name: subprocess.Popen([*manage, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
        for name, args in (("migrate", ["migrate", "--no-input"]),
                           ("collectstatic", ["collectstatic", "--no-input"]))
    }
    failures = []
    for name, process in steps.items():
        output, _ = process.communicate(timeout=300)
        if process.returncode != 0:
            failures.append(f"{name} failed:\n{output[-3000:]}")
    if failures:
        return failures

    port = free_port()
    log = tmp / "gunicorn.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--timeout", "30"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        site = Site(port)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            try:
                site.request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        failures += check(site)
    finally:
        server.terminate()
        server.wait(timeout=20)
    if failures:
        failures.append(f"gunicorn's log:\n{log.read_text()[-4000:]}")
    return failures


def check(site):
    failures = []

    def expect(path, status=200, text=None):
        try:
            got, headers, body = site.request("GET", path)
        except OSError as exc:
            failures.append(f"GET {path}: {type(exc).__name__}: {exc}")
            return None, b""
        if got != status:
            failures.append(f"GET {path}: {got}, expected {status}")
        elif text is not None and text.encode() not in body:
            failures.append(f"GET {path}: {text!r} not in the page")
        return headers, body

    expect("/healthz", text='"status": "ok"')
    # A fresh instance has one network ("Mon programme", slug "programme"):
    # the root sends its visitor there.
    root, _ = expect("/", status=302)
    if root is not None and root.get("Location") != "/programme/":
        failures.append(f"GET /: sent to {root.get('Location')!r}, not to the only network's page")
    _, home = expect("/programme/", text="Mon programme")
    expect("/connexion/", text="csrfmiddlewaretoken")
    expect("/api/docs/", text="swagger")
    expect("/page-qui-n-existe-pas/", status=404, text="introuvable")

    # Static files: the hashed names the pages point at, served by WhiteNoise.
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', home)
    if not any(b"bootstrap.bundle.min." in asset for asset in assets):
        failures.append(f"the home page does not load the hashed Bootstrap script: {assets}")
    for asset in assets:
        path = asset.decode()
        headers, _ = expect(path)
        if headers is not None and "max-age=315360000" not in headers.get("Cache-Control", ""):
            failures.append(f"GET {path}: not served as a hashed, immutable file ({headers.get('Cache-Control')})")

    # The public form: shown, then submitted (the per-address limit counts in
    # the database cache, whose table only `migrate` made).
    form_path = "/programme/je-depose-mon-projet/"
    _, form = expect(form_path, text="consent")
    started = re.search(rb'name="started" value="([^"]+)"', form)
    token = site.cookies.get("csrftoken")
    if not (started and token):
        failures.append("the project form lacks its fill-time token or its CSRF cookie")
        return failures
    body = urllib.parse.urlencode({
        "csrfmiddlewaretoken": token, "started": started.group(1).decode(), "first_name": "Lou",
        "last_name": "Fumée", "email": "lou.smoke@example.org", "consent": "on",
    })
    origin = f"https://127.0.0.1:{site.port}"
    status, _headers, page = site.request("POST", form_path, body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Referer": origin + form_path,
        "Origin": origin, "Host": f"127.0.0.1:{site.port}",
    })
    # Not every field is filled (no territories loaded): the form comes back with its errors.
    if status not in (200, 302):
        failures.append(f"POST {form_path}: {status}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
