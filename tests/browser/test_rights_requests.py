"""The rights form of the tracking page, submitted in headless Chromium (the
CSRF check reads the Origin the page's policy lets it send), and the
requests queue's pages checked by axe-core (WCAG 2.1 A and AA)."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from crm.models import PrivacyRequest
from onboarding.services.privacy_requests import privacy_request_receive
from onboarding.tracking_links import tracking_path
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _public_settings(settings, live_server):
    settings.SITE_URL = live_server.url
    cache.clear()
    yield
    cache.clear()


def _posts(page):
    statuses = []
    page.on("response", lambda response: statuses.append(response.status)
            if response.request.method == "POST" else None)
    return statuses


def test_a_person_asks_for_a_rectification_from_their_tracking_page(page, world):
    project = world["project"]
    posts = _posts(page)
    page.goto(tracking_path(project))

    rights = page.get_by_role("region", name="Exercer mes droits")
    # Rectification without saying what: the form says what is missing.
    rights.get_by_label("Rectification").check()
    rights.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("alert")).to_contain_text("Dites-nous ce qui doit être corrigé.")
    assert not PrivacyRequest.objects.exists()

    rights = page.get_by_role("region", name="Exercer mes droits")
    rights.get_by_label("Rectification").check()
    rights.get_by_label("Précisez votre demande (facultatif)").fill("Mon nom s'écrit Rousse.")
    rights.get_by_role("button", name="Envoyer ma demande").click()

    expect(page.get_by_role("status")).to_contain_text("Votre demande a bien été transmise à l'équipe")
    row = PrivacyRequest.objects.get()
    expect(page.get_by_text("Rectification : demande reçue le")).to_be_visible()
    assert posts == [200, 302]
    assert (row.contact_id, row.kind, row.message, row.status) == (
        project.contact_id, "rectification", "Mon nom s'écrit Rousse.", "received")
    assert _violations(page) == []


def test_the_queue_pages_pass_the_wcag_rules(page, world):
    contact = world["project"].contact
    row, _created = privacy_request_receive(contact=contact, kind=PrivacyRequest.Kind.ERASURE, message="Merci")
    log_in(page)
    failures = {}
    for path in ("/equipe/demandes-rgpd/", f"/equipe/demandes-rgpd/{row.pk}/", "/equipe/demandes-rgpd/nouvelle/"):
        response = page.goto(path)
        assert response.status == 200, path
        found = _violations(page)
        if found:
            failures[path] = found
    # The answer form showing its errors.
    page.goto(f"/equipe/demandes-rgpd/{row.pk}/")
    page.get_by_label("Répondue").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("[role=alert]")
    found = _violations(page)
    if found:
        failures["answer errors"] = found
    assert failures == {}
