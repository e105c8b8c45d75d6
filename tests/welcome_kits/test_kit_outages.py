"""Kits across outages and lost workers: the "your kit is ready" e-mail is an
outbox row (one per new version), a kit finished while the broker is down
still sends it, and a worker that dies mid-render gives its row back within
seconds (its redelivered message takes it at once; otherwise its lease ends)."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from crm.models import OutboxEmail
from crm.outbox import outbox_sweep
from tests.faults import dead_broker
from welcome_kits import rendering, services
from welcome_kits.models import ContentBlock, Kit
from welcome_kits.services import KitBusy, kit_generate, kit_request


@pytest.fixture
def project(kit_content, make_project):
    return make_project(kit_content["commune"], "famille", ["garde-ecole"], children_ages=[3])


def _kit_emails():
    return [m for m in mail.outbox if m.subject == "Votre kit de bienvenue est prêt"]


def test_asking_twice_for_unchanged_content_sends_one_email(project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kit_request(project=project)
        kit_request(project=project)  # "generate now" with the link ticked, same content
    assert len(_kit_emails()) == 1
    assert OutboxEmail.objects.filter(kind="welcome_kits.kit_ready").count() == 1


def test_a_new_version_sends_a_new_email(project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kit_request(project=project)
    ContentBlock.objects.filter(title="Faire garder les tout-petits").update(body="Nouveau texte du relais.")
    with django_capture_on_commit_callbacks(execute=True):
        kit_request(project=project)
    assert len(_kit_emails()) == 2


def test_a_kit_finished_while_the_broker_is_down_still_sends_its_email(project, django_capture_on_commit_callbacks):
    kit = Kit.objects.create(project=project)
    with dead_broker(), django_capture_on_commit_callbacks(execute=True):
        kit_generate(kit_id=kit.pk, worker="w1")
    kit.refresh_from_db()
    assert kit.status == Kit.Status.DONE and kit.notified_at is None
    row = OutboxEmail.objects.get(kind="welcome_kits.kit_ready")
    assert row.status == "pending" and _kit_emails() == []

    OutboxEmail.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert outbox_sweep() == {"sent": 1}
    assert len(_kit_emails()) == 1
    kit.refresh_from_db()
    assert kit.notified_at is not None


def _held_by(project, worker, *, lease_in):
    return Kit.objects.create(
        project=project, status=Kit.Status.RUNNING, attempts=1, claimed_by=worker,
        started_at=timezone.now(), lease_until=timezone.now() + datetime.timedelta(seconds=lease_in),
    )


def test_the_redelivered_message_of_a_dead_worker_takes_its_row_back_at_once(project):
    kit = _held_by(project, "task-1", lease_in=25)
    done = kit_generate(kit_id=kit.pk, worker="task-1")  # same task id: the message came back
    assert done.status == Kit.Status.DONE and done.attempts == 2


def test_another_message_waits_for_a_live_lease_then_takes_the_row(project):
    kit = _held_by(project, "task-1", lease_in=25)
    with pytest.raises(KitBusy) as busy:
        kit_generate(kit_id=kit.pk, worker="task-2")
    assert 20 < busy.value.retry_in <= 26
    Kit.objects.filter(pk=kit.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert kit_generate(kit_id=kit.pk, worker="task-2").status == Kit.Status.DONE


@pytest.mark.django_db(transaction=True)
def test_a_long_render_keeps_its_lease_alive(project, monkeypatch):
    # The render holds until the test has looked for longer than a lease:
    # the heartbeat must have pushed the lease back, and another worker is
    # refused all along. Events, not a race: the render ends when the test
    # says so (a lease longer than one loaded render: WeasyPrint holds the GIL).
    monkeypatch.setattr(services, "KIT_LEASE", datetime.timedelta(seconds=2))
    real = rendering.html_to_pdf
    rendering_now, release = threading.Event(), threading.Event()

    def slow(html, **kwargs):
        pdf = real(html, **kwargs)
        rendering_now.set()
        release.wait(timeout=60)
        return pdf

    monkeypatch.setattr(rendering, "html_to_pdf", slow)
    kit = Kit.objects.create(project=project)
    result = {}

    def work():
        try:
            result["kit"] = kit_generate(kit_id=kit.pk, worker="task-1")
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    try:
        assert rendering_now.wait(timeout=60)
        started = time.monotonic()
        while time.monotonic() - started < 5:  # two and a half leases
            row = Kit.objects.filter(pk=kit.pk).values("status", "lease_until").get()
            assert row["status"] == Kit.Status.RUNNING
            assert row["lease_until"] > timezone.now(), "the lease lapsed while the worker was alive"
            with pytest.raises(KitBusy):
                kit_generate(kit_id=kit.pk, worker="task-2")
            time.sleep(0.5)
    finally:
        release.set()
        thread.join()
    assert result["kit"].status == Kit.Status.DONE and result["kit"].attempts == 1
