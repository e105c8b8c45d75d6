"""The ambassadors are one of the events' audiences: a programme event or a
welcome evening invites the network's active ambassadors who live in its
area, each once, as ambassadors."""

import datetime

import pytest
from django.utils import timezone

from ambassadors.models import Ambassador
from crm.models import Commune, Epci, Event
from events.audiences import audience
from events.models import Invitation, InviteeKind
from events.services import invitations_send
from tests.ambassadors.stories import ambassador_make


def _event(cast, kind, **area):
    day = timezone.localdate() + datetime.timedelta(days=20)
    return Event.objects.create(name="Soirée des ambassadeurs", place="Figeac", starts_on=day, ends_on=day,
                                kind=kind, network=cast.lot, **area)


# who, invited to an event of Grand-Figeac?
TABLE = [
    ("approved, in Figeac", True),
    ("approved, in another EPCI of the Lot", False),
    ("paused", False),
    ("applied, not yet approved", False),
    ("removed", False),
    ("erased", False),
    ("approved, in the Lot-et-Garonne network", False),
]


def _make(cast, who):
    if who == "approved, in Figeac":
        return cast.paul
    if who == "approved, in the Lot-et-Garonne network":
        return cast.marc
    if who == "approved, in another EPCI of the Lot":
        other = Epci.objects.create(siren="200066389", name="CC Causses et Vallée de la Dordogne", nature="CC",
                                    departement=cast.figeac.departement)
        gramat = Commune.objects.create(insee="46128", name="Gramat", departement=cast.figeac.departement,
                                        epci=other, population=3500)
        return ambassador_make(cast.lot, gramat, "Nina")
    status = {"paused": Ambassador.Status.PAUSED, "applied, not yet approved": Ambassador.Status.APPLIED,
              "removed": Ambassador.Status.REMOVED, "erased": Ambassador.Status.APPROVED}[who]
    made = ambassador_make(cast.lot, cast.figeac, "Nina", status=status)
    if who == "erased":
        Ambassador.objects.filter(pk=made.pk).update(erased_at=timezone.now())
    return made


@pytest.mark.parametrize(("who", "invited"), TABLE)
def test_an_event_in_grand_figeac_invites_the_active_ambassadors_who_live_there(cast, who, invited):
    ambassador = _make(cast, who)
    event = _event(cast, Event.Kind.PROGRAMME, area_epci=cast.epci)
    contacts = set(audience("ambassadors").contacts(event))
    assert (ambassador.contact in contacts) is invited


def test_sending_invites_each_ambassador_once_as_an_ambassador(cast, django_capture_on_commit_callbacks):
    event = _event(cast, Event.Kind.WELCOME)
    with django_capture_on_commit_callbacks(execute=True):
        first = invitations_send(event=event, audience_code="ambassadors", user=cast.alice)
    second = invitations_send(event=event, audience_code="ambassadors", user=cast.alice)
    assert first == (2, 0) and second == (0, 2)  # Paul and Jeanne, not Lot-et-Garonne's Marc
    assert set(Invitation.objects.values_list("contact__first_name", "invitee_kind")) == {
        ("Paul", InviteeKind.AMBASSADOR), ("Jeanne", InviteeKind.AMBASSADOR)}


# event kind -> the audiences offered for it
KINDS = [
    (Event.Kind.WELCOME, {"newcomers", "ambassadors"}),
    (Event.Kind.PROGRAMME, {"newcomers", "prospects", "ambassadors"}),
    (Event.Kind.SALON, {"prospects", "ambassadors"}),
]


@pytest.mark.parametrize(("kind", "offered"), KINDS)
def test_each_kind_of_event_is_offered_the_audiences_it_suits(cast, kind, offered):
    event = _event(cast, kind)
    assert {code for code in ("newcomers", "prospects", "ambassadors") if audience(code).suits(event)} == offered


def test_a_job_fair_invites_the_ambassadors_to_come_by(cast):
    fair = _event(cast, Event.Kind.SALON)
    assert invitations_send(event=fair, audience_code="ambassadors", user=cast.alice) == (2, 0)
