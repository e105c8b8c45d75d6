"""The register's page passes axe-core's WCAG 2.1 A/AA rules and prints
without the site's navigation."""

import pytest

from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/equipe/registre-des-traitements/"


def test_the_register_page_passes_the_wcag_rules(page, world):
    log_in(page)
    response = page.goto(URL)
    assert response.status == 200
    assert _violations(page) == []


def test_the_register_prints_without_the_navigation(page, world):
    log_in(page)
    page.goto(URL)
    assert page.locator("header nav").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator("section.register-processing").first.is_visible()
