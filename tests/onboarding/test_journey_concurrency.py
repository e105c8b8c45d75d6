"""Two people acting on one project at once: exactly one wins, the other is told.

Each thread has its own PostgreSQL connection and its own copy of the project,
read before a barrier; both then race to the UPDATE ... WHERE state = <read>.
"""

import pytest

from onboarding.exceptions import ConcurrentChange
from onboarding.models import Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from onboarding.states import State
from tests.races import race

ROUNDS = 25


def _race(project_id, *attempts):
    """Run each (user, transition, fields) in its own thread; return what each got."""
    return race(*[
        (lambda: Project.objects.get(pk=project_id),
         lambda project, user=user, name=name, fields=fields: project_transition(
             project=project, transition=name, user=user, fields=fields))
        for user, name, fields in attempts
    ])


def _one_winner(results):
    winners = [r for r in results if isinstance(r, ProjectTransition)]
    losers = [r for r in results if not isinstance(r, ProjectTransition)]
    assert len(winners) == 1, results
    assert all(isinstance(r, ConcurrentChange) for r in losers), results
    return winners[0]


@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_two_people_make_the_same_transition(contact, alice, bob):
    for _ in range(ROUNDS):
        project = project_create(contact=contact, source="website", referent=bob.referent)

        winner = _one_winner(_race(project.pk, (alice, "make_contact", {}), (bob, "make_contact", {})))

        assert Project.objects.get(pk=project.pk).state == State.CONTACTED
        rows = ProjectTransition.objects.filter(project=project, transition="make_contact")
        assert list(rows.values_list("pk", "by")) == [(winner.pk, winner.by_id)]


@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_two_different_transitions_win(contact, alice, bob):
    for _ in range(ROUNDS):
        project = project_create(contact=contact, source="website", referent=bob.referent)

        winner = _one_winner(
            _race(project.pk, (bob, "make_contact", {}), (alice, "reject", {"reason": "spam"}))
        )

        saved = Project.objects.get(pk=project.pk)
        assert saved.state == winner.to_state
        log = ProjectTransition.objects.filter(project=project).exclude(transition="create")
        assert list(log.values_list("transition", "from_state", "to_state")) == [
            (winner.transition, State.NEW, winner.to_state)
        ]
        # The loser's field changes went with its rollback.
        assert (saved.reject_reason == "spam") == (winner.transition == "reject")
        assert (saved.first_contacted_at is not None) == (winner.transition == "make_contact")


def test_it_refuses_a_stale_expected_state(project, bob, snapshot):
    before = snapshot(project)
    with pytest.raises(ConcurrentChange):
        project_transition(project=project, transition="make_contact", user=bob, expected_state=State.CONTACTED)
    assert snapshot(project) == before


def test_it_accepts_the_expected_state_when_it_holds(project, bob):
    project_transition(project=project, transition="make_contact", user=bob, expected_state=State.NEW)
    assert Project.objects.get(pk=project.pk).state == State.CONTACTED


def test_it_refuses_a_stale_instance_after_someone_else_moved_the_project(project, alice, bob):
    stale = Project.objects.get(pk=project.pk)
    project_transition(project=project, transition="make_contact", user=bob)

    with pytest.raises(ConcurrentChange):
        project_transition(project=stale, transition="reject", user=alice, fields={"reason": "spam"})

    assert Project.objects.get(pk=project.pk).state == State.CONTACTED
    assert not ProjectTransition.objects.filter(project=project, transition="reject").exists()
    assert stale.state == State.NEW  # the caller's copy is left as it was read


def test_it_keeps_a_reassignment_made_while_the_project_was_open(project, alice, charlie):
    stale = Project.objects.get(pk=project.pk)
    Project.objects.filter(pk=project.pk).update(referent=charlie.referent, summary="Menuisier")

    project_transition(project=stale, transition="make_contact", user=alice)

    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.referent, saved.summary) == (State.CONTACTED, charlie.referent, "Menuisier")
    assert saved.first_contacted_at is not None
