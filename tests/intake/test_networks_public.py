"""The public side per network: its prefix, its brand, its links and its e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from crm.models import Contact, Network
from onboarding.models import Project
from onboarding.services.projects import project_create
from onboarding.states import Source
from onboarding.tracking_links import tracking_path, tracking_token
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import mails_to, tracking_link_in, valid_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot():
    network = Network.objects.get(slug="programme")
    network.slug, network.name, network.programme, network.welcome_to = "lot", "Lot", "Oh my Lot !", "dans le Lot"
    network.tagline, network.public_intro = "Le Lot, c'est vous.", "Quarante communes vous attendent."
    network.primary_colour, network.accent_colour = "#6b1d5c", "#1d5c6b"
    network.email_from, network.reply_to = "Oh my Lot ! <accueil@lot.example>", "contact@lot.example"
    network.data_controller, network.dpo_contact = "Département du Lot, Cahors", "dpo@lot.example"
    network.save()
    return network


@pytest.fixture
def lg():
    return Network.objects.create(
        slug="lot-et-garonne", name="Lot-et-Garonne", programme="Lot-et-Garonne Attractivité",
        welcome_to="en Lot-et-Garonne", primary_colour="#0b5a2a", accent_colour="#8a4b00",
        data_controller="Département de Lot-et-Garonne, Agen",
    )


def _get(client, network, name, *args):
    return client.get(reverse(name, args=[network.slug, *args]))


@pytest.mark.parametrize("name", ["network_home", "intake_form", "intake_thanks", "privacy_notice",
                                  "tracking_resend", "tracking_resend_sent"])
def test_each_page_wears_its_networks_brand(client, lot, lg, name):
    lot_html = _get(client, lot, name).content.decode()
    lg_html = _get(client, lg, name).content.decode()
    assert "Oh my Lot !" in lot_html and "Oh my Lot !" not in lg_html
    assert "Lot-et-Garonne Attractivité" in lg_html and "Lot-et-Garonne Attractivité" not in lot_html
    assert 'href="/lot/theme.css?v=6b1d5c1d5c6b"' in lot_html
    assert 'href="/lot-et-garonne/theme.css?v=0b5a2a8a4b00"' in lg_html


def test_the_home_and_form_say_the_networks_welcome_and_intro(client, lot):
    home = _get(client, lot, "network_home").content.decode()
    assert "Vous pensez venir vivre dans le Lot ?" in home
    assert "Le Lot, c&#x27;est vous." in home and "Quarante communes vous attendent." in home
    form = _get(client, lot, "intake_form").content.decode()
    assert "Oh my Lot ! : bienvenue dans le Lot" in form and "Quarante communes vous attendent." in form


def test_the_theme_is_a_cacheable_stylesheet_of_the_networks_colours(client, lot):
    response = _get(client, lot, "network_theme")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    css = response.content.decode()
    assert "--network-primary: #6b1d5c;" in css and "--network-accent: #1d5c6b;" in css


def test_a_colour_that_is_not_one_never_reaches_the_stylesheet(client, lot):
    # Validators keep it out of the admin; update() goes around them.
    Network.objects.filter(pk=lot.pk).update(primary_colour="r;}*{x:")
    css = _get(client, lot, "network_theme").content.decode()
    assert "r;}" not in css and "--network-primary: #1f4e79;" in css


def test_the_privacy_notice_names_the_networks_controller_and_dpo(client, lot, lg):
    lot_html = _get(client, lot, "privacy_notice").content.decode()
    assert "Département du Lot, Cahors" in lot_html and "dpo@lot.example" in lot_html
    lg_html = _get(client, lg, "privacy_notice").content.decode()
    assert "Département de Lot-et-Garonne, Agen" in lg_html and "Cahors" not in lg_html


def test_an_unknown_or_inactive_network_is_a_404(client, lg):
    assert client.get("/nulle-part/je-depose-mon-projet/").status_code == 404
    Network.objects.filter(pk=lg.pk).update(is_active=False)
    assert _get(client, lg, "intake_form").status_code == 404


def test_staff_pages_are_not_taken_for_a_network(client):
    response = client.get("/equipe/")
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_root_lists_the_networks_or_goes_to_the_only_one(client, lot):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/lot/"
    Network.objects.create(slug="lot-et-garonne", name="LG", programme="Lot-et-Garonne Attractivité", welcome_to="x")
    html = client.get("/").content.decode()
    assert 'href="/lot/"' in html and 'href="/lot-et-garonne/"' in html


def test_old_addresses_go_to_the_only_network_or_to_the_list(client, lot):
    response = client.get("/je-depose-mon-projet/?source=affiche")
    assert response.status_code == 302 and response["Location"] == "/lot/je-depose-mon-projet/?source=affiche"
    assert client.post("/je-depose-mon-projet/", {})["Location"] == "/lot/je-depose-mon-projet/"
    assert client.post("/je-depose-mon-projet/", {}).status_code == 307  # still a POST
    Network.objects.create(slug="lot-et-garonne", name="LG", programme="LG", welcome_to="x")
    assert client.get("/donnees-personnelles/")["Location"] == "/"


def test_an_old_tracking_link_goes_to_its_projects_network(client, lot, lg, contact, bob):
    project = project_create(contact=contact, source=Source.WEBSITE, network=lg)
    token = tracking_token(project)
    response = client.get(f"/suivi/{token}/")
    assert response.status_code == 302 and response["Location"] == f"/lot-et-garonne/suivi/{token}/"
    assert client.get(response["Location"]).status_code == 200


def test_a_tracking_link_under_another_networks_prefix_is_an_invalid_link(client, lot, lg, contact):
    project = project_create(contact=contact, source=Source.WEBSITE, network=lg)
    token = tracking_token(project)
    assert tracking_path(project) == f"/lot-et-garonne/suivi/{token}/"
    wrong = client.get(f"/lot/suivi/{token}/")
    forged = client.get(f"/lot/suivi/{token[:-2]}xx/")
    assert wrong.status_code == forged.status_code == 400
    assert [t.name for t in wrong.templates] == [t.name for t in forged.templates]
    assert "Ce lien de suivi n'est pas valide" in wrong.content.decode()
    assert "Camille" not in wrong.content.decode()
    # Nor can it act on the person from there.
    client.post(f"/lot/suivi/{token}/", {"action": "contact", "email": "x@example.org", "phone": "",
                                          "current_city": ""})
    contact.refresh_from_db()
    assert contact.email == "camille.roux@example.org"


def test_the_form_of_a_network_files_an_undecided_project_in_that_network(client, lot, lg, submit,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake_form", args=["lot-et-garonne"]),
                               valid_form(territory_choice="undecided", target_commune=""))
    assert response["Location"] == "/lot-et-garonne/je-depose-mon-projet/merci/"
    project = Project.objects.get()
    assert project.network == lg and project.contact.network == lg
    # Its e-mail speaks for that network, and its link carries that network's prefix.
    [message] = mails_to("camille.roux@example.org")
    assert tracking_link_in(message).startswith("/lot-et-garonne/suivi/")
    assert "Lot-et-Garonne Attractivité" in message.alternatives[0][0]


def test_the_confirmation_comes_from_the_networks_sender(client, lot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("intake_form", args=["lot"]), valid_form(territory_choice="undecided", target_commune=""))
    [message] = mails_to("camille.roux@example.org")
    assert message.from_email == "Oh my Lot ! <accueil@lot.example>"
    assert message.reply_to == ["contact@lot.example"]
    html = message.alternatives[0][0]
    assert "Oh my Lot !" in html and "#6b1d5c" in html
    assert tracking_link_in(message).startswith("/lot/suivi/")


def test_without_a_sender_the_network_uses_the_servers(client, lg, settings, django_capture_on_commit_callbacks):
    settings.DEFAULT_FROM_EMAIL = "Accueil <serveur@example.org>"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("intake_form", args=["lot-et-garonne"]),
                    valid_form(territory_choice="undecided", target_commune=""))
    [message] = mails_to("camille.roux@example.org")
    assert message.from_email == "Accueil <serveur@example.org>" and message.reply_to == []


def test_a_fresh_link_asked_on_another_networks_page_is_not_sent(client, lot, lg, contact,
                                                                django_capture_on_commit_callbacks):
    Contact.objects.filter(pk=contact.pk).update(network=lg)
    project_create(contact=Contact.objects.get(pk=contact.pk), source=Source.WEBSITE, network=lg)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tracking_resend", args=["lot"]), {"email": contact.email})
    assert mails_to(contact.email) == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tracking_resend", args=["lot-et-garonne"]), {"email": contact.email})
    [message] = mails_to(contact.email)
    assert tracking_link_in(message).startswith("/lot-et-garonne/suivi/")
    assert len(mail.outbox) == 1


def test_an_address_used_in_another_network_may_be_taken(client, lot, project, contact, lg):
    """People are per network: the same address in another programme is another person."""
    Contact.objects.create(first_name="Other", last_name="Person", email="other@example.org", network=lg)
    response = client.post(tracking_path(project), {"action": "contact", "email": "other@example.org",
                                                    "phone": "", "current_city": ""})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.email == "other@example.org"
