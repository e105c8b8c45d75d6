from onboarding.models import ProjectTransition
from onboarding.states import State


def test_it_creates_a_new_project_with_its_first_log_row(project):
    assert project.state == State.NEW
    row = ProjectTransition.objects.get(project=project)
    assert (row.transition, row.from_state, row.to_state) == ("create", "", State.NEW)
