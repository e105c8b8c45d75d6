"""A proposal in a real browser: a coordinator proposes a local employer's
need from its page; the prospect accepts it on their tracking page (a plain
form: no script needed); both pages keep the WCAG rules axe-core checks."""

import pytest
from playwright.sync_api import expect

from crm.models import Contact
from jobs.matching import occupations_refresh
from onboarding.models import Proposal
from onboarding.tracking_links import tracking_path
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations
from tests.jobs.employers import hospital_need

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_need_is_proposed_and_the_prospect_accepts_it(page, world):
    project = world["project"]
    Contact.objects.filter(pk=project.contact_id).update(occupation="Infirmière")
    occupations_refresh([project.pk])
    need = hospital_need({"departement": project.epci.departement, "commune": project.epci.communes.get()})

    log_in(page)
    page.goto(f"/equipe/besoins/{need.pk}/")
    expect(page.get_by_role("heading", name="Projets qui correspondent")).to_be_visible()
    assert _violations(page) == []
    page.get_by_role("button", name="À la personne : Camille Roux").click()
    expect(page.get_by_text("Besoin proposé au projet de Camille Roux")).to_be_visible()

    page.context.clear_cookies()
    page.goto(tracking_path(project))
    offer = page.get_by_role("region", name="Propositions de votre référent")
    expect(offer.get_by_role("heading", name="Soins infirmiers généraux chez Centre hospitalier de Figeac")
           ).to_be_visible()
    assert _violations(page) == []
    offer.get_by_role("button", name="J'accepte d'être mis en relation").click()

    expect(page.get_by_text("nous transmettons vos coordonnées")).to_be_visible()
    expect(page.get_by_text("Vous avez accepté la mise en relation le")).to_be_visible()
    assert Proposal.objects.get(project=project).status == "accepted"
