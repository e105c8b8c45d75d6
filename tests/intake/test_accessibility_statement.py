"""The déclaration d'accessibilité: the RGAA model's sections, the facts of
intake/accessibility.py, whom to write to, and the footer of every page
that leads to it with the declared state."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crm.models import Network
from intake import accessibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot():
    network = Network.objects.get(slug="programme")
    network.slug, network.programme = "lot", "Oh my Lot !"
    network.email_from, network.reply_to = "Oh my Lot ! <accueil@lot.example>", "contact@lot.example"
    network.save()
    return network


@pytest.fixture
def lg():
    return Network.objects.create(slug="lot-et-garonne", name="Lot-et-Garonne", programme="Lot-et-Garonne Attractivité",
                                  email_from="Attractivité 47 <bonjour@lg.example>")


def _text(response):
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_it_has_the_sections_of_the_rgaa_model(client, lot):
    text = _text(client.get("/accessibilite/"))
    for heading in ("État de conformité", "Résultats des tests", "Contenus non accessibles",
                    "Établissement de cette déclaration d'accessibilité", "Retour d'information et contact",
                    "Voies de recours"):
        assert heading in text
    assert f"Ce site est {accessibility.STATUS} avec le référentiel général d'amélioration de l'accessibilité" in text
    assert "Défenseur des droits Libre réponse 71120 75342 Paris CEDEX 07" in text
    html = client.get("/accessibilite/").content.decode()
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in html


def test_it_declares_the_facts_the_tests_check(client, lot):
    text = _text(client.get("/accessibilite/"))
    assert f"axe-core {accessibility.AXE_VERSION} a vérifié {accessibility.AXE_RULES} règles" in text
    assert f"sur {len(accessibility.AUDITED_PAGES)} pages" in text
    for page in accessibility.AUDITED_PAGES:
        assert page.name in text
    for item in accessibility.NON_CONFORMITIES:
        assert " ".join(item.split()) in text
    assert "30 novembre 2026" in text


def test_the_only_network_is_written_to_at_its_reply_to_address(client, lot):
    html = client.get("/accessibilite/").content.decode()
    assert 'href="mailto:contact@lot.example"' in html
    assert "accueil@lot.example" not in html


def test_without_a_reply_to_it_is_the_senders_address(client, lot):
    lot.reply_to = ""
    lot.save()
    assert 'href="mailto:accueil@lot.example"' in client.get("/accessibilite/").content.decode()


def test_with_several_networks_each_is_listed_with_its_address(client, lot, lg):
    text = _text(client.get("/accessibilite/"))
    assert "Oh my Lot ! : contact@lot.example" in text
    assert "Lot-et-Garonne Attractivité : bonjour@lg.example" in text


def test_under_a_network_it_is_that_networks_address_and_brand(client, lot, lg):
    html = client.get(reverse("network_accessibility", args=["lot-et-garonne"])).content.decode()
    assert 'href="mailto:bonjour@lg.example"' in html
    assert "contact@lot.example" not in html
    assert 'href="/lot-et-garonne/theme.css' in html


def test_an_unknown_network_has_no_declaration(client, lot):
    assert client.get("/inconnu/accessibilite/").status_code == 404


@pytest.mark.parametrize("path", ["/lot/", "/lot/je-depose-mon-projet/", "/lot/donnees-personnelles/", "/connexion/"])
def test_every_page_leads_to_it_with_the_declared_state(client, lot, lg, path):
    html = client.get(path).content.decode()
    footer = html[html.index("<footer"):]
    target = "/lot/accessibilite/" if path.startswith("/lot/") else "/accessibilite/"
    assert f'<a href="{target}">Accessibilité : {accessibility.STATUS}</a>' in footer


def test_no_network_may_take_its_address_as_prefix(lot):
    lot.full_clean()
    lot.slug = "accessibilite"
    with pytest.raises(ValidationError) as refused:
        lot.full_clean()
    assert list(refused.value.message_dict) == ["slug"]
