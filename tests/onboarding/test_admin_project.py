"""The admin changes nothing behind a service's back: referent, team, reasons
and deadlines are read-only, a reassignment goes through routing (decision
logged, new referent e-mailed), and an edit is in the project's history."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from crm.models import Team
from onboarding.models import DetailChange, Project, RoutingDecision
from onboarding.timeline import project_timeline
from tests.onboarding.admin_helpers import admin_post_data

CHANGELIST = "admin:onboarding_project_changelist"


def _change_url(project):
    return reverse("admin:onboarding_project_change", args=[project.pk])


@pytest.fixture
def admin_client(client, alice):
    client.force_login(alice)
    return client


GOVERNED = ["referent", "team", "contact", "pause_reason", "resume_on", "abandon_reason", "reject_reason",
            "duplicate_of", "first_contact_due_on", "first_contacted_at", "installed_commune", "installed_on",
            "consent_version", "consent_at"]


def test_the_form_has_no_field_a_service_governs(admin_client, project):
    fields = admin_client.get(_change_url(project)).context["adminform"].form.fields

    assert not set(GOVERNED) & set(fields)
    assert {"summary", "segment", "needs", "target_commune", "move_date"} <= set(fields)


def test_a_referent_posted_to_the_admin_is_ignored(admin_client, project, bob, charlie, organisation):
    team = Team.objects.create(name="Équipe CCI", organisation=organisation)
    url = _change_url(project)
    data = admin_post_data(admin_client.get(url))

    response = admin_client.post(url, {
        **data, "referent": charlie.referent.pk, "team": team.pk, "first_contact_due_on": "2030-01-01",
        "pause_reason": "Changé en douce", "abandon_reason": "job",
    })

    assert response.status_code == 302
    saved = Project.objects.get(pk=project.pk)
    assert (saved.referent, saved.team, saved.pause_reason, saved.abandon_reason) == (bob.referent, None, "", "")
    assert saved.first_contact_due_on != datetime.date(2030, 1, 1)
    assert not RoutingDecision.objects.filter(project=project).exists()


def test_projects_and_contacts_are_neither_added_nor_deleted_here(admin_client, project, contact):
    assert admin_client.get(reverse("admin:onboarding_project_add")).status_code == 403
    assert admin_client.post(reverse("admin:onboarding_project_delete", args=[project.pk]),
                             {"post": "yes"}).status_code == 403
    assert admin_client.post(reverse("admin:crm_contact_delete", args=[contact.pk]), {"post": "yes"}).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def _reassign(client, projects, **form):
    return client.post(reverse(CHANGELIST), {
        "action": "reassign", ACTION_CHECKBOX_NAME: [p.pk for p in projects], **form,
    })


def test_the_reassign_action_asks_to_whom_and_why(admin_client, project):
    response = _reassign(admin_client, [project])

    assert response.status_code == 200
    assert set(response.context["form"].fields) == {"referent", "reason", "override_availability"}
    assert "Réaffecter" in response.content.decode()


def test_the_reassign_action_reassigns_through_routing(
    admin_client, project, alice, bob, charlie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _reassign(admin_client, [project], apply="1", referent=charlie.referent.pk,
                             reason="Bob part en congé")

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).referent == charlie.referent
    decision = RoutingDecision.objects.get(project=project, kind=RoutingDecision.Kind.REASSIGNMENT)
    assert (decision.previous_referent, decision.referent, decision.by) == (bob.referent, charlie.referent, alice)
    assert decision.reason == "Bob Durand → Charlie Petit : Bob part en congé"
    assert [m.to for m in mail.outbox] == [["charlie@example.org"]]


def test_the_reassign_action_needs_a_reason(admin_client, project, bob, charlie):
    response = _reassign(admin_client, [project], apply="1", referent=charlie.referent.pk, reason="  ")

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Project.objects.get(pk=project.pk).referent == bob.referent
    assert not RoutingDecision.objects.exists()


def test_the_reassign_action_says_which_project_it_could_not_reassign(admin_client, project, bob):
    response = _reassign(admin_client, [project], apply="1", referent=bob.referent.pk, reason="Retour")

    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == [f"Non réaffecté, projet n°{project.pk} : Ce projet est déjà suivi par Bob Durand."]
    assert not RoutingDecision.objects.exists()


def test_an_admin_edit_is_in_the_history_with_old_and_new_values(admin_client, project, alice):
    Project.objects.filter(pk=project.pk).update(summary="Boulangère")
    url = _change_url(project)
    data = admin_post_data(admin_client.get(url))

    assert admin_client.post(url, {**data, "summary": "Pâtissière", "horizon": "lt6m"}).status_code == 302

    change = DetailChange.objects.get(project=project)
    assert (change.by, change.channel) == (alice, DetailChange.Channel.ADMIN)
    entry = next(e for e in project_timeline(project) if e.kind == "edit")
    assert entry.title == "Informations du projet modifiées"
    assert entry.by == "Alice Martin"
    assert entry.body.splitlines() == [
        "métier ou projet professionnel : Boulangère → Pâtissière",
        "horizon : Je ne sais pas encore → Moins de 6 mois",
    ]


def test_an_unchanged_admin_save_records_nothing(admin_client, project):
    url = _change_url(project)
    assert admin_client.post(url, admin_post_data(admin_client.get(url))).status_code == 302
    assert not DetailChange.objects.exists()


def test_a_contact_edited_in_the_admin_shows_in_each_of_their_projects(admin_client, project, contact, bob):
    from onboarding.services.projects import project_create

    other = project_create(contact=contact, source="phone", referent=bob.referent)
    url = reverse("admin:crm_contact_change", args=[contact.pk])
    data = admin_post_data(admin_client.get(url))

    assert admin_client.post(url, {**data, "email": "camille@example.net"}).status_code == 302

    for p in (project, other):
        entry = next(e for e in project_timeline(p) if e.kind == "edit")
        assert entry.title == "Coordonnées du contact modifiées"
        assert entry.body == "e-mail : camille.roux@example.org → camille@example.net"
