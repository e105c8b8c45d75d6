"""A likely duplicate decided in headless Chromium: the coordinator is told
on the dashboard and the project page, compares both people side by side,
submits without choosing (told what to do), then merges; the pages pass
axe-core's WCAG 2.1 A and AA rules."""

import pytest
from playwright.sync_api import expect

from crm.models import Contact
from onboarding.models import LikelyDuplicate, Project
from onboarding.services.intake import IntakeData, intake_submit
from onboarding.states import Channel, Source, State
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_merges_the_same_person_filed_twice(page, world):
    older = world["project"]
    Contact.objects.filter(pk=older.contact_id).update(phone="06 12 34 56 78")
    Contact.objects.get(pk=older.contact_id).save()  # the phone's key
    newer = intake_submit(
        data=IntakeData(first_name="Camille", last_name="Roux", email="c.roux@example.net", phone="+33612345678",
                        consent=True, target_epci=older.target_epci),
        source=Source.WEBSITE, channel=Channel.UI, network=older.network,
    ).project
    flag = LikelyDuplicate.objects.get()
    log_in(page)
    page.get_by_role("link", name="1 doublon probable à examiner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Doublons probables à examiner")
    assert _violations(page) == []
    page.get_by_role("link", name="Examiner Camille Roux et Camille Roux").click()

    expect(page.get_by_role("region", name=f"Demande la plus récente : projet n°{newer.pk}")).to_contain_text(
        "c.roux@example.net")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Choisissez une décision.")).to_be_visible()
    assert _violations(page) == []

    page.get_by_label("La même personne", exact=False).check()
    page.get_by_label("Note (facultative)").fill("Nouvelle adresse e-mail.")
    page.get_by_role("button", name="Enregistrer la décision").click()

    page.wait_for_url(f"**/equipe/projets/{older.pk}/")
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text("Décision enregistrée")
    assert Project.objects.get(pk=newer.pk).state == State.REJECTED
    assert Contact.objects.count() == 1
    assert LikelyDuplicate.objects.get(pk=flag.pk).decision == LikelyDuplicate.Decision.SAME_PERSON
