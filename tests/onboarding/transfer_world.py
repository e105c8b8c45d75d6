"""Two networks for the transfer tests: the instance's first one ("Mon
programme", the Lot: Alice coordinates, Bob follows the project) and the
Lot-et-Garonne (Diane coordinates), plus a third one (Frank) that has nothing
to do with the transfer."""

import pytest
from django.contrib.auth.models import Group, User

from crm.access import COORDINATOR_GROUP
from crm.models import Commune, Departement, Epci, Network
from onboarding.models import Project
from tests.conftest import join_network

__all__ = ["diane", "frank", "lg", "lot", "moved", "sending", "tarn"]


def coordinator_of(network, username):
    user = User.objects.create_user(username=username, password="password", first_name=username.title(),
                                    email=f"{username}@example.org")
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    join_network(user, network)
    return user


@pytest.fixture
def lot(territory):
    network = Network.objects.order_by("pk").first()
    network.departements.add(territory["departement"])
    return network


@pytest.fixture
def lg(db):
    network = Network.objects.create(
        slug="lot-et-garonne", name="Lot-et-Garonne", programme="Lot-et-Garonne Attractivité",
        welcome_to="en Lot-et-Garonne",
        data_controller="Département de Lot-et-Garonne, 1633 avenue du Général Leclerc, 47922 Agen",
        dpo_contact="dpo@lotetgaronne.fr",
    )
    departement = Departement.objects.create(code="47", name="Lot-et-Garonne")
    network.departements.add(departement)
    epci = Epci.objects.create(siren="200035459", name="CA Agen", nature="CA", departement=departement)
    network.agen = Commune.objects.create(
        insee="47001", name="Agen", departement=departement, epci=epci, population=32000,
        latitude="44.2033", longitude="0.6163",
    )
    return network


@pytest.fixture
def tarn(db):
    return Network.objects.create(slug="tarn", name="Tarn", programme="Tarn Attractivité", welcome_to="dans le Tarn")


@pytest.fixture
def diane(lg):
    """A coordinator of the receiving network."""
    return coordinator_of(lg, "diane")


@pytest.fixture
def frank(tarn):
    """A coordinator of a network that has no part in the transfer."""
    return coordinator_of(tarn, "frank")


@pytest.fixture
def sending(project, contact, lot):
    """Bob's project, in the Lot's network, its person with a phone."""
    contact.phone = "06 12 34 56 78"
    contact.network = lot
    contact.save()
    # Made with no territory: the instance's only network, unless the other
    # networks of the test were made first.
    Project.objects.filter(pk=project.pk).update(network=lot)
    project.refresh_from_db()
    return project


@pytest.fixture
def moved(sending, lg):
    """Bob's project now aims at Agen, written straight to the row (the
    services would propose the transfer themselves)."""
    Project.objects.filter(pk=sending.pk).update(
        target_commune=lg.agen, epci=lg.agen.epci_id, departement=lg.agen.departement_id,
    )
    sending.refresh_from_db()
    return sending
