"""The housing cast: the Lot network (its territory: Figeac in Grand-Figeac),
the Mairie de Figeac which manages offers (maud is its staff), alice the
coordinator, bob the project's referent and charlie another referent
(Département du Lot), and Lot-et-Garonne's coordinator dora, who sees none
of the Lot's offers. Made once per module (tests/module_rows.py) where the
tests are plain `db` tests; `housing_committed` for a transactional one."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from crm.access import COORDINATOR_GROUP
from crm.models import Commune, Contact, Epci, Network, Organisation
from housing.models import HousingBooking, HousingOffer
from onboarding.services.projects import project_create
from onboarding.states import Source
from tests.conftest import alice_create, organisation_create, referent_create, territory_create
from tests.module_rows import kept_for_the_module
from tests.network_world import lot_et_garonne, staff

TODAY = timezone.localdate()


def day(n):
    """The day n days from today."""
    return TODAY + datetime.timedelta(days=n)


def housing_build():
    territory = territory_create()
    organisation = organisation_create()
    alice = alice_create()
    bob = referent_create("bob", "Bob", "Durand", organisation)
    charlie = referent_create("charlie", "Charlie", "Petit", organisation)
    contact = Contact.objects.create(first_name="Camille", last_name="Roux", email="camille.roux@example.org")
    project = project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent)
    lot = Network.objects.order_by("pk").first()
    lot.departements.add(territory["departement"])
    cahors_epci = Epci.objects.create(siren="200023737", name="CA du Grand Cahors", nature="CA",
                                      departement=territory["departement"])
    cahors = Commune.objects.create(insee="46042", name="Cahors", departement=territory["departement"],
                                    epci=cahors_epci, population=19000)
    mairie = Organisation.objects.create(name="Mairie de Figeac", kind=Organisation.Kind.OTHER, network=lot)
    maud = referent_create("maud", "Maud", "Lacroix", mairie)
    project.network = lot
    project.target_commune = territory["commune"]
    project.save(update_fields=["network", "target_commune"])
    garonne, garonne_places = lot_et_garonne()
    dora = staff("dora", COORDINATOR_GROUP, garonne)
    gite = HousingOffer.objects.create(
        network=lot, kind=HousingOffer.Kind.TEMPORARY, title="Logement passerelle du Puy", commune=territory["commune"],
        housing_type=HousingOffer.HousingType.BRIDGE, rooms=3, surface=62, price=350, available_from=day(-30),
        available_until=day(200), organisation=mairie, contact_name="Jeanne Mas",
        contact_email="jeanne.mas@figeac.example", contact_phone="05 65 00 00 00",
    )
    return SimpleNamespace(lot=lot, garonne=garonne, garonne_places=garonne_places, mairie=mairie, maud=maud,
                           alice=alice, bob=bob, charlie=charlie, dora=dora, project=project, gite=gite, cahors=cahors,
                           cahors_epci=cahors_epci, figeac=territory["commune"], epci=territory["epci"])


@pytest.fixture(scope="module")
def housing_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), kept_for_the_module():
        yield housing_build()


@pytest.fixture
def housing(db, housing_rows):
    """The cast, made once for the module; each test's changes are rolled back after it."""
    return housing_rows


@pytest.fixture
def housing_committed(transactional_db):
    """The cast, committed: for the tests whose threads each have a connection."""
    return housing_build()


def offer_make(world, **fields):
    values = {"network": world.lot, "kind": HousingOffer.Kind.RENT, "title": "T3 centre-ville",
              "commune": world.figeac, "housing_type": HousingOffer.HousingType.FLAT, "rooms": 3, "surface": 70,
              "price": 550, "available_from": day(-10), "available_until": day(60), "organisation": world.mairie,
              "contact_name": "Jeanne Mas", "contact_email": "jeanne.mas@figeac.example"}
    return HousingOffer.objects.create(**{**values, **fields})


def booking_make(world, start, end, status=HousingBooking.Status.REQUESTED, offer=None):
    return HousingBooking.objects.create(offer=offer or world.gite, project=world.project, start_on=day(start),
                                         end_on=day(end), household_size=2, status=status)
