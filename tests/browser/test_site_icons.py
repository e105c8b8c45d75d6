"""Every page names its icons and its web app manifest (templates/base.html),
and no load of a page the déclaration d'accessibilité names asks for
something that is not there: no 404 in the log, for the page or for
anything it loads (the favicon a browser asks for, the manifest and its
icons)."""

import pytest
from playwright.sync_api import expect

from intake.accessibility import AUDITED_PAGES
from tests.browser.audited_pages import *  # noqa: F403  (the fixture: audited_world)
from tests.browser.audited_pages import audited_paths
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEAD_LINKS = """() => [...document.querySelectorAll(
  'link[rel~="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]')].map(l => [l.rel, l.href])"""


def _missing(page):
    """Every response of status 400 or more, and every request that failed, while the page lives."""
    missing = []
    page.on("response", lambda r: missing.append((r.status, r.url)) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: missing.append((r.failure, r.url)))
    return missing


def _check_head_links(page, checked):
    """The page's icons and manifest answer, and so do the manifest's icons."""
    links = page.evaluate(HEAD_LINKS)
    assert {rel for rel, _href in links} == {"icon", "apple-touch-icon", "manifest"}, page.url
    for rel, href in links:
        if href in checked:
            continue
        response = page.request.get(href)
        assert response.status == 200, (rel, href)
        if rel == "manifest":
            assert response.headers["content-type"].startswith("application/manifest+json")
            manifest = response.json()
            assert manifest["name"] and manifest["short_name"] and manifest["theme_color"] == "#1f4e79"
            sizes = {icon["sizes"] for icon in manifest["icons"]}
            assert {"192x192", "512x512"} <= sizes
            for icon in manifest["icons"]:
                image = page.request.get(icon["src"])  # an absolute path, on the site
                assert image.status == 200 and image.headers["content-type"] == icon["type"], icon
        else:
            assert response.headers["content-type"].startswith("image/"), href
        checked.add(href)


def test_no_audited_page_load_asks_for_a_missing_file(page, audited_world):
    missing = _missing(page)
    checked = set()
    public = [(p, path) for p, path in audited_paths(audited_world) if p.public or p.url_name == "login"]
    staff = [(p, path) for p, path in audited_paths(audited_world) if not p.public and p.url_name != "login"]
    assert len(public) + len(staff) == len(AUDITED_PAGES)
    for _page, path in public:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        _check_head_links(page, checked)
    log_in(page)
    for _page, path in staff:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        _check_head_links(page, checked)
    assert missing == []


def test_a_browser_asking_for_favicon_ico_at_the_root_gets_the_icon(page, world):
    response = page.request.get("/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in {"image/vnd.microsoft.icon", "image/x-icon"}
    page.goto("/")
    expect(page.locator('link[rel="manifest"]')).to_have_count(1)
