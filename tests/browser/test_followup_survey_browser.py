"""The follow-up survey on a phone, in a real browser: sent empty it says
what to fix (error summary), filled it records the answer; every page
passes axe-core's WCAG 2.1 A/AA rules, without any script of its own."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.links import survey_token
from followup.models import CheckIn, CheckInAnswer
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_survey_is_answered_on_a_phone_and_passes_the_wcag_rules(page, world):
    project = world["project"]
    today = timezone.localdate()
    check_in = CheckIn.objects.create(project=project, months=6, installed_on=today - datetime.timedelta(days=183),
                                      due_on=today, expires_on=today + datetime.timedelta(days=60),
                                      status="sent", sent_at=timezone.now())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("followup_survey", args=[project.network.slug, survey_token(check_in)]))
    assert page.locator("script:not([src])").count() == 0
    assert _violations(page) == []

    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_selector("#error-summary")
    assert _violations(page) == []

    page.check("#id_still_here_0")
    page.fill("#id_commune", "Figeac")
    page.check("#id_work_0")
    page.check("#id_partner_work_3")
    page.check("#id_school_0")
    page.check("#id_ambassador_1")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_selector("h1:has-text('Merci pour vos réponses')")
    assert _violations(page) == []
    answer = CheckInAnswer.objects.get()
    assert (answer.still_here, answer.commune.name, answer.ambassador) == (True, "Figeac", "maybe")
