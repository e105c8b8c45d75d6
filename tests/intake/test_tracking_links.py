"""The private tracking page, reached by a signed link: valid, tampered, expired."""

import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from onboarding.tracking_links import SALT, tracking_path, tracking_token
from tests.intake.fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_a_valid_link_shows_the_state_and_the_referent(client, project, bob):
    bob.referent.phone = "05 65 00 00 01"
    bob.referent.title = "Référente accueil Grand-Figeac"
    bob.referent.save()
    response = client.get(tracking_path(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bonjour Camille" in html
    assert "Nouveau" in html and "Nous avons bien reçu votre projet." in html
    assert "Bob Durand" in html and "Référente accueil Grand-Figeac" in html
    assert 'href="tel:0565000001"' in html and "mailto:bob@example.org" in html
    assert "Les prochaines étapes" in html
    # No kit yet: the section says when it will come.
    assert "Votre kit de bienvenue" in html and "il sera à télécharger ici" in html


def test_the_page_is_private(client, project):
    response = client.get(tracking_path(project))
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_project_in_the_queue_says_a_referent_is_being_chosen(client, contact):
    from onboarding.services.projects import project_create
    from onboarding.states import Source

    queued = project_create(contact=contact, source=Source.WEBSITE)
    html = client.get(tracking_path(queued)).content.decode()
    assert "Nous choisissons le référent le mieux placé" in html


def test_the_kit_shows_when_there_is_one(client, project, monkeypatch):
    # The kit's section comes from welcome_kits through onboarding.extensions.
    monkeypatch.setattr("welcome_kits.links.latest_kit_link_for", fake_kit_link)
    html = client.get(tracking_path(project)).content.decode()
    assert 'href="/kit-de-bienvenue/fake/"' in html
    assert "Télécharger mon kit de bienvenue (PDF)" in html


def fake_kit_link(project):
    import datetime

    from django.utils import timezone

    class Link:
        url = "/kit-de-bienvenue/fake/"
        version = 1
        prepared_at = timezone.now()
        expires_on = datetime.date(2030, 1, 1)

    return Link()


def test_without_a_kit_the_page_says_what_to_expect(client, project):
    html = client.get(tracking_path(project)).content.decode()
    assert "Votre kit de bienvenue" in html
    assert "Télécharger mon kit de bienvenue (PDF)" not in html


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token[:20],
        lambda token: "x" + token,
        lambda token: signing.dumps({"p": "00000000-0000-0000-0000-000000000000"}, salt="another.salt"),
    ],
)
def test_a_tampered_link_gets_a_clear_page_offering_a_fresh_one(client, project, tamper):
    response = client.get(reverse("tracking", args=["programme", tamper(tracking_token(project))]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce lien de suivi n&#x27;est pas valide" in html or "Ce lien de suivi n'est pas valide" in html
    assert f'action="{reverse("tracking_resend", args=["programme"])}"' in html
    assert "Camille" not in html


def test_an_expired_link_says_so_and_offers_a_fresh_one(client, project, settings):
    settings.TRACKING_LINK_MAX_AGE_DAYS = 180
    long_ago = time.time() - 181 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = tracking_token(project)
    response = client.get(reverse("tracking", args=["programme", token]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce lien de suivi a expiré" in html
    assert f'action="{reverse("tracking_resend", args=["programme"])}"' in html


def test_a_link_still_within_its_age_works(client, project):
    not_so_long_ago = time.time() - 179 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=not_so_long_ago):
        token = tracking_token(project)
    assert client.get(reverse("tracking", args=["programme", token])).status_code == 200


def test_a_link_to_a_project_that_is_gone_is_invalid(client, project):
    token = signing.dumps({"p": "00000000-0000-0000-0000-000000000000"}, salt=SALT)
    assert client.get(reverse("tracking", args=["programme", token])).status_code == 400


def test_a_link_of_an_erased_person_shows_nothing(client, project, contact):
    from onboarding.services.privacy import contact_erase

    contact_erase(contact=contact)
    response = client.get(tracking_path(project))
    assert response.status_code == 400
    assert "Anonyme" not in response.content.decode()


def test_user_text_is_displayed_escaped(client, project, contact):
    contact.first_name = "<script>alert(1)</script>"
    contact.save()
    project.summary = "<b>Boulanger</b>"
    project.save(update_fields=["summary"])
    html = client.get(tracking_path(project)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Boulanger&lt;/b&gt;" in html
