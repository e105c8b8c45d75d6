"""reopen: back to where the person left the referent.

- abandoned after a first contact -> "contacted" (nobody has to reach them anew);
- abandoned before anybody reached them -> "new", with a first-contact
  deadline counted from the reopening, as for a project received that day,
  so that it shows up among the late ones if it is forgotten again;
- rejected (only ever from new) -> "new", by a coordinator only: a rejection
  made by mistake; the referent cannot undo a coordinator's triage.
"""

import datetime

import pytest
from django.utils import timezone

from onboarding.exceptions import TransitionPermissionDenied
from onboarding.models import Project
from onboarding.selectors import first_contact_overdue
from onboarding.services.deadlines import add_working_days
from onboarding.services.journey import available_transitions, project_transition
from onboarding.states import State

# (the walk before abandoning, the state reopen lands in)
ABANDONED_FROM = [
    ([], State.NEW),
    (["pause"], State.NEW),  # paused while still new: still never contacted
    (["make_contact"], State.CONTACTED),
    (["make_contact", "qualify"], State.CONTACTED),
    (["make_contact", "qualify", "start_support"], State.CONTACTED),
    (["make_contact", "qualify", "confirm_move"], State.CONTACTED),
    (["make_contact", "pause"], State.CONTACTED),
]


@pytest.mark.parametrize(("walk", "lands_in"), ABANDONED_FROM, ids=["-".join(w) or "new" for w, _ in ABANDONED_FROM])
def test_it_reopens_to_contacted_only_if_the_person_was_contacted(walk, lands_in, project, bob, good_fields):
    for name in [*walk, "abandon"]:
        project_transition(project=project, transition=name, user=bob, fields=good_fields(name, project))

    log = project_transition(project=project, transition="reopen", user=bob)

    saved = Project.objects.get(pk=project.pk)
    assert (log.from_state, log.to_state, saved.state, saved.abandon_reason) == (
        State.ABANDONED, lands_in, lands_in, "")


def test_it_gives_a_project_reopened_to_new_a_first_contact_deadline_from_today(project, bob, good_fields):
    Project.objects.filter(pk=project.pk).update(first_contact_due_on=datetime.date(2020, 1, 6))
    project.refresh_from_db()
    project_transition(project=project, transition="abandon", user=bob, fields=good_fields("abandon"))

    project_transition(project=project, transition="reopen", user=bob)

    saved = Project.objects.get(pk=project.pk)
    assert saved.first_contact_due_on == add_working_days(timezone.localdate(), 5)
    # Not late on the day it comes back, late once the delay has passed.
    assert not first_contact_overdue(Project.objects.filter(pk=project.pk), today=timezone.localdate()).exists()
    later = saved.first_contact_due_on + datetime.timedelta(days=1)
    assert first_contact_overdue(Project.objects.filter(pk=project.pk), today=later).exists()


def test_it_keeps_the_first_contact_dates_of_a_project_reopened_to_contacted(project, bob, good_fields):
    project_transition(project=project, transition="make_contact", user=bob)
    before = Project.objects.values("first_contact_due_on", "first_contacted_at").get(pk=project.pk)
    project_transition(project=project, transition="abandon", user=bob, fields=good_fields("abandon"))

    project_transition(project=project, transition="reopen", user=bob)

    assert Project.objects.values("first_contact_due_on", "first_contacted_at").get(pk=project.pk) == before


def _reject(project, user, **fields):
    project_transition(project=project, transition="reject", user=user, fields={"reason": "spam", **fields})


def test_it_lets_a_coordinator_reopen_a_project_rejected_by_mistake(project, alice):
    _reject(project, alice)

    log = project_transition(project=project, transition="reopen", user=alice, note="Pas un spam : rappelée")

    saved = Project.objects.get(pk=project.pk)
    assert (log.from_state, log.to_state) == (State.REJECTED, State.NEW)
    assert (saved.state, saved.reject_reason, saved.duplicate_of_id) == (State.NEW, "", None)
    assert saved.first_contact_due_on == add_working_days(timezone.localdate(), 5)


def test_it_forgets_the_original_of_a_duplicate_reopened(project, alice, contact):
    original = Project.objects.create(contact=contact, source="website")
    _reject(project, alice, reason="duplicate", duplicate_of=original.pk)

    project_transition(project=project, transition="reopen", user=alice)

    saved = Project.objects.get(pk=project.pk)
    assert (saved.reject_reason, saved.duplicate_of_id) == ("", None)


def test_it_refuses_the_assigned_referent_reopening_a_rejected_project(project, alice, bob, snapshot):
    _reject(project, bob)
    before = snapshot(project)

    with pytest.raises(TransitionPermissionDenied) as info:
        project_transition(project=project, transition="reopen", user=bob)

    assert "coordination" in info.value.message
    assert snapshot(project) == before


@pytest.mark.parametrize(("who", "offered"), [("alice", True), ("bob", False)])
def test_it_offers_reopening_a_rejected_project_to_coordinators_only(who, offered, project, alice, bob):
    _reject(project, alice)
    user = {"alice": alice, "bob": bob}[who]
    assert ("reopen" in available_transitions(project, user)) is offered


def test_it_still_lets_the_referent_reopen_an_abandoned_project(project, bob, good_fields):
    project_transition(project=project, transition="abandon", user=bob, fields=good_fields("abandon"))
    assert "reopen" in available_transitions(project, bob)
