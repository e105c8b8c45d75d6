"""The state moves through transitions only: not by assignment, not in the admin."""

import pytest
from django.urls import reverse

from onboarding.models import Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.states import State


def test_it_refuses_assigning_the_state(project):
    with pytest.raises(AttributeError):
        project.state = State.INTEGRATED
    assert project.state == State.NEW
    assert Project.objects.get(pk=project.pk).state == State.NEW


def test_it_refuses_assigning_the_state_of_a_loaded_project(project):
    loaded = Project.objects.get(pk=project.pk)
    with pytest.raises(AttributeError):
        loaded.state = State.CONTACTED
    assert Project.objects.get(pk=project.pk).state == State.NEW


def test_it_still_refreshes_the_state_from_the_database(project, bob):
    other = Project.objects.get(pk=project.pk)
    project_transition(project=other, transition="make_contact", user=bob)

    project.refresh_from_db()

    assert project.state == State.CONTACTED


def test_it_lets_a_refreshed_instance_make_the_next_transition(project, bob, good_fields):
    other = Project.objects.get(pk=project.pk)
    project_transition(project=other, transition="make_contact", user=bob)
    project.refresh_from_db()

    project_transition(project=project, transition="pause", user=bob, fields=good_fields("pause"))

    assert Project.objects.get(pk=project.pk).state == State.ON_HOLD


def _admin_post_data(response):
    """The change form as the browser would send it back, unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            data[form.add_prefix(name)] = [str(v) for v in value] if isinstance(value, list) else value
    return data


def test_it_shows_no_state_field_in_the_admin_form(project, alice, client):
    client.force_login(alice)
    response = client.get(reverse("admin:onboarding_project_change", args=[project.pk]))
    assert response.status_code == 200
    assert "state" not in response.context["adminform"].form.fields


def test_it_ignores_a_state_posted_to_the_admin(project, alice, client):
    client.force_login(alice)
    url = reverse("admin:onboarding_project_change", args=[project.pk])
    data = _admin_post_data(client.get(url))

    response = client.post(url, {**data, "state": State.INTEGRATED, "summary": "Boulanger"})

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.summary) == (State.NEW, "Boulanger")
    assert list(ProjectTransition.objects.filter(project=project).values_list("transition", flat=True)) == ["create"]


def test_it_keeps_the_state_when_the_admin_saves_a_project_moved_meanwhile(project, alice, bob, client):
    client.force_login(alice)
    url = reverse("admin:onboarding_project_change", args=[project.pk])
    data = _admin_post_data(client.get(url))
    project_transition(project=project, transition="make_contact", user=bob)

    client.post(url, {**data, "summary": "Boulanger"})

    assert Project.objects.get(pk=project.pk).state == State.CONTACTED
