"""The requests queue's cast: the Lot's people (tests/conftest.py: Alice
coordinates, Bob refers Camille's project) and another network, the
Lot-et-Garonne, with its own coordinator Gaëlle and a person of its own."""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

from crm.access import COORDINATOR_GROUP
from crm.models import Contact, Network
from onboarding.services.projects import project_create
from onboarding.states import Source
from tests.conftest import join_network


@pytest.fixture(autouse=True)
def _links_on_the_test_server(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def lg(db):
    return Network.objects.create(slug="lot-et-garonne", name="Lot-et-Garonne",
                                  programme="Lot-et-Garonne Attractivité", welcome_to="en Lot-et-Garonne")


@pytest.fixture
def gaelle(lg):
    """The Lot-et-Garonne's coordinator."""
    user = User.objects.create_user("gaelle", email="gaelle@example.org", password="password")
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    join_network(user, lg)
    return user


@pytest.fixture
def paulin(lg):
    """A person of the Lot-et-Garonne, with a project there."""
    contact = Contact.objects.create(first_name="Paulin", last_name="Garonnais", email="paulin@example.org",
                                     network=lg)
    project_create(contact=contact, source=Source.WEBSITE, network=lg)
    return contact


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]
