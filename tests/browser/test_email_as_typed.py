"""An internationalised address (test@exämple.fr) comes back as it was typed
after a validation error, on the public project form and on the staff
edit form. Chromium rewrites the domain of an <input type="email"> into
punycode (test@xn--exmple-cua.fr) in what it submits: the fields are text
inputs with the e-mail keyboard, so the browser sends the text itself."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "test@exämple.fr"


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    settings.INTAKE_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def test_the_public_form_shows_back_the_address_as_typed(page, world):
    page.goto(reverse("intake_form", args=[world["project"].network.slug]))
    page.get_by_label("Adresse e-mail").fill(TYPED)
    page.get_by_role("button", name="Envoyer mon projet").click()  # the name and the consent are missing

    expect(page.locator("#error-summary")).to_be_visible()
    field = page.get_by_label("Adresse e-mail")
    expect(field).to_have_value(TYPED)
    expect(field).to_have_attribute("inputmode", "email")
    assert "xn--" not in page.content()


def test_the_staff_edit_form_shows_back_the_address_as_typed(page, world):
    log_in(page)
    page.goto(reverse("project_edit", args=[world["project"].pk]))
    page.locator("#id_contact-email").fill(TYPED)
    page.locator("#id_contact-first_name").fill("")  # required: the form comes back
    page.get_by_role("button", name=re.compile("Enregistrer")).click()

    expect(page.locator("#id_contact-email")).to_have_value(TYPED)
    assert "xn--" not in page.content()
