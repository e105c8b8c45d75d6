"""One headless Chromium for the whole session, a fresh French context per test,
under the settings production runs with (no DEBUG, the same middleware:
CSP, CSRF, the login throttle)."""

import os
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from crm.access import COORDINATOR_GROUP
from crm.models import Commune, Contact, Departement, Epci, Event, Organisation, Referent
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from onboarding.tracking_links import tracking_token
from tests.conftest import join_network

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and
    # Django refuses ORM calls from a thread with a running loop. The calls
    # are sequential here, which is what the check protects.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _production_like():
    # What the browser sees is what production serves: no debug pages, and the
    # policy headers come from the same middleware.
    assert settings.DEBUG is False
    assert "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


@pytest.fixture
def page(browser, live_server):
    # The public is French: ask for French as a French visitor's browser does.
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save the page under test-artifacts/ (gitignored) for a person to look at."""
    folder = Path(settings.BASE_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)

    def take(name):
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def world(db):
    """A coordinator (coord / motdepasse-solide), a fair, and a contacted project in Figeac."""
    lot = Departement.objects.create(code="46", name="Lot")
    epci = Epci.objects.create(siren="200067361", name="CC Grand-Figeac", nature="CC", departement=lot)
    Commune.objects.create(insee="46102", name="Figeac", departement=lot, epci=epci, population=9800,
                           latitude="44.6086", longitude="2.0317")
    org = Organisation.objects.create(name="Département du Lot", kind=Organisation.Kind.DEPARTEMENT)
    user = User.objects.create_user("coord", password="motdepasse-solide", first_name="Claire",
                                    last_name="Delmas", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    join_network(user)
    referent = Referent.objects.create(user=user, organisation=org)
    today = timezone.localdate()
    event = Event.objects.create(name="Salon de Paris", place="Paris", starts_on=today, ends_on=today)
    contact = Contact.objects.create(first_name="Camille", last_name="Roux", email="camille@example.org",
                                     children_ages=[4, 9])
    project = project_create(contact=contact, source="website", referent=referent, target_epci=epci)
    project_transition(project=project, transition="make_contact", user=user, note="Premier appel")
    return {"project": project, "event": event, "user": user}


def log_in(page, username="coord", password="motdepasse-solide"):
    page.goto("/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/equipe/")


def expired_tracking_path(project):
    """The project's tracking link as sent a day more than its life ago."""
    long_ago = time.time() - (settings.TRACKING_LINK_MAX_AGE_DAYS + 1) * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        return reverse("tracking", args=[project.network.slug, tracking_token(project)])


def fail_logins(page, username, times, path="/connexion/"):
    """Type a wrong password `times` times; return the last response's status."""
    status = None
    for _ in range(times):
        page.goto(path)
        page.fill("#id_username", username)
        page.fill("#id_password", "pas-le-bon-mot-de-passe")
        with page.expect_navigation() as navigation:
            page.click("main button[type=submit], #login-form input[type=submit]")
        status = navigation.value.status
    return status
