"""/healthz against the real PostgreSQL and the real broker."""

import logging
import os

import pytest
from django.db import OperationalError
from django.test import override_settings

import config.health

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


def test_it_names_the_database_when_the_database_is_down(client, real_broker, monkeypatch):
    def failing_check():
        raise OperationalError('connection to server at "db.internal" failed: password authentication failed')

    monkeypatch.setattr(config.health, "check_database", failing_check)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["checks"] == {"database": "unreachable", "broker": "ok"}
    assert "db.internal" not in response.content.decode()


def test_it_names_both_when_both_are_down(client, dead_broker, monkeypatch):
    def failing_check():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(config.health, "check_database", failing_check)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database", "broker"]

