"""The tracking page on a phone, once the move is set: the commune and the
date, and the household the person told us, readable without scrolling
sideways."""

import datetime

import pytest
from playwright.sync_api import expect

from crm.models import Commune, Contact
from onboarding.models import Project
from onboarding.tracking_links import tracking_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_prospect_reads_their_move_and_their_household_on_a_phone(page, world):
    project = world["project"]
    Contact.objects.filter(pk=project.contact_id).update(has_partner=True, partner_occupation="Infirmière",
                                                         partner_seeks_job=True)  # children: 4 and 9
    Project.objects.filter(pk=project.pk).update(state="settling", move_date=datetime.date(2031, 7, 14),
                                                 target_commune=Commune.objects.get(insee="46102"))
    page.set_viewport_size(PHONE)
    page.goto(tracking_path(project))

    expect(page.get_by_text("Votre arrivée à Figeac est prévue le lundi 14 juillet 2031.")).to_be_visible()
    said = page.get_by_role("region", name="Ce que vous nous avez dit")
    expect(said.get_by_role("definition").filter(has_text="14 juillet 2031")).to_be_visible()
    household = said.get_by_role("definition").filter(has_text="En couple")
    expect(household).to_contain_text("Profession de votre conjoint(e) : Infirmière")
    expect(household).to_contain_text("Votre conjoint(e) cherche un emploi")
    expect(household).to_contain_text("2 enfants : 4 ans, 9 ans")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_person_nobody_has_called_says_so_from_their_phone(page, world):
    """The "I have not been contacted yet" button: a real POST from the page,
    the page then says it is noted (once), and the rule checks pass."""
    from onboarding.models import Nudge
    from tests.browser.test_accessibility import _violations

    project = world["project"]
    Project.objects.filter(pk=project.pk).update(state="new", first_contacted_at=None,
                                                 first_contact_due_on=datetime.date(2031, 7, 14))
    page.set_viewport_size(PHONE)
    page.goto(tracking_path(project))
    page.get_by_role("button", name="Je n'ai pas encore été contacté(e)").click()

    expect(page.get_by_text("Merci : votre référent et l'équipe de coordination sont prévenus.")).to_be_visible()
    expect(page.locator("#not-contacted")).to_contain_text("Vous nous avez signalé le")
    expect(page.get_by_role("button", name="Je n'ai pas encore été contacté(e)")).to_have_count(0)
    assert Nudge.objects.filter(project=project, kind=Nudge.Kind.PROSPECT_WAITING).count() == 1
    assert _violations(page) == []
