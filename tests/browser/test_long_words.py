"""Long unbroken words (a long e-mail address, a pasted URL) wrap: no page
scrolls sideways on a 320 px screen (WCAG 1.4.10, reflow), public or staff."""

import pytest

from crm.models import Contact
from onboarding.tracking_links import tracking_path

pytestmark = pytest.mark.browser

LONG_EMAIL = "marie-christine.de-la-fontaine-aux-loups.installation-2026@exemple-tres-long.example.org"
LONG_NAME = "Delafontaineauxloupsetdesbruyeresduhautquercy-Saintcirqlapopie"
LONG_CITY = "https://www.exemple.org/un-lien-colle-sans-espace-qui-ne-finit-jamais-et-ne-se-coupe-pas-seul"


def _width(page):
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_a_long_address_wraps_on_a_phone_on_the_tracking_page(page, project, contact):
    Contact.objects.filter(pk=contact.pk).update(email=LONG_EMAIL, current_city=LONG_CITY)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(tracking_path(project))
    assert page.locator(f"input[value='{LONG_EMAIL}']").count() == 1
    assert _width(page) <= 320


def test_a_long_address_wraps_on_a_phone_in_the_staff_pages(page, project, contact, bob):
    Contact.objects.filter(pk=contact.pk).update(email=LONG_EMAIL, current_city=LONG_CITY, last_name=LONG_NAME)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("bob")
    page.get_by_label("Mot de passe").fill("password")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"/equipe/projets/{project.pk}/")
    assert page.get_by_text(LONG_EMAIL).count() >= 1
    assert _width(page) <= 320
    page.goto("/equipe/projets/")
    assert page.get_by_text(LONG_NAME).count() >= 1
    assert _width(page) <= 320


def test_the_staff_menu_keeps_its_words_whole(page, alice):
    """A menu item is never cut inside a word ("Proje ts") to make room."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("alice")
    page.get_by_label("Mot de passe").fill("password")
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/equipe/")
    broken = page.evaluate("""() => [...document.querySelectorAll('nav a')].filter(a => {
        const words = a.textContent.trim().split(/\\s+/).length;
        const lines = new Set([...a.getClientRects()].map(r => Math.round(r.top))).size;
        const range = document.createRange(); range.selectNodeContents(a);
        const textLines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        return textLines > words;  // more lines than words: a word was cut
    }).map(a => a.textContent.trim())""")
    assert broken == []
