"""The staff menu on a phone: folded behind a "Menu" button (Bootstrap's
collapse, vendored) that the keyboard opens and that says whether it is open
(aria-expanded); on a desk, and without JavaScript, every link is there as
a plain list."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LINKS = ("Espace équipe", "Projets", "Salons", "Rapports", "Orientation", "Le parcours")


def _menu(page):
    return page.get_by_role("navigation", name="Navigation principale")


def test_on_a_phone_the_menu_is_folded_and_the_keyboard_opens_it(page, world):
    page.set_viewport_size(PHONE)
    log_in(page)
    menu = _menu(page)
    toggler = menu.get_by_role("button", name="Menu")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    for name in LINKS:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_hidden()
    # Folded, the header takes a line, not 40 % of the first screen.
    assert page.locator("header").bounding_box()["height"] < PHONE["height"] * 0.15

    toggler.focus()
    page.keyboard.press("Enter")
    expect(toggler).to_have_attribute("aria-expanded", "true")
    for name in LINKS:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    # Opened (Bootstrap ignores a second press while the menu slides).
    expect(page.locator("#main-menu")).to_have_class(re.compile(r"\bcollapse show\b"))
    page.keyboard.press("Tab")  # from the button into the menu it opened
    expect(menu.get_by_role("link", name="Espace équipe")).to_be_focused()

    toggler.focus()
    page.keyboard.press("Space")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Projets", exact=True)).to_be_hidden()


def test_on_a_desk_the_menu_is_open_without_a_button(page, world):
    log_in(page)
    menu = _menu(page)
    expect(menu.get_by_role("button", name="Menu")).to_be_hidden()
    for name in LINKS:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()


def test_without_javascript_the_menu_is_a_plain_list_of_links(browser, live_server, world):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=PHONE,
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page)
        menu = _menu(page)
        expect(menu.get_by_role("button", name="Menu")).to_be_hidden()
        for name in LINKS:
            link = menu.get_by_role("link", name=name, exact=True)
            expect(link).to_be_visible()
        menu.get_by_role("link", name="Projets", exact=True).click()
        page.wait_for_url("**/equipe/projets/")
    finally:
        context.close()
