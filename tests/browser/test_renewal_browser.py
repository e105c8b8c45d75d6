"""The renewal page in a real browser: its one button posts (CSRF and the
Content-Security-Policy included) and renews; the page, its answer and the
bad-link page pass axe-core's WCAG 2.1 A/AA rules."""

import datetime

import pytest
from django.urls import reverse

from crm.models import Contact
from onboarding.models import Consent
from onboarding.services.journey import project_transition
from onboarding.services.retention import renewal_token
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_button_renews_and_every_page_passes_the_wcag_rules(page, world):
    project = world["project"]
    project_transition(project=project, transition="abandon", user=world["user"], fields={"reason": "job"})
    clock = datetime.datetime(2023, 3, 10, 9, 0, tzinfo=datetime.UTC)
    Contact.objects.filter(pk=project.contact_id).update(last_person_contact_at=clock)
    path = reverse("retention_renewal", args=[project.network.slug, renewal_token(project, clock)])

    page.goto(path)
    assert _violations(page) == []
    assert not Consent.objects.filter(channel=Consent.Channel.RENEWAL).exists()  # a GET renews nothing

    page.get_by_role("button", name="Oui, je souhaite continuer").click()
    page.wait_for_selector("h1:has-text('Merci, votre accompagnement continue')")
    assert _violations(page) == []
    assert Consent.objects.filter(channel=Consent.Channel.RENEWAL, project=project).count() == 1
    assert Contact.objects.get(pk=project.contact_id).last_person_contact_at > clock

    page.goto(reverse("retention_renewal", args=[project.network.slug, "pas-un-lien"]))
    assert _violations(page) == []
