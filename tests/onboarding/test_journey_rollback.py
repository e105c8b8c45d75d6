"""A transition that fails after its UPDATE leaves nothing behind, not even in
the caller's instance."""

import pytest

from onboarding.models import Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.states import State


class LogWriteFailed(Exception):
    pass


@pytest.fixture
def failing_log(monkeypatch):
    def create(**kwargs):
        raise LogWriteFailed

    monkeypatch.setattr(ProjectTransition.objects, "create", create)
    return monkeypatch


def test_it_rolls_back_the_state_when_the_log_row_cannot_be_written(project, bob, failing_log, snapshot):
    before = snapshot(project)
    with pytest.raises(LogWriteFailed):
        project_transition(project=project, transition="make_contact", user=bob)
    assert snapshot(project) == before
    assert (project.state, project.first_contacted_at) == (State.NEW, None)


def test_it_lets_the_same_instance_try_again_after_a_failure(project, bob, failing_log):
    with pytest.raises(LogWriteFailed):
        project_transition(project=project, transition="make_contact", user=bob)
    failing_log.undo()

    project_transition(project=project, transition="make_contact", user=bob)

    assert Project.objects.get(pk=project.pk).state == State.CONTACTED
    assert ProjectTransition.objects.filter(project=project, transition="make_contact").count() == 1
