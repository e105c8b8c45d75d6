import pytest

from crm.models import Need, Segment
from onboarding.exceptions import InvalidTransitionField, TransitionPermissionDenied
from onboarding.services.journey import project_transition


def test_a_refusal_does_not_tell_an_outsider_the_projects_state(project, charlie):
    with pytest.raises(TransitionPermissionDenied) as refused:
        project_transition(project=project, transition="mark_installed", user=charlie)
    assert "Nouveau" not in refused.value.message
    assert "allowed" not in refused.value.details


def test_qualify_refuses_a_deactivated_segment_or_need(project, bob, territory):
    project_transition(project=project, transition="make_contact", user=bob)
    Segment.objects.filter(code="jeune").update(is_active=False)
    Need.objects.filter(code="emploi").update(is_active=False)
    for fields in ({"segment": "jeune"}, {"needs": ["emploi"]}):
        with pytest.raises(InvalidTransitionField):
            project_transition(project=project, transition="qualify", user=bob, fields=fields)
    project.refresh_from_db()
    assert project.state == "contacted"
