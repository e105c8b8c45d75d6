"""The public list of housing offers on a phone: filtered by a plain form,
readable at 375 pixels, and clean for the WCAG rules axe-core checks."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from crm.models import Commune, Network, Organisation
from housing.models import HousingOffer
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_on_a_phone_filters_the_housing_offers(browser, live_server, world):
    network = Network.objects.order_by("pk").first()
    figeac = Commune.objects.get(insee="46102")
    network.departements.add(figeac.departement)
    mairie = Organisation.objects.create(name="Mairie de Figeac", kind=Organisation.Kind.OTHER, network=network,
                                         phone="05 65 50 05 40")
    today = timezone.localdate()
    for kind, title in (("temporaire", "Logement passerelle du Puy"), ("location", "Maison avec jardin")):
        HousingOffer.objects.create(
            network=network, kind=kind, title=title, commune=figeac, housing_type="maison", rooms=4, surface=90,
            price=600, available_from=today, available_until=today + datetime.timedelta(days=90),
            organisation=mairie, contact_name="Jeanne Mas")
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"/{network.slug}/logements/")
        page.get_by_label("Nature de l'offre").select_option(label="Hébergement temporaire")
        page.get_by_role("button", name="Filtrer").click()

        offers = page.locator("#offres-logement")
        expect(offers).to_contain_text("Logement passerelle du Puy")
        expect(offers).not_to_contain_text("Maison avec jardin")
        expect(offers).to_contain_text("Géré par Mairie de Figeac")
        expect(page.locator("main")).not_to_contain_text("Jeanne Mas")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert _violations(page) == []
    finally:
        context.close()
