"""Two managers accepting overlapping stays of one unit at the same instant,
each in its own thread with its own PostgreSQL connection: one wins, the
other is told the nights are taken (the lock on the offer)."""

from housing.models import HousingBooking
from housing.services import booking_decide
from tests.housing.conftest import booking_make
from tests.races import race

ACCEPTED = HousingBooking.Status.ACCEPTED


def test_two_managers_accepting_overlapping_stays_at_once_one_wins(housing_committed):
    world = housing_committed
    for round_ in range(4):
        start = 10 + round_ * 10
        first, second = booking_make(world, start, start + 5), booking_make(world, start + 2, start + 7)

        results = race(
            (lambda pk=first.pk: HousingBooking.objects.select_related("offer").get(pk=pk),
             lambda booking: booking_decide(booking=booking, accept=True, user=world.maud)),
            (lambda pk=second.pk: HousingBooking.objects.select_related("offer").get(pk=pk),
             lambda booking: booking_decide(booking=booking, accept=True, user=world.alice)),
        )

        assert sorted(type(result).__name__ for result in results) == ["BookingOverlap", "HousingBooking"], results
        assert HousingBooking.objects.filter(pk__in=[first.pk, second.pk], status=ACCEPTED).count() == 1
