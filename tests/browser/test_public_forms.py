"""Every form of the public side, submitted in headless Chromium (not only
loaded): the browser sends the Origin and Referer headers its pages' policy
allows, and Django's CSRF check reads them. A page that sends
`Referrer-Policy: no-referrer` makes Chromium post `Origin: null`, which
Django refuses (403). The project form itself is submitted in
test_intake_browser.py.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from crm.models import PrivacyRequest
from onboarding.tracking_links import tracking_path
from tests.browser.conftest import expired_tracking_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDRESS = "camille.roux@example.org"


@pytest.fixture(autouse=True)
def _public_settings(settings, live_server):
    # Links in e-mails point at the live server; fresh rate-limit counters.
    settings.SITE_URL = live_server.url
    settings.INTAKE_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def _posts(page):
    """The status of every POST the page sends, in order."""
    statuses = []
    page.on("response", lambda response: statuses.append(response.status)
            if response.request.method == "POST" else None)
    return statuses


def _link_in_last_mail_to(address, live_server):
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, "no e-mail sent"
    return re.search(re.escape(live_server.url) + r"(/programme/suivi/[^/\s]+/)", messages[-1].body).group(1)


def test_a_prospect_corrects_their_details_on_the_tracking_page(page, project, contact):
    posts = _posts(page)
    page.goto(tracking_path(project))

    page.get_by_label("Adresse e-mail").fill("camille.nouvelle@example.org")
    page.get_by_label("Téléphone").fill("06 98 76 54 32")
    page.get_by_label("Où habitez-vous aujourd'hui").fill("Bordeaux")
    page.get_by_role("button", name="Mettre à jour mes coordonnées").click()

    expect(page.get_by_role("status")).to_contain_text("Vos coordonnées sont à jour.")
    expect(page.get_by_label("Adresse e-mail")).to_have_value("camille.nouvelle@example.org")
    assert posts == [302]
    contact.refresh_from_db()
    assert (contact.email, contact.phone, contact.current_city) == (
        "camille.nouvelle@example.org", "06 98 76 54 32", "Bordeaux")


def test_a_prospect_asks_for_their_data_to_be_deleted(page, project, contact):
    posts = _posts(page)
    page.goto(tracking_path(project))

    # Without the confirmation box the form says what is missing, and nothing is asked.
    page.get_by_role("button", name="Demander la suppression de mes données").click()
    expect(page.get_by_role("alert")).to_contain_text("Cochez la case pour confirmer votre demande.")
    assert not PrivacyRequest.objects.exists()

    page.get_by_label("Je demande la suppression de mes données personnelles").check()
    page.get_by_label("Un message pour l'équipe (facultatif)").fill("Nous restons finalement à Lyon.")
    page.get_by_role("button", name="Demander la suppression de mes données").click()

    expect(page.get_by_role("status")).to_contain_text("Votre demande de suppression a bien été transmise")
    expect(page.get_by_text("Vous avez demandé la suppression de vos données le")).to_be_visible()
    assert posts == [200, 302]
    request = PrivacyRequest.objects.get()
    assert (request.contact, request.kind, request.message, request.answered_at) == (
        contact, PrivacyRequest.Kind.ERASURE, "Nous restons finalement à Lyon.", None)


@pytest.mark.parametrize("broken", ["expired", "tampered"])
def test_a_broken_link_sends_a_fresh_one_that_opens_the_page(page, project, live_server, broken):
    path = expired_tracking_path(project) if broken == "expired" else tracking_path(project)[:-6] + "xxxxx/"
    posts = _posts(page)
    page.goto(path)
    heading = "Ce lien de suivi a expiré" if broken == "expired" else "Ce lien de suivi n'est pas valide"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    page.get_by_label("Votre adresse e-mail").fill(ADDRESS)
    page.get_by_role("button", name="M'envoyer un nouveau lien").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Demande reçue")
    assert posts == [302]
    page.goto(_link_in_last_mail_to(ADDRESS, live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Le suivi de votre projet d'installation")


def test_the_privacy_notice_leads_to_a_fresh_link(page, project, live_server):
    posts = _posts(page)
    page.goto("/programme/donnees-personnelles/")
    page.get_by_role("link", name="Recevoir à nouveau mon lien de suivi").click()
    page.get_by_label("Votre adresse e-mail").fill(ADDRESS)
    page.get_by_role("button", name="M'envoyer un nouveau lien").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Demande reçue")
    assert posts == [302]
    assert _link_in_last_mail_to(ADDRESS, live_server).startswith("/programme/suivi/")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(page, project):
    posts = _posts(page)
    page.goto("/programme/suivi/nouveau-lien/")
    page.get_by_label("Votre adresse e-mail").fill("personne@example.org")
    page.get_by_role("button", name="M'envoyer un nouveau lien").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Demande reçue")
    assert posts == [302]
    assert mail.outbox == []


def test_the_tracking_link_never_leaves_as_a_referer(page, project):
    """The token in the URL is the key to the page: another site never sees it."""
    seen = {}

    def elsewhere(route):
        seen["referer"] = route.request.all_headers().get("referer")
        route.fulfill(status=200, content_type="text/html", body="<title>ailleurs</title>")

    page.route("https://ailleurs.example/**", elsewhere)
    path = tracking_path(project)
    page.goto(path)
    # A link the page might one day hold (a partner's site, a map): follow it.
    page.evaluate("""() => {
        const a = document.createElement('a');
        a.href = 'https://ailleurs.example/page';
        a.textContent = 'ailleurs';
        document.querySelector('main').append(a);
        a.click();
    }""")
    page.wait_for_url("https://ailleurs.example/page")
    assert seen == {"referer": None}

