"""The services around the project's commune on the prospect's tracking page
(the staff page is in tests/browser/test_services_map_browser.py)."""

import pytest

from crm.models import Contact
from onboarding.services.projects import project_create
from onboarding.tracking_links import tracking_path
from services_map.receivers import project_section, tracking_section

from .conftest import map_world_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return map_world_create()


def _project(**target):
    contact = Contact.objects.create(first_name="Camille", last_name="Roux", email="camille@example.org")
    return project_create(contact=contact, source="website", **target)


def test_the_tracking_page_lists_the_nearest_services_and_links_to_the_map(client, places):
    project = _project(target_commune=places["figeac"], target_epci=places["grand_figeac"])

    html = client.get(tracking_path(project)).content.decode()

    assert "Les services autour de Figeac" in html
    assert "Maison de santé de Figeac" in html and "École de Capdenac" in html
    assert "France Services du Grand Cahors" not in html  # 50 km away: beyond the section's 20 km
    assert "/carte-des-services/?autour_de=Figeac+%2846%29&amp;rayon=20#liste" in html


def test_without_a_commune_there_is_no_section(places):
    project = _project(target_epci=places["grand_figeac"])

    assert project_section(project) is None
    assert tracking_section(project) is None
