"""End to end on the real broker (CELERY_BROKER_URL) with a real worker
process: `celery -A config worker`, on the test database, storing files in a
temporary MEDIA_ROOT. The worker runs config.settings.local (file storage,
console e-mail) with the test database's URL and the test SECRET_KEY."""

import contextlib
import datetime
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery_app import app
from welcome_kits.models import Kit
from welcome_kits.services import kit_request
from welcome_kits.tasks import sweep_kits

from .helpers import pdf_text

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60


def _test_database_url():
    db = settings.DATABASES["default"]
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + db["NAME"]))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def broker(url):
    """Point this process's producer at `url` (the worker keeps the real one)."""
    saved = app.conf.broker_write_url

    def reset_pools():
        # kombu keeps one pool per broker URL; Celery caches the current one.
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_write_url = url  # what producers connect to
    reset_pools()
    try:
        yield
    finally:
        app.conf.broker_write_url = saved
        reset_pools()


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    if not settings.CELERY_BROKER_URL:
        pytest.fail("CELERY_BROKER_URL must point at the test broker (Redis) for the end-to-end tests")
    media = tmp_path_factory.mktemp("media")
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(media),
        "SECRET_KEY": settings.SECRET_KEY,
        "SITE_URL": "http://testserver",
    }
    app.control.purge()  # nothing left over from an earlier run
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--loglevel=INFO", f"--hostname=kits-e2e-{os.getpid()}@%h"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not app.control.ping(timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start:\n{log.read_text()[-3000:]}")
        yield {"media": media, "log": log}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_done(kit):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        kit.refresh_from_db()
        if kit.status in (Kit.Status.DONE, Kit.Status.FAILED) and (
            kit.status == Kit.Status.FAILED or kit.notified_at or not kit.notify_prospect
        ):
            return kit
        time.sleep(0.2)
    pytest.fail(f"kit {kit.pk} still {kit.status} after {WAIT_SECONDS} s")


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_produces_the_kit_and_sends_the_link(worker, real_broker, kit_content, make_project):
    project = make_project(kit_content["commune"], "famille", ["garde-ecole"], first_name="Léa", last_name="Fabre",
                           children_ages=[2])
    kit = _wait_until_done(kit_request(project=project))
    assert kit.status == Kit.Status.DONE, kit.error
    assert kit.version == 1
    data = (worker["media"] / kit.file.name).read_bytes()
    assert "Léa Fabre" in pdf_text(data)
    assert "Faire garder les tout-petits" in pdf_text(data)
    # The console e-mail backend printed the message, with its signed link, in the worker's log.
    assert "http://testserver/kit-de-bienvenue/" in worker["log"].read_text()
    assert kit.notified_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_kit_requested_while_the_broker_is_down_still_arrives(
    worker, real_broker, kit_content, make_project, caplog
):
    project = make_project(kit_content["cahors"], "sante", ["logement-temporaire"])
    with broker(f"redis://127.0.0.1:{_free_port()}/6"):
        kit = kit_request(project=project)  # the broker refuses: the request must not fail
    assert "broker unreachable" in caplog.text
    kit.refresh_from_db()
    assert kit.status == Kit.Status.PENDING
    assert kit.queued_at is None

    # The broker is back; beat's sweep runs on the worker once the request is old enough.
    Kit.objects.filter(pk=kit.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=30))
    sweep_kits.delay()
    kit = _wait_until_done(kit)
    assert kit.status == Kit.Status.DONE, kit.error
    assert kit.version == 1
    assert kit.queued_at is not None
    assert (worker["media"] / kit.file.name).read_bytes().startswith(b"%PDF")

