"""Erasing a person closes each of their open projects, as their tracking page
promises ("votre accompagnement s'arrêtera alors"): a system transition,
close_on_erasure, with its reason, that no person can make."""

import pytest
from django.urls import reverse

from onboarding.exceptions import ConditionMissing, TransitionPermissionDenied
from onboarding.models import Project, ProjectTransition
from onboarding.services.journey import available_transitions, project_transition
from onboarding.services.privacy import contact_erase
from onboarding.services.projects import project_create
from onboarding.states import CLOSED_STATES, ERASED, OPEN_STATES, Channel, Source, State


@pytest.mark.parametrize("state", OPEN_STATES, ids=str)
def test_it_closes_a_project_open_in_any_state(state, project, contact, alice, walk_to):
    walk_to(project, state)

    contact_erase(contact=contact, user=alice)

    project = Project.objects.get(pk=project.pk)
    assert (project.state, project.abandon_reason) == (State.ABANDONED, ERASED)
    assert (project.paused_from, project.pause_reason, project.resume_on) == ("", "", None)
    last = ProjectTransition.objects.filter(project=project).last()
    assert (last.transition, last.from_state, last.to_state, last.channel, last.by) == (
        "close_on_erasure", state, State.ABANDONED, Channel.SYSTEM, None)
    assert "effacées" in last.note


@pytest.mark.parametrize("state", CLOSED_STATES, ids=str)
def test_it_leaves_a_closed_project_in_its_state(state, project, contact, alice, walk_to):
    walk_to(project, state)
    log = list(ProjectTransition.objects.filter(project=project).values_list("transition", flat=True))

    contact_erase(contact=contact, user=alice)

    assert Project.objects.get(pk=project.pk).state == state
    assert list(ProjectTransition.objects.filter(project=project).values_list("transition", flat=True)) == log


def test_it_closes_every_open_project_of_the_person(project, contact, alice, bob):
    second = project_create(contact=contact, source=Source.PHONE, referent=bob.referent)
    project_transition(project=second, transition="make_contact", user=bob)

    contact_erase(contact=contact, user=alice)

    assert set(Project.objects.filter(contact=contact).values_list("state", flat=True)) == {State.ABANDONED}


def test_a_project_closed_on_erasure_cannot_be_reopened(project, contact, alice):
    contact_erase(contact=contact, user=alice)
    project.refresh_from_db()

    assert "reopen" in available_transitions(project)  # declared, but its condition says no
    with pytest.raises(ConditionMissing) as refused:
        project_transition(project=project, transition="reopen", user=alice)
    assert "effacées" in refused.value.message
    assert Project.objects.get(pk=project.pk).state == State.ABANDONED


def test_an_abandoned_project_can_still_be_reopened(project, alice):
    project_transition(project=project, transition="abandon", user=alice, fields={"reason": "job"})

    project_transition(project=project, transition="reopen", user=alice)

    # Abandoned before anybody reached the person: back to "new" (test_journey_reopen).
    assert Project.objects.get(pk=project.pk).state == State.NEW


@pytest.mark.parametrize("user", ["alice", "bob"])
def test_no_person_can_close_a_project_on_erasure(user, project, request, snapshot):
    before = snapshot(project)

    with pytest.raises(TransitionPermissionDenied):
        project_transition(project=project, transition="close_on_erasure", user=request.getfixturevalue(user))

    assert snapshot(project) == before
    assert "close_on_erasure" not in available_transitions(project)


def test_staff_pages_offer_no_form_for_it(client, project, bob):
    client.force_login(bob)
    url = reverse("project_transition", args=[project.pk, "close_on_erasure"])

    assert client.get(url).status_code == 404
    assert client.post(url, {"expected_state": "new"}).status_code == 404
    assert "close_on_erasure" not in client.get(reverse("project_detail", args=[project.pk])).content.decode()


def test_answering_an_erasure_request_in_the_queue_closes_the_project_too(client, project, contact, alice,
                                                                          walk_to):
    from crm.models import PrivacyRequest

    walk_to(project, State.SETTLING)
    request = PrivacyRequest.objects.create(contact=contact, message="Merci d'effacer mes données")
    client.force_login(alice)

    response = client.post(reverse("privacy_request_detail", args=[request.pk]),
                           {"status": "answered", "answer": "C'est fait.", "confirm_erasure": "on"})

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).state == State.ABANDONED
    request.refresh_from_db()
    assert (request.status, request.answered_by, request.message, request.answer) == ("answered", alice, "", "")
