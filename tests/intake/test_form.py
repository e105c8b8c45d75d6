"""The public project form: the happy path through the Django client."""

import re

import pytest
from django.urls import reverse

from crm.models import Contact, Event, Need
from onboarding.models import Project, ProjectTransition, RoutingDecision
from onboarding.states import Horizon, Source, State
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import mails_to, tracking_link_in

pytestmark = pytest.mark.django_db


def test_it_shows_the_form_in_french_with_every_field_labelled(client, territory):
    Event.objects.create(name="Salon Made in Lot", place="Paris", starts_on="2026-10-01", ends_on="2026-10-02")
    response = client.get(reverse("intake_form", args=["programme"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Déposer mon projet d'installation</h1>" in html
    form = response.context["form"]
    for name, field in form.fields.items():
        bound = form[name]
        if bound.use_fieldset:
            # A group of options: a legend names it, and each option has its label.
            assert f"{field.label}" in html and f'for="{bound.auto_id}_0"' in html, name
        else:
            assert f'for="{bound.id_for_label}"' in html, name
    # Needs come from the Need table, as checkboxes.
    active = Need.objects.filter(is_active=True)
    assert len(re.findall(r'<input type="checkbox"[^>]* name="needs"', html)) == active.count()
    # Consent says what for, who sees it, how long, and links to the notice.
    assert "3 ans après notre dernier contact" in html
    assert reverse("privacy_notice", args=["programme"]) in html


def test_the_event_question_is_left_out_when_there_is_no_event(client, territory):
    html = client.get(reverse("intake_form", args=["programme"])).content.decode()
    assert 'name="event"' not in html


def test_the_home_page_links_to_the_form(client, db):
    html = client.get(reverse("network_home", args=["programme"])).content.decode()
    assert f'href="{reverse("intake_form", args=["programme"])}"' in html


def test_the_privacy_notice_is_french_and_states_the_retention(client, db):
    response = client.get(reverse("privacy_notice", args=["programme"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Politique de confidentialité" in html
    assert "3 ans après notre dernier contact" in html


def test_it_creates_the_contact_and_a_routed_new_project(submit, territory):
    response = submit()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake_thanks", args=["programme"])

    contact = Contact.objects.get()
    assert (contact.first_name, contact.last_name, contact.email) == ("Camille", "Roux", "camille.roux@example.org")
    assert contact.phone == "06 12 34 56 78"
    assert contact.current_city == "Lyon"
    assert (contact.has_partner, contact.partner_occupation, contact.partner_seeks_job) == (True, "Infirmier", True)
    assert contact.children_ages == [4, 9]

    project = Project.objects.get()
    assert project.contact == contact
    assert project.state == State.NEW
    assert project.source == Source.WEBSITE
    assert project.target_commune == territory["commune"]
    assert project.target_epci is None
    assert project.horizon == Horizon.SIX_TO_12_MONTHS
    assert project.summary == "Développeuse web en télétravail"
    assert project.message == "Nous cherchons une maison avec un jardin."
    assert sorted(project.needs.values_list("code", flat=True)) == ["emploi", "logement-location"]
    # The consent: the text shown (version 1, shared), through the form, now.
    [consent] = project.consents.all()
    assert (consent.text.version, consent.text.network, consent.channel) == (1, None, "form")
    assert project.consent_version == "1"
    assert project.consent_at == consent.at
    # The journey's first log row, and the routing decision (the coordinators' queue here).
    assert ProjectTransition.objects.filter(project=project, to_state=State.NEW).count() == 1
    assert RoutingDecision.objects.filter(project=project).count() == 1
    assert project.first_contact_due_on is not None


def test_it_sends_the_confirmation_with_the_private_link_after_commit(client, submit, territory):
    submit()
    [message] = mails_to("camille.roux@example.org")
    assert message.subject == "Votre projet d'installation est bien enregistré"
    assert "Bonjour Camille," in message.body
    path = tracking_link_in(message)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert path in html
    # The link opens the tracking page.
    response = client.get(path)
    assert response.status_code == 200
    assert "Nous avons bien reçu votre projet." in response.content.decode()


def test_the_thanks_page_is_french(client, db):
    response = client.get(reverse("intake_thanks", args=["programme"]))
    assert "Merci, votre projet est enregistré" in response.content.decode()


@pytest.mark.parametrize("typed", ["figeac", "FIGEAC", "Figeac (46)", "  figéac  "])
def test_a_commune_is_found_whatever_the_case_and_accents(submit, territory, typed):
    assert submit(target_commune=typed).status_code == 302
    assert Project.objects.get().target_commune == territory["commune"]


def test_a_commune_typed_without_ticking_its_option_still_counts(submit, territory):
    submit(territory_choice="undecided", target_commune="Figeac")
    assert Project.objects.get().target_commune == territory["commune"]


def test_an_epci_can_be_the_target(submit, territory):
    submit(territory_choice="epci", target_commune="", target_epci=str(territory["epci"].pk))
    project = Project.objects.get()
    assert (project.target_epci, project.target_commune) == (territory["epci"], None)


def test_not_decided_yet_leaves_the_territory_empty(submit, territory):
    submit(territory_choice="undecided", target_commune="")
    project = Project.objects.get()
    assert (project.target_epci, project.target_commune) == (None, None)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("0612345678", "06 12 34 56 78"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"),
        ("0033 5 65 34 00 00", "05 65 34 00 00"),
        ("+32 470 12 34 56", "+32 470 12 34 56"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("", ""),
    ],
)
def test_phone_numbers_are_accepted_in_french_and_international_forms(submit, territory, typed, stored):
    assert submit(phone=typed).status_code == 302
    assert Contact.objects.get().phone == stored


def test_an_ambassador_is_recorded_as_the_source(submit, territory):
    submit(heard_via="ambassador", referrer="Julie, ambassadrice à Cahors")
    project = Project.objects.get()
    assert (project.source, project.referrer) == (Source.AMBASSADOR, "Julie, ambassadrice à Cahors")


def test_an_event_chosen_on_the_form_is_the_source(submit, territory):
    event = Event.objects.create(name="Salon Made in Lot", place="Paris", starts_on="2026-10-01",
                                 ends_on="2026-10-02")
    submit(heard_via="website", event=str(event.pk))
    project = Project.objects.get()
    assert (project.source, project.event) == (Source.EVENT, event)


def test_commune_suggestions_come_as_json(client, territory):
    response = client.get(reverse("commune_autocomplete", args=["programme"]), {"q": "fig"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [{"label": "Figeac (46)", "name": "Figeac", "insee": "46102", "epci": "CC Grand-Figeac"}]
    }
    assert client.get(reverse("commune_autocomplete", args=["programme"]), {"q": "f"}).json() == {"results": []}
