"""Without a broker, tasks run in-process: start-up says so, once."""

import logging
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.apps import apps
from django.conf import settings
from django.test import override_settings

WARNING = "CELERY_BROKER_URL is not set: background tasks run in-process."


def _ready(caplog):
    with caplog.at_level(logging.WARNING, logger="crm.apps"):
        apps.get_app_config("crm").ready()
    return [r for r in caplog.records if r.name == "crm.apps" and r.getMessage() == WARNING]


def test_it_warns_once_when_tasks_run_in_process(caplog):
    with override_settings(TESTING=False, CELERY_TASK_ALWAYS_EAGER=True, CELERY_BROKER_URL=None):
        records = _ready(caplog)
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING


def test_it_does_not_warn_with_a_broker(caplog):
    with override_settings(TESTING=False, CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:6379/0"):
        assert _ready(caplog) == []


def test_it_does_not_warn_under_the_test_settings(caplog):
    assert settings.TESTING is True
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True, CELERY_BROKER_URL=None):
        assert _ready(caplog) == []


def _environ(tmp_path, **extra):
    unset = ("CELERY_BROKER_URL", "LOG_LEVEL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        # The zero-setup default, in a file of this test's own.
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


@pytest.mark.parametrize(("broker", "expected"), [(None, 1), ("redis://127.0.0.1:6379/0", 0)])
def test_a_management_command_warns_once_without_a_broker(tmp_path, broker, expected):
    env = _environ(tmp_path, **({"CELERY_BROKER_URL": broker} if broker else {}))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(WARNING) == expected


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_dev_server_warns_once_despite_its_reloader(tmp_path):
    # The autoreloader imports the project in a watcher and again in the server.
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--skip-checks", f"127.0.0.1:{_free_port()}"],
        cwd=settings.BASE_DIR, env=_environ(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    lines = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Quit the server with" in line:
                break
    finally:
        # The server runs in a child of the watcher: stop the whole group we started.
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        process.stdout.close()
    output = "".join(lines)
    assert "Quit the server with" in output, output
    assert output.count(WARNING) == 1
