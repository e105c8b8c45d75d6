"""Fixtures shared by the erasure tests: a person with details found
nowhere else in the database, their project, and the world the places write in."""

from types import SimpleNamespace

import pytest

from crm.models import Contact
from onboarding.services.projects import project_create
from onboarding.states import Source

FIRST, LAST = "Xanthippe", "Zylberstein"
EMAIL = "xanthippe.zylberstein@example.org"
PHONE = "06 98 76 54 32"


@pytest.fixture
def person(db):
    return Contact.objects.create(
        first_name=FIRST, last_name=LAST, email=EMAIL, phone=PHONE, current_city="Quokkas-les-Bains",
        occupation="Soigneuse de quokkas", has_partner=True, partner_occupation=f"Chez {LAST} et fils",
        children_ages=[4],
    )


@pytest.fixture
def their_project(person, bob):
    return project_create(contact=person, source=Source.WEBSITE, referent=bob.referent)


@pytest.fixture
def ctx(their_project, person, alice, bob, charlie, territory, client):
    from rest_framework.test import APIClient

    def client_as(user):
        client.force_login(user)
        return client

    return SimpleNamespace(project=their_project, person=person, alice=alice, bob=bob, charlie=charlie,
                           client_as=client_as, api=APIClient)


