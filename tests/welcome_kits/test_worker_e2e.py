"""End to end on the real broker (CELERY_BROKER_URL) with a real worker
process: `celery -A config worker`, on the test database, storing files in a
temporary MEDIA_ROOT. The worker runs config.settings.local (file storage,
console e-mail) with the test database's URL and the test SECRET_KEY."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.services.journey import project_transition
from tests.faults import free_port, producer_broker
from tests.workers import WAIT_SECONDS, celery_worker
from welcome_kits.models import Kit
from welcome_kits.services import kit_request
from welcome_kits.tasks import sweep_kits

from .helpers import pdf_text


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with celery_worker(media, log, name="kits-e2e"):
        yield {"media": media, "log": log}


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
    assert "http://testserver/programme/kit-de-bienvenue/" in worker["log"].read_text()
    assert kit.notified_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_kit_requested_while_the_broker_is_down_still_arrives(
    worker, real_broker, kit_content, make_project, caplog
):
    project = make_project(kit_content["cahors"], "sante", ["logement-temporaire"])
    with producer_broker(f"redis://127.0.0.1:{free_port()}/6"):
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



@pytest.mark.django_db(transaction=True)
def test_confirming_the_move_answers_before_the_kit_is_made(worker, real_broker, kit_content, make_project, client,
                                                            bob):
    project = make_project(kit_content["commune"], "famille", ["garde-ecole"])
    for name in ("make_contact", "qualify"):  # its segment, needs and commune are set
        project_transition(project=project, transition=name, user=bob)
    client.force_login(bob)

    response = client.post(reverse("project_transition", args=[project.pk, "confirm_move"]), {
        "expected_state": "qualified", "target_commune": kit_content["commune"].pk,
        "move_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()})
    answered_at = timezone.now()

    assert response.status_code == 302
    kit = Kit.objects.get(project=project)
    # The request asked for the kit and left it to the worker: it did not wait for the PDF.
    state = client.get(reverse("kit_status", args=[project.pk])).json()
    assert state["status"] in ("pending", "running", "done")
    kit = _wait_until_done(kit)
    assert kit.status == Kit.Status.DONE, kit.error
    assert kit.finished_at > answered_at
    assert client.get(reverse("kit_status", args=[project.pk])).json()["status"] == "done"
