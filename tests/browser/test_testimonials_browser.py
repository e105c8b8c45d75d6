"""Testimonials in a real browser, on a phone's screen: the story shows on
the tracking page of a project it resembles and not on another's; the
tracking page and the network's public page keep the WCAG rules axe-core
checks, and the public page's filter works by its button alone."""

import pytest
from playwright.sync_api import expect

from crm.models import Contact, Epci
from onboarding.services.projects import project_create
from onboarding.tracking_links import tracking_path
from tests.browser.test_accessibility import _violations
from tests.testimonials.photos import photo
from tests.testimonials.stories import story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def test_a_story_shows_on_a_resembling_tracking_page_only(page, world):
    nurse = world["project"]  # Camille, two children, aiming at Grand-Figeac
    Contact.objects.filter(pk=nurse.contact_id).update(occupation="Infirmière")
    figeac = Epci.objects.get(siren="200067361")
    story(shown_name="Léa", occupation="Infirmière", epci=figeac, household="children", photo=photo(),
          text="Infirmière à Figeac depuis 2024, nous avons trouvé une école à deux pas.")
    story(shown_name="Marc", occupation="Menuisier", household="couple", text="Un atelier à Cajarc.")
    baker = project_create(contact=Contact.objects.create(first_name="Paul", last_name="Blanc", occupation="Boulanger",
                                                           email="paul@example.org"), source="website")
    page.set_viewport_size(PHONE)

    page.goto(tracking_path(nurse))
    stories = page.get_by_role("region", name="Ils ont fait le même choix")
    expect(stories.get_by_role("heading", name="Léa, infirmière")).to_be_visible()
    expect(stories.get_by_role("img", name="Portrait de Léa")).to_be_visible()
    expect(stories).not_to_contain_text("même intercommunalité")
    assert _violations(page) == []

    page.goto(tracking_path(baker))
    expect(page.get_by_role("heading", name="Le suivi de votre projet d'installation")).to_be_visible()
    expect(page.get_by_role("region", name="Ils ont fait le même choix")).to_have_count(0)
    expect(page.get_by_text("Infirmière à Figeac")).to_have_count(0)

    page.goto(f"/{nurse.network.slug}/temoignages/")
    page.get_by_label("Foyer").select_option(label="en couple")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name="Marc, menuisier")).to_be_visible()
    expect(page.get_by_role("heading", name="Léa, infirmière")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _violations(page) == []
