"""Job offers in a real browser, against the local fake France Travail
(tests/jobs/fake_france_travail.py): a referent proposes an offer from the
project page, the prospect finds it on their tracking page; both pages keep
the WCAG rules axe-core checks."""

import pytest
from playwright.sync_api import expect

from crm.models import Commune, Contact
from jobs.models import PinnedOffer
from onboarding.models import Project
from onboarding.tracking_links import tracking_path
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations
from tests.jobs.fake_france_travail import france_travail  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Infirmier / Infirmière en soins généraux (H/F)"


@pytest.fixture
def nurse(world):
    project = world["project"]
    Contact.objects.filter(pk=project.contact_id).update(occupation="Infirmière", has_partner=True,
                                                         partner_occupation="Boulanger")
    Project.objects.filter(pk=project.pk).update(target_commune=Commune.objects.get(insee="46102"))
    return Project.objects.get(pk=project.pk)


def test_a_referent_proposes_an_offer_and_the_prospect_reads_it(page, nurse, france_travail):  # noqa: F811
    log_in(page)
    page.goto(f"/equipe/projets/{nurse.pk}/")

    offers = page.get_by_role("region", name="Offres d'emploi")
    expect(offers.get_by_role("heading", name="Pour le porteur du projet : Infirmière")).to_be_visible()
    expect(offers.get_by_role("heading", name="Pour son conjoint ou sa conjointe : Boulanger")).to_be_visible()
    expect(offers.get_by_text("10 offres affichées sur 160.")).to_be_visible()
    assert _violations(page) == []

    offers.get_by_role("button", name=f"Proposer l'offre « {TITLE} » au projet").first.click()

    expect(page.get_by_text(f"Offre « {TITLE} » proposée au projet.")).to_be_visible()
    proposed = page.locator("#offres-proposees")
    expect(proposed).to_contain_text(TITLE)
    expect(proposed).to_contain_text("proposée le")
    expect(page.get_by_text(f"Offre d'emploi proposée (porteur du projet) : {TITLE}")).to_be_visible()
    assert PinnedOffer.objects.filter(project=nurse).count() == 1

    page.goto(tracking_path(nurse))

    mine = page.get_by_role("region", name="Offres d'emploi")
    expect(mine.get_by_role("heading", name="Les offres que votre référent vous a proposées")).to_be_visible()
    expect(mine.locator("#offres-proposees")).to_contain_text("CENTRE HOSPITALIER DE FIGEAC")
    expect(mine.get_by_role("heading", name="Offres récentes pour « Infirmière » près de Figeac")).to_be_visible()
    expect(mine.get_by_role("heading", name="Offres récentes pour « Boulanger » près de Figeac")).to_be_visible()
    assert _violations(page) == []


def test_the_pages_say_offers_are_unavailable_when_the_source_fails(page, nurse, france_travail):  # noqa: F811
    france_travail.script = [(503, {}, {"message": "Service indisponible"})] * 12

    page.goto(tracking_path(nurse))

    expect(page.get_by_role("region", name="Offres d'emploi").get_by_text(
        "Offres indisponibles pour le moment.").first).to_be_visible()


@pytest.fixture
def broker_without_worker(real_broker):
    """Tasks go to the broker and nobody takes them; what is left there is removed afterwards."""
    from config.celery_app import app

    yield
    app.control.purge()


def test_the_project_page_announces_the_offers_once_a_worker_has_fetched_them(
        page, nurse, france_travail, broker_without_worker):  # noqa: F811
    from jobs.offers import Search, offers_fetch

    log_in(page)
    page.goto(f"/equipe/projets/{nurse.pk}/")  # the searches go to the broker: nobody takes them here
    expect(page.locator("#offres-attente")).to_contain_text("Des offres sont en cours de recherche.")

    for codes in (("J1506", "J1505"), ("D1102", "H2102")):  # what a worker does
        offers_fetch(Search(rome_codes=codes, commune="46102", radius_km=20))

    expect(page.locator("#offres-attente")).to_contain_text("Les offres sont arrivées.")
    page.get_by_role("link", name="Actualiser pour les voir").click()
    expect(page.get_by_role("region", name="Offres d'emploi").get_by_text("10 offres affichées sur 160.")).to_be_visible()
