"""WCAG 2.1 A and AA rules checked by axe-core (vendored in tests/browser/vendor,
MPL 2.0) in headless Chromium, on the public and the staff pages, including a
form showing its errors. Automated rules catch only part of RGAA: keyboard
use and the wording still need a person."""

from pathlib import Path

import pytest

from onboarding.tracking_links import tracking_path
from tests.browser.conftest import expired_tracking_path, fail_logins, log_in

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page):
    # Injected through the driver, not as a <script> element: the pages'
    # Content-Security-Policy rightly refuses inline scripts.
    page.evaluate(AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def test_the_public_pages_pass_the_wcag_rules(page, world):
    paths = ["/", "/programme/je-depose-mon-projet/", "/programme/donnees-personnelles/", "/connexion/", "/programme/suivi/nouveau-lien/",
             "/programme/suivi/nouveau-lien/envoye/", tracking_path(world["project"]), expired_tracking_path(world["project"]),
             "/programme/suivi/pas-un-lien/", "/programme/kit-de-bienvenue/pas-un-lien/", "/page-inconnue/"]
    failures = {}
    for path in paths:
        page.goto(path)
        found = _violations(page)
        if found:
            failures[path] = found
    assert failures == {}


def test_the_project_form_with_its_errors_passes_the_wcag_rules(page, world):
    page.goto("/programme/je-depose-mon-projet/")
    page.click("form button[type=submit]")
    page.wait_for_selector("[role=alert]")
    assert _violations(page) == []


def test_the_staff_pages_pass_the_wcag_rules(page, world):
    log_in(page)
    pk = world["project"].pk
    paths = ["/equipe/", "/equipe/projets/", f"/equipe/projets/{pk}/", f"/equipe/projets/{pk}/modifier/",
             f"/equipe/projets/{pk}/transitions/qualify/", f"/equipe/projets/{pk}/reassigner/",
             # A required reason's empty first choice, and a free-text reason.
             f"/equipe/projets/{pk}/transitions/abandon/", f"/equipe/projets/{pk}/transitions/cancel_move/",
             f"/equipe/projets/{pk}/kit/", "/equipe/parcours/", "/equipe/orientation/regles/",
             "/equipe/orientation/apercu/", "/equipe/salons/", "/equipe/rapports/",
             f"/equipe/projets/{pk}/?again"]  # its "Consultations" section now lists the reads above
    failures = {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        found = _violations(page)
        if found:
            failures[path] = found
    assert failures == {}


def test_the_login_lockout_page_passes_the_wcag_rules(page, world, settings):
    assert fail_logins(page, "coord", settings.AXES_FAILURE_LIMIT) == 429
    page.wait_for_selector("#lockout-message")
    assert _violations(page) == []


def test_the_expired_form_page_passes_the_wcag_rules(page, world):
    page.goto("/connexion/")
    page.context.clear_cookies()  # the CSRF cookie is gone: the form is refused
    page.fill("#id_username", "coord")
    page.fill("#id_password", "motdepasse-solide")
    with page.expect_navigation() as navigation:
        page.click("main button[type=submit]")
    assert navigation.value.status == 403
    assert page.get_by_role("heading", level=1).text_content() == "Ce formulaire n'a pas pu être envoyé"
    assert _violations(page) == []
