"""The events cast: the Lot network (Figeac in Grand-Figeac, Cahors in the
Grand Cahors), alice its coordinator, bob a referent, and Lot-et-Garonne's
coordinator dora; newcomers installed at various dates and places, with and
without their consent, and a welcome evening in Grand-Figeac."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from crm.access import COORDINATOR_GROUP
from crm.models import Commune, ConsentText, Contact, Epci, Event, Network
from events.models import Invitation, InviteeKind
from onboarding.models import Consent, Project, ProjectTransition
from onboarding.services.projects import project_create
from onboarding.states import Channel, Source, State
from tests.conftest import alice_create, organisation_create, referent_create, territory_create
from tests.module_rows import kept_for_the_module
from tests.network_world import lot_et_garonne, staff

TODAY = timezone.localdate()


def day(n):
    return TODAY + datetime.timedelta(days=n)


def person(network, name, *, consent=True, text=None):
    contact = Contact.objects.create(first_name=name, last_name="Test", email=f"{name.lower()}@example.org",
                                     network=network)
    if consent:
        project = project_create(contact=contact, source=Source.WEBSITE)
        Consent.objects.create(project=project, contact=contact, text=text, channel=Consent.Channel.FORM)
    return contact


def installed(contact, network, commune, *, days_ago, state=State.INSTALLED):
    """A project of `contact` installed in `commune` `days_ago` days ago, as the journey log says."""
    project = contact.projects.first() or project_create(contact=contact, source=Source.WEBSITE)
    Project.objects.filter(pk=project.pk).update(state=state, network=network, installed_commune=commune,
                                                 installed_on=day(-days_ago))
    ProjectTransition.objects.create(project=project, transition="mark_installed", from_state=State.SETTLING,
                                     to_state=State.INSTALLED, channel=Channel.UI,
                                     at=timezone.now() - datetime.timedelta(days=days_ago))
    return project


def events_build():
    territory = territory_create()
    organisation = organisation_create()
    alice = alice_create()
    bob = referent_create("bob", "Bob", "Durand", organisation)
    lot = Network.objects.order_by("pk").first()
    lot.departements.add(territory["departement"])
    cahors_epci = Epci.objects.create(siren="200023737", name="CA du Grand Cahors", nature="CA",
                                      departement=territory["departement"])
    cahors = Commune.objects.create(insee="46042", name="Cahors", departement=territory["departement"],
                                    epci=cahors_epci, population=19000)
    garonne, places = lot_et_garonne()
    dora = staff("dora", COORDINATOR_GROUP, garonne)
    text = ConsentText.objects.order_by("-version").first() or ConsentText.objects.create(
        version=1, purpose="Accompagner", retention="3 ans", body="Texte")
    evening = Event.objects.create(
        name="Soirée d'accueil de Figeac", kind=Event.Kind.WELCOME, place="Salle Balène", starts_on=day(10),
        ends_on=day(10), network=lot, area_epci=territory["epci"], capacity=10)
    world = SimpleNamespace(lot=lot, garonne=garonne, alice=alice, bob=bob, dora=dora, figeac=territory["commune"],
                            epci=territory["epci"], cahors=cahors, marmande=places["commune"], text=text,
                            evening=evening)
    world.camille = person(lot, "Camille", text=text)
    world.camille_project = installed(world.camille, lot, world.figeac, days_ago=90)
    return world


@pytest.fixture(scope="module")
def world_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), kept_for_the_module():
        yield events_build()


@pytest.fixture
def world(db, world_rows):
    """The cast, made once for the module; each test's changes are rolled back after it
    (and the event read again: a test may have changed the object)."""
    world_rows.evening.refresh_from_db()
    return world_rows


@pytest.fixture
def world_committed(transactional_db):
    return events_build()


def invite(world, contact=None, event=None, **fields):
    return Invitation.objects.create(event=event or world.evening, contact=contact or world.camille,
                                     invitee_kind=InviteeKind.NEWCOMER, **fields)
