"""Job-fair capture: staff record leads standing at a stand, tagged with the event."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from crm.models import Contact, Event
from onboarding.models import Interaction, Project, ProjectTransition
from onboarding.services.projects import project_create
from onboarding.states import Source, State
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import mails_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    return Event.objects.create(
        name="Salon de l'emploi de Toulouse", place="Toulouse", starts_on=datetime.date(2026, 11, 20),
        ends_on=datetime.date(2026, 11, 21), organiser="Département du Lot",
    )


def lead(**overrides):
    data = {"first_name": "Inès", "last_name": "Garcia", "email": "ines.garcia@example.org", "phone": "",
            "summary": "Infirmière, cherche un poste à l'hôpital de Figeac", "message": "Rappeler en janvier",
            "consent": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def capture(client, event, **overrides):
    return client.post(reverse("fair_capture", args=[event.pk]), lead(**overrides))


def test_anonymous_visitors_are_sent_to_log_in(client, event):
    for url in (reverse("fair_events"), reverse("fair_capture", args=[event.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert capture(client, event).status_code == 302
    assert not Project.objects.exists()


def test_an_account_without_a_role_is_refused(client, event):
    client.force_login(User.objects.create_user("dave", password="password"))
    assert client.get(reverse("fair_events")).status_code == 403
    assert capture(client, event).status_code == 403
    assert not Project.objects.exists()


def test_a_referent_chooses_the_event(client, bob, event):
    client.force_login(bob)
    response = client.get(reverse("fair_events"))
    assert response.status_code == 200
    assert reverse("fair_capture", args=[event.pk]) in response.content.decode()
    response = client.get(reverse("fair_events"), {"event": event.pk})
    assert response["Location"] == reverse("fair_capture", args=[event.pk])


def test_a_referent_captures_a_lead_tagged_with_the_event(client, bob, event, need,
                                                           django_capture_on_commit_callbacks):
    client.force_login(bob)
    page = client.get(reverse("fair_capture", args=[event.pk]))
    assert page.status_code == 200 and "Salon de l&#x27;emploi de Toulouse" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = capture(client, event, needs=[str(need.pk)])
    assert response.status_code == 302
    assert response["Location"] == reverse("fair_capture", args=[event.pk])

    project = Project.objects.get()
    assert (project.source, project.event, project.state) == (Source.EVENT, event, State.NEW)
    assert project.summary == "Infirmière, cherche un poste à l'hôpital de Figeac"
    assert project.message == "Rappeler en janvier"
    assert list(project.needs.all()) == [need]
    assert project.consent_at is not None
    assert ProjectTransition.objects.get(project=project).by == bob
    assert Contact.objects.get().email == "ines.garcia@example.org"
    # The person gets their confirmation and private link.
    [confirmation] = mails_to("ines.garcia@example.org")
    assert "Merci pour notre échange lors de l'événement « Salon de l'emploi de Toulouse »" in confirmation.body
    page = client.get(response["Location"]).content.decode()
    # Routed to the coordinators' queue (no rule here): not a project Bob follows.
    assert "Inès Garcia est enregistré(e) : la demande est transmise" in page
    assert f"n°{project.pk}" not in page
    assert "de cet événement parmi ceux que vous suivez" in page
    assert client.get(response["Location"]).context["captured"] == 0


def test_a_coordinator_may_capture_too_and_sees_the_project(client, alice, event):
    client.force_login(alice)
    response = capture(client, event)
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.event == event
    page = client.get(response["Location"]).content.decode()
    assert f"projet n°{project.pk} créé" in page
    assert "1 contact saisi pour cet événement" in page


def test_a_referent_is_told_about_a_project_they_follow(client, bob, event, project, contact):
    client.force_login(bob)
    response = capture(client, event, email=contact.email, first_name="Camille", last_name="Roux")
    page = client.get(response["Location"]).content.decode()
    assert f"Camille Roux avait déjà un projet en cours (n°{project.pk})" in page


def test_a_referent_is_not_told_that_a_project_they_cannot_see_exists(client, bob, charlie, event):
    """Charlie follows Dominique's project; Bob, at the stand, captures her
    and then someone unknown, with the same name: the two answers match."""
    hidden = Contact.objects.create(first_name="Dominique", last_name="Caché", email="dominique@example.org")
    hidden_project = project_create(contact=hidden, source=Source.WEBSITE, referent=charlie.referent)
    client.force_login(bob)
    answers = []
    for email in ("dominique@example.org", "inconnue@example.org"):
        response = capture(client, event, email=email, first_name="Dominique", last_name="Caché")
        page = client.get(response["Location"])
        answers.append({
            "status": response.status_code,
            "location": response["Location"],
            "messages": [str(m) for m in page.context["messages"]],
            "count": page.context["captured"],
        })

    assert answers[0] == answers[1]
    assert answers[0]["messages"] == [
        "Dominique Caché est enregistré(e) : la demande est transmise à l'équipe qui suivra son projet."]
    # The submission still joined Dominique's open project.
    assert Interaction.objects.filter(project=hidden_project, kind=Interaction.Kind.SUBMISSION).exists()
    assert Project.objects.filter(contact__email="inconnue@example.org").exists()


def test_a_phone_is_enough(client, bob, event):
    client.force_login(bob)
    assert capture(client, event, email="", phone="06 11 22 33 44").status_code == 302
    assert Contact.objects.get().phone == "06 11 22 33 44"


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": "", "phone": ""}, "email", "Indiquez un e-mail ou un numéro de téléphone"),
        ({"email": "ines@"}, "email", "Saisissez une adresse"),
        ({"phone": "99"}, "phone", "Ce numéro de téléphone n'est pas valide."),
        ({"last_name": ""}, "last_name", "Ce champ est obligatoire."),
        ({"message": "x" * 5001}, "message", "au plus 5000 caractères"),
        ({"consent": None}, "consent", "Sans l'accord de la personne"),
    ],
)
def test_bad_input_at_the_stand_saves_nothing(client, bob, event, overrides, field, message):
    client.force_login(bob)
    response = capture(client, event, **overrides)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'id="error-summary"' in response.content.decode()
    assert not Contact.objects.exists() and not Project.objects.exists()


def test_a_known_person_met_at_a_fair_joins_their_open_project(client, bob, event, project, contact):
    client.force_login(bob)
    response = capture(client, event, email="CAMILLE.ROUX@example.org", first_name="Camille", last_name="Roux")
    assert response.status_code == 302
    assert Project.objects.count() == 1
    interaction = Interaction.objects.get(project=project)
    assert interaction.kind == Interaction.Kind.SUBMISSION
    assert interaction.by == bob
    assert "Salon de l'emploi de Toulouse" in interaction.summary


def test_an_unknown_event_is_404(client, bob):
    client.force_login(bob)
    assert client.get(reverse("fair_capture", args=[999999])).status_code == 404
