"""One answer everywhere (onboarding.access): 404 to whoever may not see a
project, whether or not it exists; 403 to whoever may see it but not act on
it (a team colleague), on every write of every app; the read pages open."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from rest_framework.test import APIClient

from onboarding.access import may_act, may_reassign, may_see, project_for, projects_visible_to
from onboarding.models import Project
from tests.onboarding.routing_helpers import team

WRITES = [
    ("project_transition", {"name": "make_contact"}, {"expected_state": "new"}),
    ("interaction_add", {}, {"interaction-kind": "call", "interaction-summary": "x"}),
    ("task_add", {}, {"task-title": "x"}),
    ("project_edit", {}, {}),
    ("project_reassign", {}, {"reason": "x"}),
    ("kit_generate", {}, {}),
]
READS = ["project_detail", "kit_project"]


@pytest.fixture
def colleague(project, bob, charlie):
    """Charlie shares Bob's team, which follows the project: he may read it."""
    Project.objects.filter(pk=project.pk).update(team=team("CCI", bob.referent, charlie.referent))
    project.refresh_from_db()
    return charlie


@pytest.mark.parametrize(("name", "extra", "data"), WRITES)
def test_a_team_colleague_gets_403_on_every_write(client, colleague, project, name, extra, data):
    client.force_login(colleague)
    response = client.post(reverse(name, kwargs={"pk": project.pk, **extra}), data)
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.state == "new" and project.referent != colleague.referent


@pytest.mark.parametrize(("name", "extra", "data"), WRITES)
def test_an_outsider_gets_404_on_every_write_existing_or_not(client, charlie, project, name, extra, data):
    client.force_login(charlie)
    for pk in (project.pk, 10**9):
        assert client.post(reverse(name, kwargs={"pk": pk, **extra}), data).status_code == 404


@pytest.mark.parametrize("name", READS)
def test_a_team_colleague_reads_and_an_outsider_does_not(client, colleague, alice, project, name):
    url = reverse(name, args=[project.pk])
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    client.force_login(alice)
    assert client.get(url).status_code == 200


def test_the_api_answers_the_same(colleague, charlie, project):
    api = APIClient()
    api.force_authenticate(colleague)
    url = f"/api/v1/projects/{project.pk}/transitions/"
    assert api.post(url, {"transition": "make_contact"}, format="json").status_code == 403
    assert api.get(f"/api/v1/projects/{project.pk}/").status_code == 200
    Project.objects.filter(pk=project.pk).update(team=None)
    assert api.post(url, {"transition": "make_contact"}, format="json").status_code == 404


def test_the_predicates_agree_with_the_selector(alice, bob, charlie, colleague, project):
    # A truth table: coordinator, assigned referent, team colleague, outsider.
    outsider_project = Project.objects.create(contact=project.contact, source="website", network=project.network)
    expected = {
        (alice, project): (True, True, True), (bob, project): (True, True, True),
        (colleague, project): (True, False, False),
        (bob, outsider_project): (False, False, False), (alice, outsider_project): (True, True, True),
    }
    for (user, item), (see, act, reassign) in expected.items():
        assert may_see(item, user) is see
        assert projects_visible_to(user).filter(pk=item.pk).exists() is see
        assert (may_act(item, user), may_reassign(item, user)) == (act, reassign)


def test_project_for_says_404_then_403(alice, charlie, colleague, project):
    with pytest.raises(Http404):
        project_for(charlie, 10**9)
    assert project_for(colleague, project.pk) == project
    with pytest.raises(PermissionDenied):
        project_for(colleague, project.pk, write=True)
    assert project_for(alice, project.pk, write=True) == project
