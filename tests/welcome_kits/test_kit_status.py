"""Where a project's kit stands, on the staff project page and as the small
JSON answer its script asks for (the cast: Alice coordinates, Bob follows
the project, Charlie sees nothing of it)."""

import datetime
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from welcome_kits.models import Kit


def _status(project_id):
    return reverse("kit_status", args=[project_id])


def _kit(project, status, **fields):
    if status == Kit.Status.DONE:
        fields.setdefault("version", 1)
        fields["file"] = default_storage.save(f"kits/{project.public_id}/t.pdf", ContentFile(b"%PDF-1.7 t"))
    return Kit.objects.create(project=project, status=status, **fields)


STATES = [
    # (status, fields, answered status, words of the message, words of what comes next)
    (Kit.Status.PENDING, {}, "pending", "en préparation", "recevra son lien par e-mail dès qu'il sera prêt"),
    (Kit.Status.RUNNING, {}, "running", "en cours de création", "en arrière-plan"),
    (Kit.Status.DONE, {}, "done", "est prêt (version 1)", "part par e-mail"),
    (Kit.Status.DONE, {"notified_at": timezone.now()}, "done", "est prêt (version 1)", "a été envoyé"),
    (Kit.Status.FAILED, {}, "failed", "a échoué", "relancer"),
]


@pytest.mark.parametrize(("status", "fields", "answered", "message", "next_step"), STATES,
                         ids=["pending", "running", "done-not-sent-yet", "done-sent", "failed"])
def test_it_says_where_the_kit_stands_and_what_comes_next(status, fields, answered, message, next_step, client, bob,
                                                          project):
    kit = _kit(project, status, **fields)
    client.force_login(bob)
    state = client.get(_status(project.pk)).json()
    assert state["status"] == answered
    assert message in state["message"]
    assert next_step in state["next"]
    ready = status == Kit.Status.DONE
    assert state["download_url"] == (reverse("kit_staff_download", args=[project.pk, kit.pk]) if ready else None)
    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert state["message"].replace("'", "&#x27;") in page
    # Without JavaScript: a link to look again, while it is being made.
    assert ("Actualiser pour voir où en est le kit" in page) is (answered in ("pending", "running"))


def test_a_refresh_waiting_for_changes_to_settle_is_not_followed(client, bob, project):
    _kit(project, Kit.Status.DONE)
    _kit(project, Kit.Status.PENDING, refresh=True, not_before=timezone.now() + datetime.timedelta(minutes=10))
    client.force_login(bob)
    state = client.get(_status(project.pk)).json()
    assert state["status"] == "scheduled"
    assert "mise à jour du kit est prévue" in state["message"]
    assert state["version"] == 1  # the ready version stays downloadable


def test_a_project_never_given_a_kit_shows_no_kit_section(client, bob, project):
    client.force_login(bob)
    assert client.get(_status(project.pk)).json() == {"status": "none"}
    assert 'id="kit-status"' not in client.get(reverse("project_detail", args=[project.pk])).content.decode()


def test_it_answers_the_same_for_a_project_one_may_not_see_and_a_missing_one(client, charlie, project):
    _kit(project, Kit.Status.PENDING)
    client.force_login(charlie)
    hidden = client.get(_status(project.pk))
    missing = client.get(_status(project.pk + 1000))
    assert hidden.status_code == missing.status_code == 404
    assert hidden["Content-Type"] == missing["Content-Type"]
    assert project.contact.last_name.encode() not in hidden.content


def test_it_is_for_staff_only(client, project):
    _kit(project, Kit.Status.PENDING)
    response = client.get(_status(project.pk))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_confirming_the_move_shows_the_kit_being_prepared(client, bob, project, walk_to, territory,
                                                          django_capture_on_commit_callbacks):
    walk_to(project, "qualified")
    client.force_login(bob)
    # The page as the request returns: the kit is asked for, no worker has taken it yet.
    with mock.patch("welcome_kits.services._queue_generation"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("project_transition", args=[project.pk, "confirm_move"]), {
            "expected_state": "qualified", "target_commune": territory["commune"].pk,
            "move_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    assert Kit.objects.get(project=project).status == Kit.Status.PENDING
    page = client.get(response["Location"]).content.decode()
    assert "Installation en préparation" in page
    assert "Le kit de bienvenue est en préparation." in page
    assert f'data-state-url="{_status(project.pk)}"' in page
