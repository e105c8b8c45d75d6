"""The headers every answer carries: a strict Content-Security-Policy, a
Referrer-Policy that keeps URLs on this site, and no storing of what staff and
API clients are sent. The browser tests check the policy against real pages
(tests/browser/test_content_security_policy.py); these check the headers and
the templates themselves."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from onboarding.tracking_links import tracking_path
from tests.api.fixtures import make_token

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def _policy(response):
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


# --- Content-Security-Policy ---------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/je-depose-mon-projet/", "/connexion/", "/page-inconnue/", "/api/docs/"])
def test_public_answers_carry_the_strict_policy(client, path):
    assert _policy(client.get(path)) == STRICT


@pytest.mark.parametrize("path", ["/equipe/", "/equipe/rapports/", "/admin/", "/api/v1/projects/"])
def test_staff_answers_carry_the_strict_policy(client, alice, path):
    client.force_login(alice)
    assert _policy(client.get(path)) == STRICT


def test_the_policy_allows_no_inline_code_nor_other_sites():
    header = " ".join(" ".join(values) for values in _policy_from_settings().values())
    for loophole in ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"]:
        assert loophole not in header.split()


def _policy_from_settings():
    return {name: list(values) for name, values in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()}


def _web_templates():
    """Every template a browser may be sent: not the e-mails, not the PDFs
    (WeasyPrint renders those with their own styles and no policy)."""
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [Path(config.path) / "templates" for config in apps.get_app_configs()
                if Path(config.path).parent == Path(settings.BASE_DIR)]  # the project's apps, not libraries
    for folder in folders:
        for template in folder.rglob("*.html"):
            if "email" in template.relative_to(folder).parts or "pdf" in template.name:
                continue
            yield template


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>"  # a script with no src
    r"|<style\b"  # a style element
    r"|\sstyle\s*="  # a style attribute
    r"|\son[a-z]+\s*="  # an event handler attribute
    r"|javascript:",
    re.IGNORECASE,
)


def test_no_web_template_holds_inline_script_or_style():
    templates = list(_web_templates())
    assert len(templates) > 30  # the project's and every app's folders were found
    found = {str(t.relative_to(settings.BASE_DIR)): INLINE.findall(t.read_text(encoding="utf-8"))
             for t in templates}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_the_api_docs_page_loads_its_start_up_script_as_a_file(client):
    html = client.get("/api/docs/").content.decode()
    assert not INLINE.search(html)
    script = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1).replace("&amp;", "&")
    response = client.get(script)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in response.content.decode()


# --- Referrer-Policy --------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["tracking", "broken link", "home"])
def test_pages_keep_their_address_on_this_site(client, project, which):
    path = {"tracking": tracking_path(project), "broken link": "/suivi/pas-un-lien/", "home": "/"}[which]
    # same-origin: never sent to another site; "no-referrer" would make Chromium
    # post the page's forms with "Origin: null", which the CSRF check refuses.
    assert client.get(path)["Referrer-Policy"] == "same-origin"


# --- Cache-Control on what staff and API clients are sent ----------------------------------------

def _not_stored(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives and "public" not in directives


@pytest.mark.parametrize("path", [
    "/equipe/", "/equipe/projets/", "project", "/equipe/rapports/", "/equipe/rapports/data.json", "/admin/",
    "/admin/crm/contact/", "/api/v1/projects/", "/equipe/projets/999999/",
])
def test_staff_answers_are_never_stored(client, alice, project, path):
    client.force_login(alice)
    response = client.get(reverse("project_detail", args=[project.pk]) if path == "project" else path)
    assert response.status_code in (200, 404)
    assert _not_stored(response)


def test_api_answers_to_a_token_are_never_stored(client, alice, project):
    key = make_token("staff", alice)[1]
    response = client.get(f"/api/v1/projects/{project.pk}/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert _not_stored(response)


def test_an_api_call_with_a_bad_token_is_not_stored_either(client):
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION="Token not-a-key")
    assert response.status_code == 401
    assert _not_stored(response)


def test_the_public_pages_keep_their_own_caching(client, territory):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    suggestions = client.get("/programme/communes/suggestions/?q=fig")
    assert suggestions["Cache-Control"] == "public, max-age=3600"
    assert "Cookie" not in suggestions.get("Vary", "")


def test_a_signed_in_user_on_a_public_page_is_not_stored_either(client, alice, territory):
    # The page shows their name and the staff menu.
    client.force_login(alice)
    assert _not_stored(client.get("/"))
    assert _not_stored(client.get("/programme/communes/suggestions/?q=fig"))
