"""Who may move a project: its referent and the coordinators, and the system."""

import pytest
from django.contrib.auth.models import AnonymousUser

from onboarding.exceptions import TransitionPermissionDenied
from onboarding.models import Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.states import Channel, State
from onboarding.transitions import TRANSITION_NAMES

# A state from which each transition is declared (walked to by alice).
FROM = {
    "make_contact": State.NEW,
    "qualify": State.CONTACTED,
    "start_support": State.QUALIFIED,
    "confirm_move": State.ACCOMPANIED,
    "cancel_move": State.SETTLING,
    "mark_installed": State.SETTLING,
    "close_follow_up": State.INSTALLED,
    "pause": State.QUALIFIED,
    "resume": State.ON_HOLD,
    "abandon": State.ON_HOLD,
    "reopen": State.ABANDONED,  # from rejected: coordinators only (test_journey_reopen)
    "reject": State.NEW,
}


def _denied(project, snapshot, user, channel=Channel.UI):
    before = snapshot(project)
    with pytest.raises(TransitionPermissionDenied):
        project_transition(project=project, transition="make_contact", user=user, channel=channel)
    assert snapshot(project) == before
    assert project.state == State.NEW


def test_it_lets_the_assigned_referent_act(project, bob):
    log = project_transition(project=project, transition="make_contact", user=bob)
    assert Project.objects.get(pk=project.pk).state == State.CONTACTED
    assert (ProjectTransition.objects.get(pk=log.pk).by, log.channel) == (bob, Channel.UI)


def test_it_lets_a_coordinator_act(project, alice):
    log = project_transition(project=project, transition="make_contact", user=alice, channel=Channel.API)
    assert Project.objects.get(pk=project.pk).state == State.CONTACTED
    assert (ProjectTransition.objects.get(pk=log.pk).by, log.channel) == (alice, Channel.API)


def test_it_denies_another_referent(project, charlie, snapshot):
    _denied(project, snapshot, charlie)


def test_it_denies_an_anonymous_visitor(project, snapshot):
    _denied(project, snapshot, AnonymousUser())


def test_it_denies_the_assigned_referent_once_deactivated(project, bob, snapshot):
    bob.is_active = False
    bob.save()
    _denied(project, snapshot, bob)


def test_it_denies_a_coordinator_once_deactivated(project, alice, snapshot):
    alice.is_active = False
    alice.save()
    _denied(project, snapshot, alice)


def test_it_denies_no_user_outside_the_system_channel(project, snapshot):
    _denied(project, snapshot, None, channel=Channel.API)


def test_it_denies_an_anonymous_visitor_even_on_the_system_channel(project, snapshot):
    _denied(project, snapshot, AnonymousUser(), channel=Channel.SYSTEM)


def test_it_lets_the_system_act_with_no_user(project):
    log = project_transition(project=project, transition="make_contact", user=None, channel=Channel.SYSTEM)
    row = ProjectTransition.objects.get(pk=log.pk)
    assert Project.objects.get(pk=project.pk).state == State.CONTACTED
    assert (row.by, row.channel, row.from_state, row.to_state) == (None, Channel.SYSTEM, State.NEW, State.CONTACTED)


def test_it_follows_the_project_to_its_new_referent(project, bob, charlie):
    project.referent = charlie.referent
    project.save()
    project_transition(project=project, transition="make_contact", user=charlie)
    assert Project.objects.get(pk=project.pk).state == State.CONTACTED


def test_it_denies_the_former_referent_after_reassignment(project, bob, charlie, snapshot):
    project.referent = charlie.referent
    project.save()
    _denied(project, snapshot, bob)


@pytest.mark.parametrize("name", TRANSITION_NAMES)
def test_it_denies_another_referent_every_transition(name, project, charlie, walk_to, good_fields, snapshot):
    walk_to(project, FROM[name])
    before = snapshot(project)
    with pytest.raises(TransitionPermissionDenied):
        project_transition(project=project, transition=name, user=charlie, fields=good_fields(name, project))
    assert snapshot(project) == before


@pytest.mark.parametrize("name", TRANSITION_NAMES)
def test_it_lets_the_assigned_referent_make_every_transition(name, project, bob, walk_to, good_fields):
    walk_to(project, FROM[name])
    before = ProjectTransition.objects.filter(project=project).count()
    log = project_transition(project=project, transition=name, user=bob, fields=good_fields(name, project))
    assert Project.objects.get(pk=project.pk).state == log.to_state != FROM[name]
    assert ProjectTransition.objects.filter(project=project).count() == before + 1
