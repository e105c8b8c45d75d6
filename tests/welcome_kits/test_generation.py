"""Requesting and generating kits, with Celery in-process (eager): the row
first, versions only when the content changed, retries, the sweep, the
e-mail and the signal from the journey."""

import datetime
import hashlib
import re

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone

from onboarding.services.journey import project_transition
from welcome_kits import services
from welcome_kits.models import ContentBlock, Kit
from welcome_kits.services import kit_record_failure, kit_request, kit_requeue_stale, kit_retry
from welcome_kits.tasks import generate_kit


def _IN_TWO_MONTHS():  # noqa: N802 - a planned move may not be in the past (onboarding conditions)
    return (timezone.localdate() + datetime.timedelta(days=60)).isoformat()


@pytest.fixture
def project(kit_content, make_project):
    return make_project(kit_content["commune"], "famille", ["garde-ecole"], children_ages=[3])


def _stored_kits():
    try:
        return set(default_storage.listdir("kits")[1])
    except FileNotFoundError:
        return set()


@pytest.fixture
def new_files():
    """The kit files stored since the test began (the storage outlives tests)."""
    before = _stored_kits()
    return lambda: _stored_kits() - before


def test_a_request_is_recorded_before_anything_is_queued(project, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        kit = kit_request(project=project, user=alice)
    kit.refresh_from_db()
    assert kit.status == Kit.Status.PENDING
    assert kit.requested_by == alice
    assert kit.attempts == 0
    assert len(queued) == 1  # the task is only sent once the row is committed


def test_the_task_stores_a_first_version_with_its_checksums(project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kit = kit_request(project=project)
    kit.refresh_from_db()
    assert kit.status == Kit.Status.DONE
    assert kit.version == 1
    assert kit.attempts == 1
    assert kit.started_at <= kit.finished_at
    data = default_storage.open(kit.file.name).read()
    assert data.startswith(b"%PDF")
    assert kit.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert kit.size == len(data)
    assert len(kit.html_sha256) == 64
    # A random name: nothing of the project or its content can be read or guessed from it.
    assert re.fullmatch(r"kits/[A-Za-z0-9_-]{32}\.pdf", kit.file.name)
    assert str(project.public_id) not in kit.file.name and kit.html_sha256[:8] not in kit.file.name


def test_running_the_task_twice_gives_one_version(project, django_capture_on_commit_callbacks, new_files):
    with django_capture_on_commit_callbacks(execute=True):
        kit = kit_request(project=project)
    generate_kit.apply(args=[kit.pk])
    generate_kit.apply(args=[kit.pk])
    assert Kit.objects.filter(project=project, version__isnull=False).count() == 1
    assert len(new_files()) == 1
    kit.refresh_from_db()
    assert kit.attempts == 1


def test_an_unchanged_kit_points_to_the_version_it_repeats(project, django_capture_on_commit_callbacks, new_files):
    with django_capture_on_commit_callbacks(execute=True):
        first = kit_request(project=project)
        second = kit_request(project=project)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == Kit.Status.DONE
    assert second.version is None
    assert second.same_as == first
    assert second.shown_version == 1
    assert second.file.name == first.file.name
    assert len(new_files()) == 1


def test_a_change_of_content_makes_a_new_version(project, django_capture_on_commit_callbacks, new_files):
    with django_capture_on_commit_callbacks(execute=True):
        first = kit_request(project=project)
    ContentBlock.objects.filter(title="Faire garder les tout-petits").update(body="Nouveau texte du relais.")
    with django_capture_on_commit_callbacks(execute=True):
        second = kit_request(project=project)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert second.html_sha256 != first.html_sha256
    assert len(new_files()) == 2


def test_the_prospect_gets_one_french_email_with_a_signed_link(project, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kit = kit_request(project=project)
    generate_kit.apply(args=[kit.pk])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [project.contact.email]
    assert message.subject == "Votre kit de bienvenue est prêt"
    assert "Bonjour Camille," in message.body
    assert message.reply_to == ["bob@example.org"]
    link = next(line for line in message.body.splitlines() if "/kit-de-bienvenue/" in line)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and link.strip() in html
    response = client.get(link.replace("http://localhost:8000", "").strip())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    kit.refresh_from_db()
    assert kit.notified_at is not None


@pytest.mark.parametrize("email, notify", [("", True), ("camille@example.org", False)])
def test_no_email_without_an_address_or_when_staff_said_no(
    kit_content, make_project, email, notify, django_capture_on_commit_callbacks
):
    project = make_project(kit_content["commune"], "jeune", ["emploi"], email=email)
    with django_capture_on_commit_callbacks(execute=True):
        kit = kit_request(project=project, notify_prospect=notify)
    kit.refresh_from_db()
    assert kit.status == Kit.Status.DONE
    assert mail.outbox == []


@pytest.fixture
def broken_renderer(monkeypatch):
    def broken(html, **kwargs):
        raise RuntimeError("WeasyPrint est tombé")

    monkeypatch.setattr("welcome_kits.rendering.html_to_pdf", broken)


def test_an_in_process_failure_is_final_and_recorded(project, broken_renderer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kit = kit_request(project=project)  # no exception reaches the caller
    kit.refresh_from_db()
    assert kit.status == Kit.Status.FAILED
    assert kit.attempts == 1
    assert kit.error == "RuntimeError: WeasyPrint est tombé"
    assert kit.finished_at is not None
    assert mail.outbox == []


def test_a_worker_failure_is_retried_with_a_backoff_then_marked_failed(project, broken_renderer):
    kit = Kit.objects.create(project=project)
    # As a worker runs it: not eager, first delivery. The retry it sends runs
    # in-process here (test settings), and that last attempt is final.
    generate_kit.push_request(
        id="worker-delivery", args=[kit.pk], kwargs={}, retries=0, is_eager=False, called_directly=False
    )
    try:
        with pytest.raises(Retry):
            generate_kit.run(kit.pk)
    finally:
        generate_kit.pop_request()
    kit.refresh_from_db()
    assert kit.status == Kit.Status.FAILED
    assert kit.attempts == 2


def test_the_task_has_retries_and_time_limits():
    assert generate_kit.max_retries == services.MAX_ATTEMPTS - 1
    assert generate_kit.acks_late  # a message whose worker died is delivered again
    assert generate_kit.soft_time_limit < generate_kit.time_limit


def test_a_failed_kit_can_be_retried(project, django_capture_on_commit_callbacks):
    kit = Kit.objects.create(project=project, status=Kit.Status.FAILED, error="boom", attempts=4)
    with django_capture_on_commit_callbacks(execute=True):
        assert kit_retry(kit=kit)
    kit.refresh_from_db()
    assert kit.status == Kit.Status.DONE
    assert kit.error == ""
    assert not kit_retry(kit=kit)  # done: nothing to retry


def test_a_failure_never_undoes_a_done_kit(project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kit = kit_request(project=project)
    kit_record_failure(kit_id=kit.pk, error=RuntimeError("late"), final=True)
    kit.refresh_from_db()
    assert kit.status == Kit.Status.DONE


def _age(kit, **fields):
    Kit.objects.filter(pk=kit.pk).update(**fields)


def test_the_sweep_requeues_what_waits_too_long(project, django_capture_on_commit_callbacks):
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    waiting = Kit.objects.create(project=project)
    _age(waiting, requested_at=hour_ago)
    fresh = Kit.objects.create(project=project)
    lost = Kit.objects.create(project=project, status=Kit.Status.RUNNING, attempts=1)
    _age(lost, started_at=hour_ago, lease_until=timezone.now() - datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks() as queued:
        assert kit_requeue_stale() == 2
    assert len(queued) == 2
    waiting.refresh_from_db()
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert waiting.queued_at is not None and fresh.queued_at is None
    assert lost.status == Kit.Status.PENDING


def test_the_sweep_waits_for_a_row_it_just_sent(project, django_capture_on_commit_callbacks):
    kit = Kit.objects.create(project=project)
    _age(kit, requested_at=timezone.now() - datetime.timedelta(hours=1), queued_at=timezone.now())
    with django_capture_on_commit_callbacks():
        assert kit_requeue_stale() == 0


def test_the_sweep_gives_up_on_a_row_that_used_all_its_attempts(project, django_capture_on_commit_callbacks):
    kit = Kit.objects.create(project=project, status=Kit.Status.RUNNING, attempts=services.MAX_ATTEMPTS)
    _age(kit, started_at=timezone.now() - datetime.timedelta(hours=1),
         lease_until=timezone.now() - datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks():
        assert kit_requeue_stale() == 0
    kit.refresh_from_db()
    assert kit.status == Kit.Status.FAILED


def test_a_running_kit_is_left_to_its_worker(project):
    kit = Kit.objects.create(project=project, status=Kit.Status.RUNNING, started_at=timezone.now(), attempts=1)
    assert services.kit_generate(kit_id=kit.pk) is None
    kit.refresh_from_db()
    assert kit.attempts == 1


def test_confirming_the_move_queues_the_kit(project, bob, kit_content, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="make_contact", user=bob)
        project_transition(project=project, transition="qualify", user=bob)
    assert not Kit.objects.filter(project=project).exists()
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="confirm_move", user=bob, fields={
            "target_commune": kit_content["commune"].insee, "move_date": _IN_TWO_MONTHS(),
        })
    kit = Kit.objects.get(project=project)
    assert kit.requested_by == bob
    assert kit.status == Kit.Status.DONE
    assert len(mail.outbox) == 1


def test_a_kit_that_cannot_be_requested_does_not_break_the_move(
    project, bob, kit_content, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr("welcome_kits.receivers.kit_request", broken)
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="make_contact", user=bob)
        project_transition(project=project, transition="qualify", user=bob)
        project_transition(project=project, transition="confirm_move", user=bob, fields={
            "target_commune": kit_content["commune"].insee, "move_date": _IN_TWO_MONTHS(),
        })
    project.refresh_from_db()
    assert project.state == "settling"


def test_a_worker_process_is_replaced_before_the_kits_caches_grow_without_end():
    # One process rendering 200 kits grew by 43 MiB (benchmarks/kits.py):
    # the worker replaces its process after 50 tasks (about 11 MiB), or
    # after a task that left it above 400,000 KiB, whichever comes first.
    from config.celery_app import app

    assert app.conf.worker_max_tasks_per_child == 50
    assert app.conf.worker_max_memory_per_child == 400_000
