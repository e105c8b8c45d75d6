"""A prospect on a phone, in headless Chromium: fill in the project form, see
the confirmation, open the private link from the e-mail, see the tracking page."""

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail

from onboarding.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts"


@pytest.fixture
def in_chromium(live_server):
    """in_chromium(scenario): run scenario(browser) with a Chromium of its own.

    The scenario runs in a thread of its own: Playwright's sync API refuses
    to start in a thread where another Playwright (a session-wide browser
    fixture, for instance) is already running. The scenario must not use the
    ORM (its connection would outlive the thread); it may read mail.outbox.
    """
    # Playwright keeps an event loop running in its thread; the live server's
    # ORM calls are sequential with it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)

    def run(scenario):
        from playwright.sync_api import sync_playwright

        def target():
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
                try:
                    return scenario(browser)
                finally:
                    browser.close()

        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(target).result()

    return run


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_prospect_submits_the_form_and_follows_the_link_from_the_email(in_chromium, live_server, territory,
                                                                           settings):
    settings.SITE_URL = live_server.url
    settings.INTAKE_MIN_FILL_SECONDS = 0

    def scenario(browser):
        from playwright.sync_api import expect

        desktop = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=DESKTOP)
        page = desktop.new_page()
        page.goto("/")
        page.get_by_role("link", name="Déposer mon projet d'installation").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Déposer mon projet d'installation")
        page.screenshot(path=str(ARTIFACTS / "intake-form-desktop.png"), full_page=True)
        desktop.close()

        context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=PHONE,
                                      is_mobile=True, has_touch=True)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto("/programme/je-depose-mon-projet/")
        assert _no_horizontal_scroll(page)
        page.screenshot(path=str(ARTIFACTS / "intake-form-phone.png"), full_page=True)

        page.get_by_role("textbox", name=re.compile(r"^Prénom")).fill("Camille")
        page.get_by_role("textbox", name=re.compile(r"^Nom")).fill("Roux")
        page.get_by_label("Adresse e-mail").fill("camille.roux@example.org")
        page.get_by_label("Téléphone").fill("06 12 34 56 78")
        page.get_by_label("Où habitez-vous aujourd'hui ?").fill("Lyon")
        page.get_by_label("Je viendrais en couple").check()
        page.get_by_label("Âges des enfants qui viendraient avec vous").fill("4, 9")
        page.get_by_label("Emploi", exact=True).check()
        page.get_by_label("Logement à louer").check()
        # Typing a commune picks the "commune" option, and suggestions come from the server.
        commune = page.get_by_role("combobox", name=re.compile(r"^Commune"))
        commune.press_sequentially("fig", delay=50)
        expect(page.locator("#commune-suggestions option")).to_have_count(1)
        expect(page.get_by_label("Une commune précise")).to_be_checked()
        commune.fill("Figeac (46)")
        page.get_by_label("Quand pensez-vous vous installer ?").select_option(label="Entre 6 mois et 1 an")
        page.get_by_label("Voulez-vous nous en dire plus ?").fill("Nous cherchons une maison avec jardin.")

        # Forgetting consent: the error summary takes the focus and links to the field.
        page.get_by_role("button", name="Envoyer mon projet").click()
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("Votre accord est nécessaire")
        expect(summary).to_be_focused()
        summary.get_by_role("link").first.click()
        consent = page.get_by_label("J'accepte que ces informations")
        expect(consent).to_be_focused()
        page.screenshot(path=str(ARTIFACTS / "intake-form-error-phone.png"), full_page=True)
        consent.check()
        page.get_by_role("button", name="Envoyer mon projet").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Merci, votre projet est enregistré")
        expect(page.get_by_role("status")).to_contain_text("lien privé pour suivre votre projet")

        # The link from the e-mail (sent after commit, by the in-process task runner).
        messages = [m for m in mail.outbox if m.to == ["camille.roux@example.org"]]
        assert len(messages) == 1
        link = re.search(r"https?://\S+/suivi/\S+/", messages[0].body).group(0)
        assert link.startswith(live_server.url)
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Le suivi de votre projet d'installation")
        expect(page.get_by_text("Nous avons bien reçu votre projet.")).to_be_visible()
        expect(page.get_by_role("heading", name="Votre référent")).to_be_visible()
        expect(page.get_by_role("heading", name="Votre kit de bienvenue")).to_be_visible()
        expect(page.get_by_label("Adresse e-mail")).to_have_value("camille.roux@example.org")
        assert _no_horizontal_scroll(page)
        page.screenshot(path=str(ARTIFACTS / "intake-tracking-phone.png"), full_page=True)
        context.close()

    in_chromium(scenario)

    project = Project.objects.select_related("contact", "target_commune").get()
    assert project.contact.email == "camille.roux@example.org"
    assert project.target_commune == territory["commune"]
    assert sorted(project.needs.values_list("code", flat=True)) == ["emploi", "logement-location"]
