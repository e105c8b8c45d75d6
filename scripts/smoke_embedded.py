"""Smoke test of the embedded default (README, command 1), run by the test command.

On a fresh SQLite file, with tasks in-process and no broker: the same set-up
steps as scripts/run.sh (scripts/setup_embedded.sh, a few demo projects),
then a real server (runserver, as run.sh starts it) answers the main public
and staff pages, a demo coordinator signs in, and a prospect's project form
is submitted and lands. So a PostgreSQL-only feature cannot break the first
README command unnoticed. Exits 1 with what failed.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LOGIN = ("coordination.lot", "demo-accueil-2026")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.geturl(), response.read().decode()

    def post(self, path, fields):
        fields = {**fields, "csrfmiddlewaretoken": self.csrf()}
        request = urllib.request.Request(
            self.base + path, data=urllib.parse.urlencode(fields, doseq=True).encode(),
            headers={"Referer": self.base + path},
        )
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.geturl(), response.read().decode()

    def csrf(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")


def main():
    failures = []
    with tempfile.TemporaryDirectory(prefix="smoke-embedded-") as tmp:
        env = {
            key: value for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.local", DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
            MEDIA_ROOT=f"{tmp}/media", DEMO_PROJECTS="12", INTAKE_MIN_FILL_SECONDS="0",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        started = time.monotonic()
        subprocess.run(["bash", str(ROOT / "scripts" / "setup_embedded.sh")], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=open(f"{tmp}/server.log", "w"),
        )
        try:
            browser = Browser(f"http://127.0.0.1:{port}")
            for _ in range(100):
                try:
                    browser.get("/healthz")
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.2)
            failures += check_pages(browser)
        finally:
            server.terminate()
            server.wait(timeout=10)
        if failures:
            print(Path(f"{tmp}/server.log").read_text()[-4000:], file=sys.stderr)
    for failure in failures:
        print(f"smoke (embedded default): {failure}", file=sys.stderr)
    print(f"smoke (embedded default): {'FAILED' if failures else 'ok'} in {time.monotonic() - started:.0f} s")
    return 1 if failures else 0


def check_pages(browser):
    failures = []

    def expect(path, text):
        try:
            status, _url, body = browser.get(path)
        except urllib.error.HTTPError as error:
            failures.append(f"GET {path}: {error.code}")
            return ""
        if status != 200 or text not in body:
            failures.append(f"GET {path}: {status}, {text!r} not in the page")
        return body

    expect("/healthz", "ok")
    # The demo serves two networks: the root lists them, each has its own form.
    home = expect("/", "Oh my Lot !")
    if 'href="/lot-et-garonne/"' not in home:
        failures.append("GET /: the Lot-et-Garonne's network is not listed")
    expect("/lot-et-garonne/je-depose-mon-projet/", "Vivre en Lot-et-Garonne")
    form = expect("/lot/je-depose-mon-projet/", "consent")
    started = re.search(r'name="started" value="([^"]+)"', form)
    need = re.search(r'name="needs" value="(\d+)"', form)
    if started and need:
        status, url, body = browser.post("/lot/je-depose-mon-projet/", {
            "first_name": "Lou", "last_name": "Fumée", "email": "lou.smoke@example.org", "phone": "",
            "territory_choice": "commune", "target_commune": "Figeac", "horizon": "unknown",
            "heard_via": "website", "needs": need.group(1), "consent": "on", "started": started.group(1),
        })
        if "merci" not in url:
            failures.append(f"POST /lot/je-depose-mon-projet/: ended on {url}")
    else:
        failures.append("the project form lacks its fill-time token or its needs")

    status, url, body = browser.get("/connexion/")
    status, url, body = browser.post("/connexion/", {"username": LOGIN[0], "password": LOGIN[1]})
    if "/equipe/" not in url:
        failures.append(f"sign-in as {LOGIN[0]} ended on {url}")
        return failures
    listing = expect("/equipe/projets/?q=lou.smoke", "Fumée")
    project = re.search(r'href="/equipe/projets/(\d+)/"', listing)
    if project:
        expect(f"/equipe/projets/{project.group(1)}/", "Historique")
    else:
        failures.append("the submitted project is not in the staff list")
    for path, text in [("/equipe/", "projets"), ("/equipe/projets/?epci=200067361", "Projets"),
                       ("/equipe/rapports/", "Entonnoir"), ("/equipe/parcours/", "parcours"),
                       ("/equipe/orientation/regles/", "gles"), ("/equipe/salons/", "salon"),
                       ("/api/docs/", "swagger")]:
        expect(path, text)
    return failures


if __name__ == "__main__":
    sys.exit(main())
