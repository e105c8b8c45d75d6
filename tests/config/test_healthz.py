"""/healthz against the real PostgreSQL and the real broker."""

import logging
import os
import socket
import time

import pytest
from django.db import connection
from django.test import override_settings

pytestmark = pytest.mark.django_db

# A closed port, with a password that must never leak into the answer.
DEAD_BROKER_URL = "redis://:s3cret-broker-password@127.0.0.1:1/0"


@pytest.fixture
def real_broker():
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=os.environ["CELERY_BROKER_URL"]):
        yield


@pytest.fixture
def dead_broker():
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=DEAD_BROKER_URL):
        yield


def test_it_is_healthy_with_the_database_and_the_broker(client, real_broker):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_it_is_not_cached(client, real_broker):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_in_process_tasks_without_a_broker(client):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True, CELERY_BROKER_URL=None):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "in-process"


def test_it_names_the_broker_when_the_broker_is_down(client, dead_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["broker"]
    assert body["checks"] == {"database": "ok", "broker": "unreachable"}


def test_it_never_shows_or_logs_the_broker_url(client, dead_broker, caplog):
    with caplog.at_level(logging.ERROR, logger="config.health"):
        response = client.get("/healthz")
    text = response.content.decode()
    assert response.status_code == 503
    assert DEAD_BROKER_URL not in text
    assert "s3cret" not in text
    assert "127.0.0.1:1" not in text
    assert "healthz: broker unreachable" in caplog.text
    assert "s3cret" not in caplog.text


# Faults injected for real: a port that refuses connections, and one that
# accepts them (the kernel completes the handshake of a listening socket)
# and never answers, in front of the database and the broker.


@pytest.fixture
def refusing_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
        yield sock.getsockname()[1]


@pytest.fixture
def silent_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)  # never accept()ed, never answered
        yield sock.getsockname()[1]


def _database_at(monkeypatch, port):
    # Only the check reads these: the test's own connection is already open.
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", str(port))


def _timed_get(client):
    started = time.monotonic()
    response = client.get("/healthz")
    return response, time.monotonic() - started


def test_it_names_the_database_when_it_never_answers(client, real_broker, silent_port, monkeypatch):
    _database_at(monkeypatch, silent_port)
    response, seconds = _timed_get(client)
    assert seconds < 3
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    assert response.json()["checks"] == {"database": "timeout", "broker": "ok"}


def test_it_names_the_database_when_it_refuses_connections(client, real_broker, refusing_port, monkeypatch):
    _database_at(monkeypatch, refusing_port)
    response, seconds = _timed_get(client)
    assert seconds < 3
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unreachable", "broker": "ok"}
    assert str(refusing_port) not in response.content.decode()


def test_it_names_the_broker_when_it_never_answers(client, silent_port):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=f"redis://127.0.0.1:{silent_port}/0"):
        response, seconds = _timed_get(client)
    assert seconds < 3
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    assert response.json()["checks"] == {"database": "ok", "broker": "timeout"}


def test_it_names_an_amqp_broker_that_never_answers(client, silent_port):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=f"amqp://u:p@127.0.0.1:{silent_port}//"):
        response, seconds = _timed_get(client)
    assert seconds < 3
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]


def test_it_names_both_when_neither_answers(client, silent_port, monkeypatch):
    _database_at(monkeypatch, silent_port)
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=f"redis://127.0.0.1:{silent_port}/0"):
        response, seconds = _timed_get(client)
    # The two checks run side by side: not one deadline after the other.
    assert seconds < 2.5
    assert response.status_code == 503
    assert response.json()["failing"] == ["database", "broker"]
