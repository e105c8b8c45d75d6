"""Every kind of page, loaded in headless Chromium under the site's
Content-Security-Policy: the browser reports anything the policy blocks (an
inline script, a style attribute, a <style> element, a file from another
site) as a `securitypolicyviolation` event and a console error; one is a
failure. A page the policy breaks would otherwise only look wrong."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from crm.models import Contact
from onboarding.models import Project
from onboarding.tracking_links import tracking_path
from tests.browser.conftest import expired_tracking_path, fail_logins, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any script of the page, in every document; the policy does not apply to it.
REPORTER = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline')
                + ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""


@pytest.fixture
def watched(page):
    """The page, and the list of what the policy blocked on it so far."""
    blocked = []
    page.add_init_script(REPORTER)
    page.on("console", lambda message: blocked.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            or message.text.startswith("CSP violation") else None)
    return page, blocked


def _visit(page, paths, *, ready=None):
    """Load each path; return {path: what went wrong} (a missing policy counts)."""
    problems = {}
    for path in paths:
        # Inline code is refused while the page is parsed, before "load".
        response = page.goto(path)
        if "content-security-policy" not in response.headers:
            problems[path] = "no Content-Security-Policy header"
        if ready and path in ready:
            try:
                page.wait_for_selector(ready[path])
            except PlaywrightTimeoutError:
                problems[path] = f"{ready[path]} never appeared"
    return problems


def _check(page, blocked, paths, ready=None):
    problems = _visit(page, paths, ready=ready)
    assert (problems, blocked) == ({}, [])


def test_the_public_pages_break_no_rule(watched, world):
    page, blocked = watched
    project = world["project"]
    _check(page, blocked, [
        "/", "/programme/je-depose-mon-projet/", "/programme/je-depose-mon-projet/merci/", "/programme/donnees-personnelles/",
        "/programme/suivi/nouveau-lien/", "/programme/suivi/nouveau-lien/envoye/", tracking_path(project),
        expired_tracking_path(project), "/programme/suivi/pas-un-lien/", "/programme/kit-de-bienvenue/pas-un-lien/",
        "/connexion/", "/page-inconnue/",
    ])
    # The form's script at work (error summary, commune suggestions) breaks none either.
    page.goto("/programme/je-depose-mon-projet/")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[role=alert]")
    page.locator("[data-commune-autocomplete]").press_sequentially("fig", delay=30)
    page.wait_for_selector("#commune-suggestions option", state="attached")
    assert blocked == []


def test_the_lockout_and_refused_form_pages_break_no_rule(watched, world, settings):
    page, blocked = watched
    assert fail_logins(page, "coord", settings.AXES_FAILURE_LIMIT) == 429
    page.goto("/connexion/")
    page.context.clear_cookies()
    page.fill("#id_username", "someone")
    page.fill("#id_password", "whatever")
    with page.expect_navigation() as navigation:
        page.click("main button[type=submit]")
    assert navigation.value.status == 403
    assert blocked == []


def test_the_staff_pages_break_no_rule(watched, world):
    page, blocked = watched
    log_in(page)
    pk = world["project"].pk
    _check(page, blocked, [
        "/equipe/", "/equipe/projets/", f"/equipe/projets/{pk}/", f"/equipe/projets/{pk}/modifier/",
        f"/equipe/projets/{pk}/transitions/qualify/", f"/equipe/projets/{pk}/reassigner/",
        f"/equipe/projets/{pk}/kit/", "/equipe/parcours/", "/equipe/orientation/regles/",
        "/equipe/orientation/regles/nouvelle/", "/equipe/orientation/apercu/", "/equipe/salons/",
        f"/equipe/salons/{world['event'].pk}/", "/equipe/rapports/", "/equipe/projets/999999/",
    ])
    # The API documentation draws itself with scripts: wait until it has.
    _check(page, blocked, ["/api/docs/"], ready={"/api/docs/": ".swagger-ui .information-container"})


def _admin_log_in(page):
    User.objects.create_superuser("root", "root@example.org", "motdepasse-racine")
    page.goto("/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "motdepasse-racine")
    page.click("#login-form input[type=submit]")
    page.wait_for_url("**/admin/")


def test_the_admin_pages_break_no_rule(watched, world):
    page, blocked = watched
    _admin_log_in(page)
    changelists = [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
                   for m in admin.site._registry]
    contact = Contact.objects.get(email="camille@example.org")
    _check(page, blocked, [
        "/admin/", *changelists,
        reverse("admin:onboarding_project_change", args=[Project.objects.get().pk]),
        reverse("admin:crm_contact_change", args=[contact.pk]),
        reverse("admin:onboarding_task_add"),
    ])


def test_the_kit_content_lists_show_their_networks(watched, world):
    page, blocked = watched
    _admin_log_in(page)
    _check(page, blocked, [reverse("admin:welcome_kits_contentblock_changelist"),
                           reverse("admin:welcome_kits_partnercontact_changelist"),
                           reverse("admin:welcome_kits_contentblock_add")])
