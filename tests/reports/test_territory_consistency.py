"""Where a project is has one answer (onboarding.location): an EPCI's row in
the report counts exactly the projects that the staff list and the API show
when filtered by that EPCI."""

import datetime

import pytest
from django.urls import reverse

from crm.models import Epci
from onboarding.states import OPEN_STATES

from .test_dataset import PERIOD_2025, build_dataset

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


@pytest.fixture
def data(alice, bob, charlie, territory):
    return build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)


def _report_rows(client):
    tables = client.get(reverse("report_data"), PERIOD_2025).json()["tables"]
    return {row["name"]: row for row in tables["epci"]["rows"]}


def _listed(client, epci):
    page = client.get(reverse("project_index"), {"epci": epci.siren}).context["page"]
    return list(page.object_list)


def test_each_epci_row_counts_the_projects_the_list_shows_for_it(client, alice, data):
    client.force_login(alice)
    rows = _report_rows(client)
    assert set(rows) >= {data.grand_figeac.name, data.agen["epci"].name}  # the dataset spans two EPCIs

    for epci in Epci.objects.filter(name__in=rows):
        listed = _listed(client, epci)
        new = sum(1 for p in listed if START <= p.created_at.date() <= END)
        open_now = sum(1 for p in listed if p.state in OPEN_STATES)
        assert (rows[epci.name]["new"], rows[epci.name]["open"]) == (new, open_now), epci.name


def test_the_api_and_the_list_agree_on_an_epci(client, alice, data):
    from rest_framework.test import APIClient

    client.force_login(alice)
    api = APIClient()
    api.force_authenticate(alice)
    for epci in (data.grand_figeac, data.agen["epci"]):
        by_api = {p["id"] for p in api.get("/api/v1/projects/", {"epci": epci.siren}).json()["results"]}
        assert by_api == {p.pk for p in _listed(client, epci)}


def test_a_project_that_settled_elsewhere_belongs_where_it_settled(client, alice, data):
    # P1 aimed at Agen and settled in Figeac (the dataset's table).
    client.force_login(alice)
    figeac = {p.pk for p in _listed(client, data.grand_figeac)}
    agen = {p.pk for p in _listed(client, data.agen["epci"])}
    assert not figeac & agen
    assert len(figeac) == 5 and len(agen) == 3
