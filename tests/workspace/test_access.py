"""Who may see and change what on the staff pages: a user who may not see a
project gets 404 and never its data."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from crm.models import Team
from onboarding.models import Task
from onboarding.services.activity import task_create

PROJECT_URLS = [
    ("project_detail", "get", {}),
    ("project_edit", "get", {}),
    ("project_transition", "get", {"name": "make_contact"}),
    ("project_transition", "post", {"name": "make_contact"}),
    ("interaction_add", "post", {}),
    ("task_add", "post", {}),
]


def _url(name, project, extra):
    return reverse(name, kwargs={"pk": project.pk, **extra})


@pytest.mark.parametrize(("name", "method", "extra"), PROJECT_URLS)
def test_it_hides_a_project_from_another_referent(client, charlie, project, name, method, extra):
    client.force_login(charlie)
    response = getattr(client, method)(_url(name, project, extra), {"expected_state": "new"})
    assert response.status_code == 404
    assert project.contact.email.encode() not in response.content


@pytest.mark.parametrize(("name", "method", "extra"), PROJECT_URLS)
def test_it_sends_anonymous_visitors_to_the_login_page(client, project, name, method, extra):
    response = getattr(client, method)(_url(name, project, extra))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "method", "extra"), PROJECT_URLS)
def test_it_refuses_a_user_without_a_staff_role(client, project, name, method, extra):
    nobody = User.objects.create_user("dave", password="password")
    client.force_login(nobody)
    response = getattr(client, method)(_url(name, project, extra))
    assert response.status_code == 403


def test_it_shows_the_project_to_its_referent_and_to_coordinators(client, alice, bob, project):
    for user in (alice, bob):
        client.force_login(user)
        response = client.get(reverse("project_detail", kwargs={"pk": project.pk}))
        assert response.status_code == 200
        assert project.contact.full_name in response.content.decode()


def test_a_team_colleague_reads_but_cannot_change(client, bob, charlie, organisation, project):
    team = Team.objects.create(name="Équipe CCI", organisation=organisation)
    team.members.add(bob.referent, charlie.referent)
    project.team = team
    project.save(update_fields=["team"])
    client.force_login(charlie)
    detail = client.get(reverse("project_detail", kwargs={"pk": project.pk}))
    assert detail.status_code == 200
    assert "lecture seule" in detail.content.decode()
    response = client.post(
        reverse("project_transition", kwargs={"pk": project.pk, "name": "make_contact"}),
        {"expected_state": "new"},
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.state == "new"


def test_it_refuses_to_complete_a_task_of_a_hidden_project(client, bob, charlie, project):
    task = task_create(project=project, user=bob, title="Rappeler", due_on="2026-12-01", assignee=bob.referent)
    client.force_login(charlie)
    response = client.post(reverse("task_done", kwargs={"pk": task.pk}))
    assert response.status_code == 404
    assert Task.objects.get(pk=task.pk).done_at is None


def test_an_unknown_transition_name_is_a_404(client, bob, project):
    client.force_login(bob)
    response = client.get(reverse("project_transition", kwargs={"pk": project.pk, "name": "teleport"}))
    assert response.status_code == 404
