"""Tasks go only to people who may see the project; nothing of a hidden
project reaches anyone's dashboard; the assignee can tick their task."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from crm.access import COORDINATOR_GROUP, REFERENT_GROUP
from crm.models import Referent, Team
from onboarding.exceptions import JourneyError
from onboarding.models import Project, Task
from onboarding.services.activity import task_complete, task_create
from tests.conftest import join_network

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def _referent(username, organisation, group=REFERENT_GROUP):
    user = User.objects.create_user(username, password="password", first_name=username.title(), last_name="Test")
    user.groups.add(Group.objects.get(name=group))
    join_network(user)
    return Referent.objects.create(user=user, organisation=organisation, capacity=30)


@pytest.fixture
def eve(project, organisation):
    """Bob's teammate: the project is her team's, she may see it (not act on it)."""
    team = Team.objects.create(name="Accueil Figeac", organisation=organisation)
    eve = _referent("eve", organisation)
    team.members.add(eve, project.referent)
    Project.objects.filter(pk=project.pk).update(team=team)
    project.refresh_from_db()
    return eve


def _task_form_choices(client, project):
    form = client.get(reverse("project_detail", kwargs={"pk": project.pk})).context["task_form"]
    return {referent for referent in form.fields["assignee"].queryset}


def test_the_form_offers_only_people_who_may_see_the_project(client, bob, charlie, eve, project, organisation):
    frank = _referent("frank", organisation, group=COORDINATOR_GROUP)  # a coordinator who also follows projects
    client.force_login(bob)

    assert _task_form_choices(client, project) == {bob.referent, eve, frank.user.referent}
    assert charlie.referent not in _task_form_choices(client, project)


def test_a_task_for_someone_who_cannot_see_the_project_is_refused(client, bob, charlie, project):
    client.force_login(bob)

    response = client.post(reverse("task_add", kwargs={"pk": project.pk}), {
        "task-title": "Rappeler Camille Roux", "task-due_on": TOMORROW.isoformat(),
        "task-assignee": charlie.referent.pk,
    })

    assert response.status_code == 400
    assert "qui suit ce projet" in " ".join(response.context["task_form"].errors["assignee"])
    assert not Task.objects.exists()
    client.force_login(charlie)
    dashboard = client.get(reverse("staff_home")).content.decode()
    assert "Camille" not in dashboard and "Rappeler" not in dashboard


def test_the_service_refuses_a_hidden_assignee_too(bob, charlie, project):
    with pytest.raises(JourneyError) as refused:
        task_create(project=project, user=bob, title="Rappeler", due_on=TOMORROW, assignee=charlie.referent)

    assert refused.value.code == "invalid_assignee"
    assert not Task.objects.exists()


def test_an_inactive_referent_is_not_offered(client, bob, eve, project):
    Referent.objects.filter(pk=eve.pk).update(is_active=False)
    client.force_login(bob)

    assert eve not in _task_form_choices(client, project)


def test_a_teammate_gets_the_task_on_her_dashboard_and_ticks_it(client, bob, eve, project):
    task = task_create(project=project, user=bob, title="Envoyer la liste des écoles", due_on=TOMORROW,
                       assignee=eve)
    client.force_login(eve.user)

    dashboard = client.get(reverse("staff_home")).content.decode()
    page = client.get(reverse("project_detail", kwargs={"pk": project.pk})).content.decode()
    response = client.post(reverse("task_done", kwargs={"pk": task.pk}))

    assert "Envoyer la liste des écoles" in dashboard and "Camille Roux" in dashboard
    assert reverse("task_done", kwargs={"pk": task.pk}) in page  # her button, on a page she only reads
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).done_at is not None


def test_a_teammate_cannot_tick_someone_elses_task(client, bob, eve, project):
    task = task_create(project=project, user=bob, title="Rappeler", due_on=TOMORROW, assignee=bob.referent)
    client.force_login(eve.user)

    assert client.post(reverse("task_done", kwargs={"pk": task.pk})).status_code == 403
    with pytest.raises(JourneyError):
        task_complete(task=task, user=eve.user)
    assert Task.objects.get(pk=task.pk).done_at is None


def test_a_project_handed_over_takes_its_tasks_off_the_old_dashboard(client, bob, charlie, project):
    task_create(project=project, user=bob, title="Rappeler Camille", due_on=TOMORROW, assignee=bob.referent)
    Project.objects.filter(pk=project.pk).update(referent=charlie.referent)  # now Charlie's alone
    client.force_login(bob)

    dashboard = client.get(reverse("staff_home")).content.decode()

    assert "Rappeler Camille" not in dashboard and "Camille Roux" not in dashboard


def test_a_handed_over_task_cannot_be_ticked_by_its_old_assignee(client, bob, charlie, project):
    task = task_create(project=project, user=bob, title="Rappeler", due_on=TOMORROW, assignee=bob.referent)
    Project.objects.filter(pk=project.pk).update(referent=charlie.referent)
    task.project.refresh_from_db()

    with pytest.raises(JourneyError):
        task_complete(task=task, user=bob)
    assert Task.objects.get(pk=task.pk).done_at is None
