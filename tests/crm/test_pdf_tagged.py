"""Every PDF the application writes is tagged for screen readers (RGAA
13.3): a welcome kit and the committee report, read back with pypdf
(tests/tagged_pdf.py says what is checked). Rendered once per module:
WeasyPrint takes a second or two."""

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from crm.models import Network, Organisation, Referent
from crm.pdf import StaticOnlyFetcher, pdf_write
from demo.kit_content import kit_content_seed
from reports.models import ReportTarget
from tests.reports.pdf_flow import committee_pdf
from tests.reports.test_dataset import PERIOD_2025, build_dataset
from tests.tagged_pdf import assert_tagged
from tests.welcome_kits.helpers import create_places, new_project
from welcome_kits.rendering import kit_render_pdf

pytestmark = pytest.mark.django_db

DOCUMENT = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Vos données</title></head>
<body><h1>Vos données</h1><h2>Votre contact</h2>
<table><thead><tr><th scope="col">Champ</th><th scope="col">Valeur</th></tr></thead>
<tbody><tr><td>Nom</td><td>Roux</td></tr></tbody></table>
{extra}</body></html>"""


def test_pdf_write_tags_any_document_with_a_fetcher_that_serves_nothing():
    doc = assert_tagged(pdf_write(DOCUMENT.format(extra=""), fetcher=StaticOnlyFetcher()), title="Vos données")
    assert doc.headings() == [1, 2]
    assert [cell.tag for cell in doc.elements() if cell.tag in ("/TH", "/TD")] == ["/TH", "/TH", "/TD", "/TD"]


@pytest.mark.parametrize("extra", [
    "<h4>Un niveau sauté</h4>",
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
])
def test_the_check_refuses_a_skipped_heading_and_a_figure_without_text(extra):
    with pytest.raises(AssertionError):
        assert_tagged(pdf_write(DOCUMENT.format(extra=extra), fetcher=StaticOnlyFetcher()), title="Vos données")


def test_the_check_refuses_another_title():
    with pytest.raises(AssertionError):
        assert_tagged(pdf_write(DOCUMENT.format(extra=""), fetcher=StaticOnlyFetcher()), title="Rapport")


@pytest.fixture(scope="module")
def kit(django_db_setup, django_db_blocker):
    """A family's kit with services near Figeac and the demo content, in a
    transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        places = create_places()
        kit_content_seed()
        user = User.objects.create_user("bob", email="bob@example.org", first_name="Bob", last_name="Durand")
        bob = Referent.objects.create(
            user=user, organisation=Organisation.objects.create(name="Département du Lot", kind="departement"),
        )
        data = kit_render_pdf(new_project(
            bob, places["commune"], "famille", ["garde-ecole", "logement-location"],
            has_partner=True, children_ages=[2, 7],
        ))
        transaction.set_rollback(True)
    return data


def test_a_kit_is_a_tagged_pdf_titled_for_its_territory(kit):
    doc = assert_tagged(kit, title="Kit de bienvenue – Lot")
    # What the checks above walked is there: chapters, sub-headings, the services tables.
    assert doc.headings().count(1) >= 4 and 2 in doc.headings()
    tables = doc.elements("/Table")
    assert tables
    headers = [cell for table in tables for cell in table.walk() if cell.tag == "/TH"]
    assert len(headers) >= 4


def test_a_kit_has_no_untagged_picture(kit):
    # The cover's hills are a background (an artifact), not a figure without text;
    # a picture that says something (the map around the commune) is a figure with its text.
    doc = assert_tagged(kit, title="Kit de bienvenue – Lot")
    for figure in doc.elements("/Figure"):
        assert len(str(figure.node.get("/Alt", ""))) > 10, figure.node


@pytest.fixture
def report(client, alice, bob, charlie, territory):
    ReportTarget.objects.create(network=Network.objects.get(), year=2025, installations=12)
    build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)
    client.force_login(alice)
    return committee_pdf(client, PERIOD_2025)


def test_the_committee_report_is_a_tagged_pdf_whose_charts_have_a_text(report):
    doc = assert_tagged(report, title="Rapport pour le comité de pilotage")
    assert doc.headings()[:2] == [1, 2]
    # Four charts, each a figure whose alternative text names what it shows.
    figures = doc.elements("/Figure")
    assert len(figures) == 4
    alts = [str(figure.node["/Alt"]) for figure in figures]
    assert all(len(alt) > 10 for alt in alts), alts
    # The parameters and the thirteen tables of figures, with their header cells.
    tables = doc.elements("/Table")
    assert len(tables) >= 14
    row_headers = [
        cell for cell in tables[0].walk() if cell.tag == "/TH"
    ]
    assert row_headers, "the parameters table names each parameter in a header cell"
