"""A real Celery worker, started as production starts it (`celery -A config
worker`), on a Redis broker of its own that is stopped while a kit renders
and started again on the same port. The worker must reconnect and finish the
work; if it dies anyway (a known kombu Redis-transport fault), the test
restarts it as the supervisor would (README, "Production": systemd's
Restart=always) and the work must still be done, once.

The Redis server keeps its data on disk (appendonly, as the README asks of a
production broker), so the messages queued before the stop are still there
after it."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings

from config.celery_app import app
from demo.kit_content import kit_content_seed
from tests.welcome_kits.helpers import create_places, new_project
from welcome_kits.models import Kit
from welcome_kits.services import kit_request

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 90
KITS = 3
# As the README's systemd unit starts the worker.
WORKER_OPTIONS = ["--without-gossip", "--without-mingle", "--without-heartbeat"]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _test_database_url():
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + settings.DATABASES["default"]["NAME"]))


class RedisServer:
    """A throw-away redis-server on a free port, stopped and started at will."""

    def __init__(self, directory):
        self.port = _free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        # SIGTERM: Redis writes its append-only file and exits, as `systemctl stop` would make it.
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)
        self.process = None


class Worker:
    """`celery -A config worker` on the given broker; restart() is the supervisor."""

    def __init__(self, broker_url, media, log):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DEBUG": "false",
            "DATABASE_URL": _test_database_url(),
            "CELERY_BROKER_URL": broker_url,
            "MEDIA_ROOT": str(media),
            "SECRET_KEY": settings.SECRET_KEY,
            "SITE_URL": "http://testserver",
        }
        self.log = log
        self.process = None
        self.starts = 0

    def start(self):
        self.starts += 1
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", *WORKER_OPTIONS, "--concurrency=1", "--loglevel=INFO",
                 f"--hostname=broker-drop-{os.getpid()}-{self.starts}@%h"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def producer_on(url):
    """This process sends tasks to `url` instead of running them itself."""
    saved = app.conf.broker_write_url, app.conf.task_always_eager

    def reset_pools():
        # kombu keeps one pool per broker URL; Celery caches the current one.
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_write_url, app.conf.task_always_eager = url, False
    reset_pools()
    try:
        yield
    finally:
        app.conf.broker_write_url, app.conf.task_always_eager = saved
        reset_pools()


@contextlib.contextmanager
def _rows_locked(table, ids):
    """Lock these rows from another connection; yields how many backends wait for a lock."""
    with psycopg.connect(_test_database_url()) as conn:
        conn.execute(f'SELECT 1 FROM "{table}" WHERE id = ANY(%s) FOR UPDATE', [ids])

        def waiting():
            with psycopg.connect(_test_database_url(), autocommit=True) as probe:
                return probe.execute(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE NOT l.granted AND a.datname = current_database()"
                ).fetchone()[0]

        yield waiting
        conn.rollback()


def _wait_for(condition, what, worker):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        if not worker.alive():
            worker.start()  # what systemd's Restart=always does
        time.sleep(0.1)
    pytest.fail(f"{what} after {WAIT_SECONDS} s:\n{worker.log.read_text()[-4000:]}")


@pytest.mark.django_db(transaction=True)
def test_the_work_completes_when_the_broker_drops_during_a_task(tmp_path, bob):
    places = create_places()
    kit_content_seed()
    projects = [
        new_project(bob.referent, places["commune"], "famille", ["garde-ecole"], first_name=f"Lou{n}")
        for n in range(KITS)
    ]
    redis = RedisServer(tmp_path)
    redis.start()
    worker = Worker(redis.url, tmp_path / "media", tmp_path / "worker.log")
    worker.start()
    try:
        with producer_on(redis.url):
            # No e-mail: this test is about the worker; the link e-mail is the outbox's business.
            kits = [kit_request(project=project, notify_prospect=False) for project in projects]
        ids = [kit.pk for kit in kits]

        # A task is under way: held at its first write to a kit row, which
        # this test locks, so that the broker is back before the task ends.
        with _rows_locked(Kit._meta.db_table, ids) as waiting:
            _wait_for(lambda: waiting() > 0, "no task started", worker)
            redis.stop()
            time.sleep(1)
            redis.start()
            _wait_for(lambda: worker.log.read_text().count("Connected to redis") >= 2 or not worker.alive(),
                      "the worker did not reconnect", worker)
        _wait_for(lambda: Kit.objects.filter(pk__in=ids, status=Kit.Status.DONE).count() == KITS,
                  "the kits are not all done", worker)
        # Once: one request, one version and one file per project.
        for kit in Kit.objects.filter(pk__in=ids):
            assert kit.version == 1
            assert kit.same_as is None
        for project in projects:
            assert project.kits.count() == 1
        assert len(list((tmp_path / "media").rglob("*.pdf"))) == KITS
        if worker.starts > 1:
            # Allowed (the supervisor is there for it), but worth seeing.
            warnings.warn(f"the worker was restarted {worker.starts - 1} time(s) during the broker outage",
                          stacklevel=1)
    finally:
        worker.stop()
        if redis.process is not None:
            redis.stop()
