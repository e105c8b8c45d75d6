"""A newcomer registers from their invitation on a phone (axe-clean), then a
staff member at the door marks them present on the same small screen."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from crm.models import Contact, Event, Network
from events.links import invitation_path
from events.models import Invitation, InviteeKind
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_newcomer_registers_on_a_phone_and_is_marked_present(browser, live_server, world):
    network = Network.objects.order_by("pk").first()
    day = timezone.localdate() + datetime.timedelta(days=7)
    event = Event.objects.create(name="Soirée d'accueil de Figeac", kind=Event.Kind.WELCOME, place="Salle Balène",
                                 starts_on=day, ends_on=day, starts_at=datetime.time(18, 30), network=network,
                                 capacity=40)
    contact = Contact.objects.create(first_name="Inès", last_name="Garcia", email="ines@example.org", network=network)
    invitation = Invitation.objects.create(event=event, contact=contact, invitee_kind=InviteeKind.NEWCOMER)
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.goto(invitation_path(invitation))
        expect(page.locator("h1")).to_have_text("Soirée d'accueil de Figeac")
        page.get_by_label("Combien serez-vous ?").fill("13")
        page.get_by_role("button", name="Je m'inscris").click()
        expect(page.locator("#error-summary")).to_contain_text("au plus 12")
        assert _violations(page) == []
        page.get_by_label("Combien serez-vous ?").fill("3")
        page.get_by_role("button", name="Je m'inscris").click()
        expect(page.locator("#answer-state")).to_have_text("Vous êtes inscrit(e) pour 3 personnes.")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert _violations(page) == []

        log_in(page)
        page.goto(f"/equipe/evenements/{event.pk}/presences/")
        page.get_by_role("button", name="Présent : Inès Garcia").click()
        expect(page.locator(f"#invitation-{invitation.pk}")).to_contain_text("Noté(e) présent(e).")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert _violations(page) == []
    finally:
        context.close()
    invitation.refresh_from_db()
    assert (invitation.household_size, invitation.attended, invitation.attendance_by.username) == (3, True, "coord")
