"""A long history on the project page in headless Chromium: the newest 50
entries, then the older ones reached with the keyboard alone through
"Plus anciens" (and back through "Plus récents"); axe-core's WCAG 2.1 A and
AA rules pass on both pages."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from onboarding.models import Interaction
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _press_on(page, name):
    """Tab until the link named `name` has the focus, then Enter."""
    link = page.get_by_role("link", name=name, exact=True)
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"Tab never reached « {name} »")


def test_the_older_entries_are_reached_with_the_keyboard(page, world):
    project, user = world["project"], world["user"]
    start = timezone.now() - datetime.timedelta(days=300)
    Interaction.objects.bulk_create(
        Interaction(project=project, kind="call", summary=f"appel n°{i}.", by=user,
                    happened_at=start + datetime.timedelta(hours=i))
        for i in range(60)
    )
    log_in(page)
    page.goto(f"/equipe/projets/{project.pk}/")
    history = page.locator('section[aria-labelledby="history-title"] ol > li')
    expect(history).to_have_count(50)
    assert _violations(page) == []

    _press_on(page, "Plus anciens")
    page.wait_for_url(f"**/equipe/projets/{project.pk}/?historique=2#history-title")
    expect(history).to_have_count(12)  # 60 exchanges, received, first contact: 62 entries
    expect(page.get_by_text("appel n°0.")).to_be_visible()
    expect(page.get_by_text("Page 2", exact=True)).to_be_visible()
    assert _violations(page) == []

    _press_on(page, "Plus récents")
    page.wait_for_url(f"**/equipe/projets/{project.pk}/?historique=1#history-title")
    expect(history).to_have_count(50)
