"""What each row of the staff list shows (onboarding.selectors.with_list_names):
its segment, its place by the one rule (onboarding.location: the commune
installed in, else the one aimed at, else the EPCI), its referent or the
coordination's queue."""

import pytest
from django.urls import reverse

from crm.models import Commune, Contact, Segment
from onboarding.services.projects import project_create
from onboarding.states import Source


def _row(content, name):
    start = content.index(f">{name}</a>")
    return content[start:content.index("</tr>", start)]


@pytest.mark.parametrize(("fields", "segment", "place", "referent"), [
    # what the project has                          segment shown  place shown   referent shown
    ({"segment": True, "target": "figeac"},          "Accueil essai",     "Figeac",     "Bob Durand"),
    ({"target": "figeac", "installed": "capdenac"},  "—",           "Capdenac",   "Bob Durand"),
    ({"epci": True},                                 "—",           "CC Grand-Figeac", "Bob Durand"),
    ({"unassigned": True},                           "—",           "—",          "File de la coordination"),
])
def test_each_row_shows_its_segment_place_and_referent(client, alice, bob, territory, fields, segment, place,
                                                       referent):
    figeac = territory["commune"]
    capdenac = Commune.objects.create(insee="46053", name="Capdenac", departement=territory["departement"],
                                      epci=territory["epci"], population=1000)
    communes = {"figeac": figeac, "capdenac": capdenac}
    contact = Contact.objects.create(first_name="Inès", last_name="Garcia", email="ines@example.org")
    project = project_create(contact=contact, source=Source.WEBSITE,
                             referent=None if fields.get("unassigned") else bob.referent)
    project.segment = Segment.objects.create(code="essai-accueil", name="Accueil essai") if fields.get("segment") else None
    project.target_commune = communes.get(fields.get("target"))
    project.installed_commune = communes.get(fields.get("installed"))
    project.target_epci = territory["epci"] if fields.get("epci") else None
    project.save()
    client.force_login(alice)
    row = _row(client.get(reverse("project_index")).content.decode(), "Inès Garcia")
    cells = [cell.split("</td>", 1)[0] for cell in row.split("<td>")[2:]]  # after the name and the state
    assert cells[:3] == [segment, place, referent]
