"""Who the built-in audiences invite: the newcomers installed in the event's
area within N months, with their consent, of the event's network only; the
prospects aiming at the area."""

import pytest

from events.audiences import audience, audiences_for
from onboarding.states import State
from tests.events.conftest import installed, person


def _codes(contacts):
    return {contact.first_name for contact in contacts}


@pytest.mark.parametrize(("case", "invited"), [
    ("installed in the EPCI 3 months ago, consent", True),
    ("installed in the EPCI 20 months ago", False),
    ("installed in the EPCI, no consent", False),
    ("installed in another EPCI of the network", False),
    ("installed 3 months ago in another network", False),
    ("installed, then abandoned", False),
    ("installed, no e-mail", False),
    ("installed, follow-up closed", True),
])
def test_the_newcomers_audience_keeps_those_installed_in_the_area_within_the_months(world, case, invited):
    who = {
        "installed in the EPCI 20 months ago": lambda c: installed(c, world.lot, world.figeac, days_ago=600),
        "installed in another EPCI of the network": lambda c: installed(c, world.lot, world.cahors, days_ago=90),
        "installed 3 months ago in another network": lambda c: installed(c, world.garonne, world.figeac, days_ago=90),
        "installed, then abandoned": lambda c: installed(c, world.lot, world.figeac, days_ago=90,
                                                         state=State.ABANDONED),
        "installed, follow-up closed": lambda c: installed(c, world.lot, world.figeac, days_ago=90,
                                                           state=State.INTEGRATED),
    }.get(case, lambda c: installed(c, world.lot, world.figeac, days_ago=90))
    contact = person(world.lot, "Zoe", consent="no consent" not in case, text=world.text)
    if "no e-mail" in case:
        contact.email = ""
        contact.save(update_fields=["email"])
    who(contact)

    found = _codes(audience("newcomers").contacts(world.evening, months=12))

    assert ("Zoe" in found) is invited
    assert "Camille" in found  # the reference newcomer, installed 3 months ago in Figeac


def test_the_months_and_a_whole_departement_area_widen_the_audience(world):
    contact = person(world.lot, "Zoe", text=world.text)
    installed(contact, world.lot, world.cahors, days_ago=600)
    world.evening.area_epci = None
    world.evening.area_departement = world.figeac.departement
    world.evening.save()

    assert "Zoe" not in _codes(audience("newcomers").contacts(world.evening, months=12))
    assert "Zoe" in _codes(audience("newcomers").contacts(world.evening, months=24))


def test_the_prospects_audience_keeps_open_projects_aiming_at_the_area_for_programme_events(world):
    from crm.models import Event
    from onboarding.models import Project

    aiming = person(world.lot, "Zoe", text=world.text)
    Project.objects.filter(contact=aiming).update(network=world.lot, target_commune=world.figeac)
    elsewhere = person(world.lot, "Yann", text=world.text)
    Project.objects.filter(contact=elsewhere).update(network=world.lot, target_commune=world.cahors)
    world.evening.kind = Event.Kind.PROGRAMME
    world.evening.save()

    assert _codes(audience("prospects").contacts(world.evening)) == {"Zoe"}
    assert {found.code for found in audiences_for(world.evening)} >= {"newcomers", "prospects"}
