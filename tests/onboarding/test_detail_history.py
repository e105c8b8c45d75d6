"""Editing a project's or a contact's details leaves a trace in the project's
history (who, when, which fields, old → new), whoever edits and wherever:
the staff page, the admin (test_admin_project), the prospect's tracking
page; and the trace holds nothing once the person is erased."""

import pytest
from django.urls import reverse

from crm.models import Contact
from intake.services import contact_correct
from onboarding.exceptions import TransitionPermissionDenied
from onboarding.models import DetailChange, Project
from onboarding.services.privacy import contact_erase
from onboarding.services.projects import contact_update_details, project_update_details
from onboarding.timeline import project_timeline


def _edits(project):
    return [e for e in project_timeline(project) if e.kind == "edit"]


def _edit_form(**changes):
    data = {
        "contact-first_name": "Camille", "contact-last_name": "Roux", "contact-email": "camille.roux@example.org",
        "contact-phone": "", "contact-current_city": "", "contact-occupation": "",
        "project-summary": "", "project-message": "", "project-horizon": "unknown",
    }
    data.update(changes)
    return data


def test_a_staff_edit_is_in_the_history_with_old_and_new_values(client, bob, project):
    client.force_login(bob)

    response = client.post(reverse("project_edit", kwargs={"pk": project.pk}), _edit_form(**{
        "contact-last_name": "Roux-Martin", "contact-current_city": "Lyon", "project-summary": "Boulangère",
    }))

    assert response.status_code == 302
    project_entry, contact_entry = sorted(_edits(project), key=lambda e: e.title, reverse=True)
    assert project_entry.title == "Informations du projet modifiées"
    assert project_entry.body == "métier ou projet professionnel : — → Boulangère"
    assert contact_entry.title == "Coordonnées du contact modifiées"
    assert contact_entry.body.splitlines() == ["nom : Roux → Roux-Martin", "lieu de vie actuel : — → Lyon"]
    assert project_entry.by == contact_entry.by == "Bob Durand"


def test_the_staff_page_shows_the_edit(client, bob, project):
    project_update_details(project=project, user=bob, project_fields={"summary": "Boulangère"})
    client.force_login(bob)

    content = client.get(reverse("project_detail", kwargs={"pk": project.pk})).content.decode()

    assert "Informations du projet modifiées" in content
    assert "métier ou projet professionnel : — → Boulangère" in content


def test_the_needs_and_related_values_read_as_names(bob, project, territory, segment, need):
    project_update_details(project=project, user=bob, project_fields={
        "segment": segment, "target_epci": territory["epci"],
    }, needs=[need])

    (entry,) = _edits(project)
    assert entry.body.splitlines() == [
        f"segment : — → {segment.name}", "intercommunalité visée : — → CC Grand-Figeac", f"besoins : — → {need.name}",
    ]
    assert Project.objects.get(pk=project.pk).epci == territory["epci"]  # located by the one rule


def test_saving_the_same_values_records_nothing(client, bob, project):
    client.force_login(bob)
    client.post(reverse("project_edit", kwargs={"pk": project.pk}), _edit_form())
    assert not DetailChange.objects.exists()


def test_the_edit_compares_with_the_database_not_with_the_callers_copy(bob, project):
    stale = Project.objects.get(pk=project.pk)
    project_update_details(project=project, user=bob, project_fields={"message": "Maison avec jardin"})
    stale.summary = "Boulangère"  # what a form does to its instance before the save

    project_update_details(project=stale, user=bob, project_fields={"summary": "Boulangère", "message": ""})

    saved = Project.objects.get(pk=project.pk)
    assert (saved.summary, saved.message) == ("Boulangère", "")
    last = DetailChange.objects.last()
    assert [(c["field"], c["old"], c["new"]) for c in last.changes] == [
        ("summary", "", "Boulangère"), ("message", "Maison avec jardin", "")]


def test_the_prospects_own_correction_is_in_the_history(project, contact):
    contact_correct(contact=contact, email="camille@example.net", phone="06 12 34 56 78", current_city="")

    (entry,) = _edits(project)
    assert entry.title == "Coordonnées du contact modifiées par le porteur de projet"
    assert entry.by == ""
    assert entry.body.splitlines() == [
        "e-mail : camille.roux@example.org → camille@example.net", "téléphone : — → 06 12 34 56 78"]


def test_someone_who_may_not_act_on_any_of_the_contacts_projects_edits_nothing(project, contact, charlie):
    with pytest.raises(TransitionPermissionDenied):
        contact_update_details(contact=contact, user=charlie, fields={"first_name": "Paul"})
    assert Contact.objects.get(pk=contact.pk).first_name == "Camille"
    assert not DetailChange.objects.exists()


def test_an_erased_contacts_edit_history_holds_nothing(project, contact, alice, bob):
    contact_update_details(contact=contact, user=bob, fields={"phone": "06 12 34 56 78"})
    contact_correct(contact=contact, email="camille@example.net", phone="06 12 34 56 78", current_city="Lyon")
    project_update_details(project=project, user=bob, project_fields={"message": "Camille Roux, 3 rue X"})
    assert DetailChange.objects.count() == 3

    contact_erase(contact=contact, user=alice)

    assert list(DetailChange.objects.values_list("changes", flat=True)) == [[], [], []]
    entries = _edits(project)
    assert [e.body for e in entries] == ["Détail effacé avec les données personnelles."] * 3
    for entry in entries:
        assert "Camille" not in str(entry) and "06 12" not in str(entry) and "Lyon" not in str(entry)
