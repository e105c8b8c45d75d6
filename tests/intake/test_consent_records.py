"""Each project keeps which version of the consent text its person accepted,
when, and through which channel; a new version is what new people accept,
and the privacy notice shows the current one and the history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from crm.models import ConsentText, Contact, Event, Network
from crm.personal_data import Person, PersonKind, person_export
from crm.services.consent import consent_text_new_version
from onboarding.models import Consent, Project
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import DEFAULT_SLUG, valid_form

pytestmark = pytest.mark.django_db


def _new_version(network=None, purpose="Vous accompagner dans votre installation, version revue."):
    return consent_text_new_version(network=network, purpose=purpose, retention="3 ans après votre dernier contact.",
                                    body="Votre référent et son équipe.")


def test_the_form_records_the_version_shown_through_the_form(submit, territory):
    submit()

    [consent] = Consent.objects.all()
    project = Project.objects.get()
    assert (consent.project, consent.contact, consent.channel, consent.by) == (project, project.contact, "form", None)
    assert consent.text == ConsentText.objects.get(version=1, network=None)


def test_a_new_version_is_what_new_people_accept_and_old_projects_keep_theirs(submit, territory):
    submit()
    first = Project.objects.get()
    newer = _new_version()

    submit(email="lea.martin@example.org", first_name="Léa")

    second = Project.objects.exclude(pk=first.pk).get()
    assert Consent.objects.get(project=first).text.version == 1
    assert Consent.objects.get(project=second).text == newer
    assert newer.version == 2


def test_the_form_shows_the_current_version_from_its_row(client, territory):
    _new_version(purpose="Un objet tout neuf pour vos informations.")

    page = client.get(reverse("intake_form", args=[DEFAULT_SLUG])).content.decode()

    assert "Un objet tout neuf pour vos informations." in page
    assert "Version 2 du" in page
    assert "À quoi servent ces informations" in page  # the layout and wording of the questions stay


def test_a_person_accepts_the_version_their_page_showed_even_if_one_is_published_meanwhile(client, territory):
    shown = ConsentText.objects.get(version=1)
    _new_version()

    client.post(reverse("intake_form", args=[DEFAULT_SLUG]), valid_form(consent_text=str(shown.pk)))

    assert Consent.objects.get().text == shown


@pytest.mark.parametrize("forged", ["999999", "abc", "-1", "1" * 30, "١"])
def test_a_forged_version_field_falls_back_to_the_current_text(client, territory, forged):
    response = client.post(reverse("intake_form", args=[DEFAULT_SLUG]), valid_form(consent_text=forged))

    assert response.status_code == 302
    assert Consent.objects.get().text == ConsentText.objects.get(version=1)


def test_another_networks_text_is_not_accepted_from_the_form(client, territory):
    other = Network.objects.create(slug="ailleurs", name="Ailleurs", programme="Ailleurs")
    theirs = _new_version(network=other)

    client.post(reverse("intake_form", args=[DEFAULT_SLUG]), valid_form(consent_text=str(theirs.pk)))

    assert Consent.objects.get().text.network is None


def test_a_network_with_its_own_text_shows_it_and_numbers_its_versions(client, territory):
    network = Network.objects.get(slug=DEFAULT_SLUG)
    own = _new_version(network=network, purpose="Le texte propre à ce programme.")

    assert own.version == 1  # numbered per network
    page = client.get(reverse("intake_form", args=[DEFAULT_SLUG])).content.decode()
    assert "Le texte propre à ce programme." in page


def test_the_fair_records_the_staff_member_who_collected_it(client, bob, territory):
    event = Event.objects.create(name="Salon", place="Toulouse", starts_on=datetime.date.today(),
                                 ends_on=datetime.date.today())
    client.force_login(bob)

    client.post(reverse("fair_capture", args=[event.pk]),
                {"first_name": "Inès", "last_name": "Garcia", "email": "ines@example.org", "consent": "on"})

    [consent] = Consent.objects.all()
    assert (consent.channel, consent.by, consent.text.version) == ("fair", bob, 1)


def test_an_accepted_version_cannot_be_changed(submit, territory):
    submit()
    text = ConsentText.objects.get(version=1)
    text.purpose = "Autre chose"

    with pytest.raises(ValidationError):
        text.save()
    assert ConsentText.objects.get(pk=text.pk).purpose != "Autre chose"


def test_the_notice_shows_the_current_version_and_the_history_with_dates(client, territory):
    ConsentText.objects.filter(version=1).update(published_at=timezone.make_aware(datetime.datetime(2026, 1, 5)))
    _new_version(purpose="La finalité de la version 2.")

    page = client.get(reverse("privacy_notice", args=[DEFAULT_SLUG])).content.decode()

    assert "Version en vigueur : version 2" in page
    assert "La finalité de la version 2." in page
    assert "Version 1, publiée le 5 janvier 2026" in page
    assert "À vous mettre en relation avec un référent" in page  # version 1's own words


def test_the_staff_project_page_shows_the_consents(client, submit, territory, alice):
    submit()
    client.force_login(alice)

    page = client.get(reverse("project_detail", args=[Project.objects.get().pk])).content.decode()

    assert "Consentement et conservation" in page
    assert "version 1 acceptée (Formulaire du site)" in page


def test_the_persons_export_holds_their_consents(submit, territory):
    submit()
    contact = Contact.objects.get()

    sections = person_export(Person(kind=PersonKind.PROSPECT, ids=(contact.pk,)))

    [consents] = [s for s in sections if s.key == "onboarding.consent"]
    [row] = consents.rows
    assert row["channel"] == "Formulaire du site" and "Version 1" in row["text"]


def test_a_coordinator_adds_the_next_version_in_the_admin_and_an_accepted_one_is_read_only(
        client, alice, submit, territory):
    submit()
    client.force_login(alice)
    text = ConsentText.objects.get(version=1)

    page = client.get(reverse("admin:crm_consenttext_change", args=[text.pk])).content.decode()
    assert 'name="purpose"' not in page  # read-only: somebody accepted it
    assert "Nouvelle version à partir de celle-ci" in page
    start = client.get(reverse("admin:crm_consenttext_add") + f"?copy={text.pk}").content.decode()
    assert "À vous mettre en relation avec un référent" in start

    network = Network.objects.get(slug=DEFAULT_SLUG)
    response = client.post(reverse("admin:crm_consenttext_add"), {
        "network": network.pk, "purpose": "Nouvelle finalité.", "body": "Qui les voit.", "retention": "3 ans.",
    })

    assert response.status_code == 302, response.content.decode()[:2000]
    assert ConsentText.objects.get(network=network).version == 1
