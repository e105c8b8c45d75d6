"""The coordinator's overdue first contacts in headless Chromium: each with
its referent, the total, sorted by deadline then by referent through the
column header, each row opening its project; axe-core's WCAG 2.1 A and AA
rules pass on both orders."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from crm.models import Contact, Referent
from onboarding.models import Project
from onboarding.services.projects import project_create
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _late(referent, name, days):
    contact = Contact.objects.create(first_name=name, last_name="Retard", email=f"{name.lower()}@example.org")
    project = project_create(contact=contact, source="website", referent=referent)
    Project.objects.filter(pk=project.pk).update(
        first_contact_due_on=timezone.localdate() - datetime.timedelta(days=days))
    return project


def _rows(page):
    table = page.get_by_role("table", name="Premiers contacts en retard", exact=False)
    return [[cell.strip() for cell in row.split("\t")] for row in
            table.locator("tbody tr").evaluate_all("rows => rows.map(r => r.innerText)")]


def test_a_coordinator_sorts_the_overdue_first_contacts_and_opens_one(page, world):
    coord = Referent.objects.get(user=world["user"])
    zoe = Referent.objects.create(
        user=User.objects.create_user("zoe", first_name="Zoé", last_name="Arnal"), organisation=coord.organisation)
    _late(coord, "Anne", 3)
    _late(zoe, "Basile", 9)
    _late(None, "Chloé", 5)
    log_in(page)

    expect(page.get_by_text("3 premiers contacts en retard au total.")).to_be_visible()
    assert [row[:2] for row in _rows(page)] == [
        ["Basile Retard", "Zoé Arnal"], ["Chloé Retard", "Sans référent"], ["Anne Retard", "Claire Delmas"]]
    assert _violations(page) == []

    page.get_by_role("link", name="Référent (trier par référent)").click()
    overdue = page.get_by_role("table", name="Premiers contacts en retard", exact=False)
    expect(overdue.locator("th[aria-sort]")).to_have_text("Référent")
    # By the referent's last name (Arnal, Delmas), the unassigned last.
    assert [row[:2] for row in _rows(page)] == [
        ["Basile Retard", "Zoé Arnal"], ["Anne Retard", "Claire Delmas"], ["Chloé Retard", "Sans référent"]]
    assert _violations(page) == []

    overdue.get_by_role("link", name="Anne Retard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anne Retard")
