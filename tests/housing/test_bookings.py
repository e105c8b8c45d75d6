"""Stays in temporary housing: a referent asks, the offer's manager answers,
and one unit is never accepted twice for the same night."""

import pytest
from django.db import IntegrityError, connection, transaction

from housing.models import HousingBooking, stays_overlap
from housing.services import BookingOverlap, HousingError, booking_cancel, booking_decide, booking_request
from tests.housing.conftest import booking_make, day

ACCEPTED = HousingBooking.Status.ACCEPTED

# An accepted stay from day 10 (arrival) to day 15 (departure): which other stays may be accepted too?
# The departure day is free for the next arrival: [10, 15) and [15, 18) share no night.
OVERLAP_TRUTH = [
    ((5, 10), True),    # leaves the day the other arrives
    ((15, 18), True),   # arrives the day the other leaves
    ((5, 11), False),   # shares the night of the 10th
    ((14, 20), False),  # shares the night of the 14th
    ((11, 13), False),  # inside
    ((8, 20), False),   # around
    ((10, 15), False),  # the same dates
    ((1, 4), True),     # well before
]


@pytest.mark.parametrize("dates, allowed", OVERLAP_TRUTH)
def test_stays_overlap_when_they_share_a_night(dates, allowed):
    assert stays_overlap(day(10), day(15), day(dates[0]), day(dates[1])) is not allowed


def test_a_manager_may_accept_a_stay_only_on_free_nights(housing):
    booking_make(housing, 10, 15, status=ACCEPTED)
    for dates, allowed in OVERLAP_TRUTH:
        other = booking_make(housing, *dates)
        if allowed:
            assert booking_decide(booking=other, accept=True, user=housing.maud).status == ACCEPTED, dates
            other.delete()
        else:
            with pytest.raises(BookingOverlap):
                booking_decide(booking=other, accept=True, user=housing.maud)
            assert HousingBooking.objects.get(pk=other.pk).status == HousingBooking.Status.REQUESTED


def test_postgresql_itself_refuses_two_accepted_stays_sharing_a_night(housing):
    assert connection.vendor == "postgresql"  # the exclusion constraint of migration 0002 lives there
    booking_make(housing, 10, 15, status=ACCEPTED)
    booking_make(housing, 15, 18, status=ACCEPTED)  # touching: allowed
    other = booking_make(housing, 12, 16)
    with pytest.raises(IntegrityError, match="housing_booking_no_overlap"), transaction.atomic():
        HousingBooking.objects.filter(pk=other.pk).update(status=ACCEPTED)  # past the service's check


def test_a_declined_or_cancelled_stay_frees_its_nights(housing):
    first = booking_make(housing, 10, 15)
    booking_decide(booking=first, accept=True, user=housing.maud)
    booking_cancel(booking=first, user=housing.bob)
    second = booking_make(housing, 12, 14)
    assert booking_decide(booking=second, accept=True, user=housing.alice).status == ACCEPTED


def test_only_the_offers_manager_or_a_coordinator_of_its_network_answers(housing):
    for who, may in (("maud", True), ("alice", True), ("bob", False), ("dora", False)):
        booking = booking_make(housing, 10, 15)
        if may:
            assert booking_decide(booking=booking, accept=False, user=getattr(housing, who)).status == "declined"
        else:
            with pytest.raises(HousingError):
                booking_decide(booking=booking, accept=True, user=getattr(housing, who))


def test_the_referent_asks_for_a_stay_within_the_offers_dates(housing):
    ask = dict(offer=housing.gite, project=housing.project, household_size=3)
    booking = booking_request(**ask, start_on=day(5), end_on=day(20), user=housing.bob)
    assert (booking.status, booking.requested_by) == (HousingBooking.Status.REQUESTED, housing.bob)
    refusals = [
        (dict(start_on=day(5), end_on=day(5), user=housing.bob), "après la date d'arrivée"),
        (dict(start_on=day(-3), end_on=day(5), user=housing.bob), "est passée"),
        (dict(start_on=day(190), end_on=day(210), user=housing.bob), "disponible du"),
        (dict(start_on=day(5), end_on=day(20), user=housing.charlie), "référent du projet"),
    ]
    for dates_and_user, message in refusals:
        with pytest.raises(HousingError, match=message):
            booking_request(**ask, **dates_and_user)
