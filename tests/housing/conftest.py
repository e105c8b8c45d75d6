"""The housing cast: the Lot network (its territory: Figeac in Grand-Figeac),
the Mairie de Figeac which manages offers (maud is its staff), alice the
coordinator, bob the project's referent (Département du Lot), and
Lot-et-Garonne's coordinator dora, who sees none of the Lot's offers."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from crm.access import COORDINATOR_GROUP
from crm.models import Commune, Epci, Network, Organisation
from housing.models import HousingBooking, HousingOffer
from tests.conftest import referent_create
from tests.network_world import lot_et_garonne, staff

TODAY = timezone.localdate()


def day(n):
    """The day n days from today."""
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def housing(db, territory, alice, bob, project):
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
                           alice=alice, bob=bob, dora=dora, project=project, gite=gite, cahors=cahors,
                           cahors_epci=cahors_epci, figeac=territory["commune"], epci=territory["epci"])


def offer_make(world, **fields):
    values = {"network": world.lot, "kind": HousingOffer.Kind.RENT, "title": "T3 centre-ville",
              "commune": world.figeac, "housing_type": HousingOffer.HousingType.FLAT, "rooms": 3, "surface": 70,
              "price": 550, "available_from": day(-10), "available_until": day(60), "organisation": world.mairie,
              "contact_name": "Jeanne Mas", "contact_email": "jeanne.mas@figeac.example"}
    return HousingOffer.objects.create(**{**values, **fields})


def booking_make(world, start, end, status=HousingBooking.Status.REQUESTED, offer=None):
    return HousingBooking.objects.create(offer=offer or world.gite, project=world.project, start_on=day(start),
                                         end_on=day(end), household_size=2, status=status)
