"""The déclaration d'accessibilité cannot say more than the suite finds:
axe-core runs on every page it names and must find there exactly the
number of violations it declares; the vendored axe is the version it names,
with the number of rules it names."""

from pathlib import Path

import pytest

from intake import accessibility
from tests.browser.audited_pages import *  # noqa: F403  (the fixture: audited_world)
from tests.browser.audited_pages import audited_paths
from tests.browser.conftest import log_in

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe_violations(page):
    # Through the driver: the pages' Content-Security-Policy refuses inline scripts.
    page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(accessibility.AXE_TAGS)
    )
    return [f"{v['id']}: {v['help']} – {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def test_the_declared_axe_is_the_one_the_suite_runs(page, live_server):
    page.goto("/accessibilite/")
    page.evaluate(AXE)
    assert page.evaluate("axe.version") == accessibility.AXE_VERSION
    rules = page.evaluate("tags => axe.getRules(tags).length", list(accessibility.AXE_TAGS))
    assert rules == accessibility.AXE_RULES


def test_axe_finds_on_each_page_what_the_declaration_says(page, audited_world):
    found, details = {}, {}
    pages = audited_paths(audited_world)
    # The public pages and the sign-in page first, then the staff's pages once signed in.
    for declared, path in sorted(pages, key=lambda pair: not pair[0].public and pair[0].url_name != "login"):
        if not declared.public and declared.url_name != "login" and "signed_in" not in details:
            log_in(page)
            details["signed_in"] = True
        response = page.goto(path)
        assert response.status == 200, path
        violations = _axe_violations(page)
        found[declared.name] = len(violations)
        if violations:
            details[declared.name] = violations
    assert found == {declared.name: declared.violations for declared, _path in pages}, details
