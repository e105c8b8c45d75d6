"""The ambassadors in a real browser: a resident signs up on a phone (a
plain form, no script; errors summarised first), and a newcomer accepts the
ambassador proposed to them on their tracking page, which the ambassador's
own page then shows; the pages keep the WCAG rules axe-core checks."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from ambassadors.links import own_path
from ambassadors.models import Ambassador
from ambassadors.proposals import KIND
from crm.models import Commune, Network
from onboarding.models import Proposal
from onboarding.services.proposals import proposal_create
from onboarding.tracking_links import tracking_path
from tests.ambassadors.stories import ambassador_make, shares_ensure
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_signs_up_on_a_phone(browser, live_server, world, settings):
    settings.INTAKE_MIN_FILL_SECONDS = 0
    shares_ensure()  # a transactional test empties the tables the migrations seeded
    network = Network.objects.order_by("pk").first()
    network.departements.add(Commune.objects.get(insee="46102").departement)
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"/{network.slug}/ambassadeurs/devenir-ambassadeur/")
        assert _violations(page) == []
        page.get_by_role("button", name="Envoyer ma candidature").click()
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("Consentement")
        assert _violations(page) == []

        page.get_by_role("textbox", name="Prénom").fill("Sophie")
        page.locator("#id_last_name").fill("Vidal")
        page.get_by_role("textbox", name="Adresse e-mail").fill("sophie.vidal@example.org")
        page.get_by_role("textbox", name="Votre commune").fill("Figeac")
        page.get_by_role("textbox", name="Votre métier").fill("Architecte")
        page.get_by_label("Anglais").check()
        page.get_by_label("Un café avec un nouvel arrivant").check()
        page.get_by_label("J'accepte que l'équipe du programme me contacte", exact=False).check()
        page.get_by_role("button", name="Envoyer ma candidature").click()

        expect(page.get_by_role("heading", name="Merci, votre candidature est envoyée")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        ambassador = Ambassador.objects.get(contact__email="sophie.vidal@example.org")
        assert (ambassador.status, ambassador.commune.name) == ("applied", "Figeac")
    finally:
        context.close()


def test_a_newcomer_accepts_the_ambassador_proposed_to_them(page, world):
    project = world["project"]
    figeac = Commune.objects.get(insee="46102")
    network = Network.objects.order_by("pk").first()
    network.departements.add(figeac.departement)
    shares_ensure()
    ambassador = ambassador_make(network, figeac, "Paul", occupation="Infirmier")
    # Proposed from the project page (tests/ambassadors/test_introductions.py drives that page).
    proposal_create(project=project, kind=KIND, target_id=ambassador.pk, user=world["user"])

    page.context.clear_cookies()
    mail.outbox.clear()
    page.goto(tracking_path(project))
    offer = page.get_by_role("region", name="Propositions de votre référent")
    expect(offer).to_contain_text("Paul, ambassadeur ou ambassadrice à Figeac")
    expect(offer).not_to_contain_text("Delmas")
    assert _violations(page) == []
    offer.get_by_role("button", name="J'accepte d'être mis en relation").click()

    expect(page.get_by_text("Vous avez accepté la mise en relation le")).to_be_visible()
    assert Proposal.objects.get(project=project, kind=KIND, target_id=ambassador.pk).status == "accepted"

    # The ambassador's own page shows it, without the newcomer's details, and may decline it.
    page.goto(own_path(ambassador))
    introductions = page.locator("#mises-en-relation")
    expect(introductions).to_contain_text("vous avez reçu ses coordonnées par e-mail")
    expect(introductions).not_to_contain_text("Camille")
    assert _violations(page) == []
