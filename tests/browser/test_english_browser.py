"""A prospect living abroad, in a browser that prefers English: the form in
English, its errors in English, a switch to French and back in the middle
of it without losing what was typed (no JavaScript needed: the switch
submits the form itself), then the thanks, the e-mail and the tracking page
in English; axe-core's WCAG rules on each page, `lang` right on the page and
on the switch's other-language name."""

import re

import pytest
from django.core import mail

from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_prospect_fills_the_form_in_english_switching_to_french_and_back(browser, live_server, world, settings):
    from playwright.sync_api import expect

    settings.SITE_URL = live_server.url
    settings.INTAKE_MIN_FILL_SECONDS = 0
    context = browser.new_context(locale="en-GB", base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/programme/je-depose-mon-projet/")
        assert page.get_attribute("html", "lang") == "en"
        expect(page.get_by_role("heading", level=1)).to_have_text("Submit my plan to settle here")
        page.fill("#id_first_name", "Emily")
        page.fill("#id_last_name", "Clarke")
        page.fill("#id_email", "emily.clarke@example.org")
        page.fill("#id_current_city", "London, United Kingdom")
        page.click("#project-form button[type=submit]:not([name])")
        page.wait_for_selector("[role=alert]")
        expect(page.locator("[role=alert]").first).to_contain_text("The form was not sent")
        expect(page.locator("main")).to_contain_text("We need your agreement to handle your project.")
        assert _violations(page) == []

        # Midway, to French: the same page, what was typed kept, nothing judged.
        french = page.get_by_role("button", name="Français")
        assert french.get_attribute("lang") == "fr"
        french.click()
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == "fr"
        expect(page.get_by_role("heading", level=1)).to_have_text("Déposer mon projet d'installation")
        assert page.input_value("#id_first_name") == "Emily"
        assert page.input_value("#id_current_city") == "London, United Kingdom"
        assert page.get_by_role("button", name="English").get_attribute("lang") == "en"
        assert _violations(page) == []

        # And back to English, to send it.
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == "en"
        assert page.input_value("#id_email") == "emily.clarke@example.org"
        page.check("#id_consent")
        page.click("#project-form button[type=submit]:not([name])")
        page.wait_for_url("**/merci/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, your project is recorded")
        assert _violations(page) == []

        [message] = [m for m in mail.outbox if "emily.clarke@example.org" in m.to]
        assert message.subject.startswith("Your plan to settle here is recorded")
        link = re.search(r"https?://\S+/suivi/[^/\s]+/", message.body).group(0)
        page.goto(link)
        assert page.get_attribute("html", "lang") == "en"
        expect(page.get_by_role("heading", level=1)).to_contain_text("Following your plan to settle here")
        assert _violations(page) == []
    finally:
        context.close()
