"""A business to take over in a real browser: a coordinator records it with the staff form and proposes it
from its page; the prospect accepts on their tracking page (plain forms, no script); the public list, which
names neither the seller nor the adviser, keeps the WCAG rules axe-core checks."""

import pytest
from playwright.sync_api import expect

from crm.models import Need, Network
from jobs.models import TakeoverBusiness
from onboarding.models import Proposal
from onboarding.tracking_links import tracking_path
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_business_is_recorded_proposed_and_accepted(page, world):
    project = world["project"]
    project.needs.add(Need.objects.get_or_create(code="creation-reprise",
                                                 defaults={"name": "Création ou reprise d'entreprise"})[0])
    network = Network.objects.order_by("pk").first()
    network.departements.add(project.epci.departement)

    log_in(page)
    page.goto("/equipe/reprises/nouvelle/")
    page.get_by_label("Activité").fill("Boulangerie-pâtisserie")
    page.get_by_label("Secteur").select_option(label="Commerce, artisanat")
    page.get_by_role("combobox", name="Commune").fill("Figeac (46)")
    page.get_by_label("Prix à partir de, en euros (facultatif)").fill("150000")
    page.get_by_label("Prix jusqu'à, en euros (facultatif)").fill("120000")
    page.get_by_label("Locaux").select_option(label="Local en location (bail commercial)")
    page.get_by_label("Chambre ou structure qui accompagne").fill("CCI du Lot")
    page.get_by_label("Conseiller ou conseillère à contacter").fill("Hélène Vidal")
    page.get_by_label("Son adresse e-mail").fill("transmission@cci.example.org")
    page.get_by_label("La personne à contacter accepte").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#error-summary")).to_contain_text("supérieur ou égal au prix minimum")
    page.get_by_label("Prix jusqu'à, en euros (facultatif)").fill("180000")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", name="Projets qui correspondent")).to_be_visible()
    page.get_by_role("button", name="Proposer : Camille Roux").click()
    expect(page.get_by_text("Entreprise proposée au projet de Camille Roux")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"/{network.slug}/reprises/")
    expect(page.locator("#entreprises-a-reprendre")).to_contain_text("Boulangerie-pâtisserie")
    expect(page.locator("main")).not_to_contain_text("Hélène Vidal")
    assert _violations(page) == []

    page.goto(tracking_path(project))
    offer = page.get_by_role("region", name="Propositions de votre référent")
    expect(offer.get_by_role("heading", name="Boulangerie-pâtisserie")).to_be_visible()
    offer.get_by_role("button", name="J'accepte d'être mis en relation").click()
    expect(page.get_by_text("Vous avez accepté la mise en relation le")).to_be_visible()
    assert Proposal.objects.get(project=project, target_id=TakeoverBusiness.objects.get().pk).status == "accepted"
