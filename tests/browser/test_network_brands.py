"""Both networks' public forms in Chromium: each wears its own programme and
colours (from /<slug>/theme.css, since the policy forbids inline styles),
submits into its own network, breaks no Content-Security-Policy rule and
passes axe."""

import re

import pytest
from django.core import mail

from crm.models import Commune, Departement, Epci, Network
from onboarding.models import Project
from tests.browser.test_accessibility import _violations
from tests.browser.test_content_security_policy import REPORTER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BRANDS = {
    "lot": ("Oh my Lot !", "dans le Lot", "#6b1d5c", "rgb(107, 29, 92)"),
    "lot-et-garonne": ("Lot-et-Garonne Attractivité", "en Lot-et-Garonne", "#0b5a2a", "rgb(11, 90, 42)"),
}


@pytest.fixture
def two_networks(db, settings, live_server):
    settings.SITE_URL = live_server.url
    settings.INTAKE_MIN_FILL_SECONDS = 0
    lot = Departement.objects.create(code="46", name="Lot")
    lg = Departement.objects.create(code="47", name="Lot-et-Garonne")
    Commune.objects.create(insee="47001", name="Agen", departement=lg, population=32988,
                           epci=Epci.objects.create(siren="200096956", name="CA d'Agen", nature="CA", departement=lg))
    first = Network.objects.get()
    networks = {}
    for slug, departement in (("lot", lot), ("lot-et-garonne", lg)):
        programme, welcome_to, colour, _ = BRANDS[slug]
        network = first if slug == "lot" else Network(name=programme)
        network.slug, network.programme, network.welcome_to = slug, programme, welcome_to
        network.primary_colour, network.email_from = colour, f"{programme} <accueil@{slug}.example>"
        network.save()
        network.departements.add(departement)
        networks[slug] = network
    return networks


@pytest.mark.parametrize("slug", list(BRANDS))
def test_each_networks_form_wears_its_brand_and_files_into_its_network(page, two_networks, slug):
    from playwright.sync_api import expect

    programme, welcome_to, _, rgb = BRANDS[slug]
    blocked = []
    page.add_init_script(REPORTER)
    page.on("console", lambda m: blocked.append(m.text) if m.text.startswith("CSP violation")
            or (m.type == "error" and "Content Security Policy" in m.text) else None)

    page.goto(f"/{slug}/je-depose-mon-projet/")
    expect(page.locator(".navbar-brand")).to_have_text(programme)
    expect(page.get_by_text(f"{programme} : bienvenue {welcome_to}")).to_be_visible()
    # The theme stylesheet is applied: the brand and the main button wear the network's colour.
    assert page.locator(".navbar-brand").evaluate("e => getComputedStyle(e).color") == rgb
    button = page.get_by_role("button", name="Envoyer mon projet")
    assert button.evaluate("e => getComputedStyle(e).backgroundColor") == rgb
    assert page.locator("header").evaluate("e => getComputedStyle(e).borderTopColor") == rgb
    assert _violations(page) == []

    page.get_by_role("textbox", name=re.compile(r"^Prénom")).fill("Camille")
    page.get_by_role("textbox", name=re.compile(r"^Nom")).fill("Roux")
    page.get_by_label("Adresse e-mail").fill("camille.roux@example.org")
    page.get_by_label("Je ne sais pas encore").check()
    page.get_by_label("J'accepte que ces informations").check()
    button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci, votre projet est enregistré")
    assert page.url.endswith(f"/{slug}/je-depose-mon-projet/merci/")
    expect(page.locator(".navbar-brand")).to_have_text(programme)
    assert _violations(page) == []

    project = Project.objects.get()
    assert project.network == two_networks[slug]
    [message] = [m for m in mail.outbox if m.to == ["camille.roux@example.org"]]
    assert message.from_email == f"{programme} <accueil@{slug}.example>"
    link = re.search(r"https?://\S+/suivi/\S+/", message.body).group(0)
    assert f"/{slug}/suivi/" in link
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Le suivi de votre projet d'installation")
    assert page.locator(".navbar-brand").evaluate("e => getComputedStyle(e).color") == rgb
    assert _violations(page) == []
    assert blocked == []
