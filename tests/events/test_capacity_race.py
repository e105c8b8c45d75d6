"""Two people taking the last seats at the same instant: one is registered,
the other told there is no seat left (the lock on the event)."""

from crm.models import Event
from events.models import Invitation
from events.services import EventError, invitation_register
from tests.events.conftest import day, invite, person
from tests.races import race


def test_two_households_taking_the_last_seats_at_once_one_wins(world_committed):
    world = world_committed
    for round_ in range(4):
        event = Event.objects.create(name=f"Soirée {round_}", kind=Event.Kind.WELCOME, place="Figeac",
                                     starts_on=day(5), ends_on=day(5), network=world.lot, capacity=4)
        first = invite(world, event=event)
        second = invite(world, event=event, contact=person(world.lot, f"Zoe{round_}", text=world.text))

        results = race(
            (lambda pk=first.pk: Invitation.objects.select_related("event").get(pk=pk),
             lambda invitation: invitation_register(invitation=invitation, household_size=3)),
            (lambda pk=second.pk: Invitation.objects.select_related("event").get(pk=pk),
             lambda invitation: invitation_register(invitation=invitation, household_size=3)),
        )

        assert sorted(type(result).__name__ for result in results) == ["EventError", "Invitation"], results
        assert Invitation.objects.filter(event=event, registered_at__isnull=False).count() == 1
        assert any(isinstance(result, EventError) and "1 place(s)" in result.message for result in results)
