"""The ambassadors' cast: the instance's network ("programme", the Lot with
Grand-Figeac and Figeac), alice its coordinator, bob a referent with
Camille's project (aiming at Figeac), two approved ambassadors of Figeac,
Paul and Jeanne, and Lot-et-Garonne (its coordinator dora, its ambassador
Marc in Marmande), which sees none of the Lot's."""

from types import SimpleNamespace

from django.utils import timezone

from ambassadors.models import Ambassador, Share
from crm.access import COORDINATOR_GROUP
from crm.models import Contact, Network
from onboarding.services.projects import project_create
from onboarding.states import Source
from tests.conftest import alice_create, organisation_create, referent_create, territory_create
from tests.network_world import lot_et_garonne, staff


def ambassador_make(network, commune, first_name, *, email=None, occupation="", status=Ambassador.Status.APPROVED,
                    shares=("cafe",), languages=""):
    contact = Contact.objects.create(first_name=first_name, last_name="Delmas", network=network,
                                     email=email or f"{first_name.lower()}@ambassadeurs.example",
                                     phone="06 11 22 33 44")
    ambassador = Ambassador.objects.create(contact=contact, network=network, commune=commune, occupation=occupation,
                                           status=status, languages=languages, consent_version="ambassadeurs-test",
                                           consent_at=timezone.now())
    ambassador.shares.set(Share.objects.filter(code__in=shares))
    return ambassador


SHARES = {"reseau-pro": "Mon réseau professionnel", "vie-scolaire": "La vie scolaire et les activités des enfants",
          "associations": "Les associations et la vie locale", "cafe": "Un café avec un nouvel arrivant"}


def shares_ensure():
    """The shares the migration seeds (a transactional test elsewhere may have emptied the table)."""
    for position, (code, name) in enumerate(SHARES.items()):
        Share.objects.get_or_create(code=code, defaults={"name": name, "position": position})


def world():
    shares_ensure()
    territory = territory_create()
    lot = Network.objects.order_by("pk").first()
    lot.departements.add(territory["departement"])
    alice = alice_create()
    bob = referent_create("bob", "Bob", "Durand", organisation_create())
    contact = Contact.objects.create(first_name="Camille", last_name="Roux", email="camille.roux@example.org",
                                     phone="06 12 34 56 78", network=lot, occupation="Infirmière")
    project = project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent, network=lot,
                             target_commune=territory["commune"])
    paul = ambassador_make(lot, territory["commune"], "Paul", occupation="Infirmier")
    jeanne = ambassador_make(lot, territory["commune"], "Jeanne", occupation="Boulangère")
    garonne, places = lot_et_garonne()
    dora = staff("dora", COORDINATOR_GROUP, garonne)
    marc = ambassador_make(garonne, places["commune"], "Marc")
    return SimpleNamespace(lot=lot, figeac=territory["commune"], epci=territory["epci"], alice=alice, bob=bob,
                           contact=contact, project=project, paul=paul, jeanne=jeanne, garonne=garonne, dora=dora,
                           marc=marc)
