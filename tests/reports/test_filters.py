"""Each filter narrows the figures to the right projects (see the dataset's table)."""

import datetime

import pytest
from django.urls import reverse

from crm.models import Need, Segment
from onboarding.states import Source
from reports.filters import ReportFilterForm, default_period

from .test_dataset import PERIOD_2025, build_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(alice, bob, charlie, territory):
    return build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)


@pytest.fixture
def figures(client, alice, data):
    client.force_login(alice)

    def get(**params):
        response = client.get(reverse("report_data"), {**PERIOD_2025, **params})
        assert response.status_code == 200, response.content
        tables = response.json()["tables"]
        return {
            "total": tables["etats"]["total"]["projects"],
            "reached": {row["label"]: row["projects"] for row in tables["entonnoir"]["rows"]},
        }

    return get


def test_without_filters_it_counts_every_project(figures):
    result = figures()
    assert result["total"] == 8
    assert result["reached"]["Nouveau"] == 7


@pytest.mark.parametrize(("departement", "total", "new"), [("46", 5, 4), ("47", 3, 3)])
def test_it_filters_by_departement(figures, data, departement, total, new):
    pk = data.lot.pk if departement == "46" else data.agen["departement"].pk
    result = figures(departement=pk)
    assert (result["total"], result["reached"]["Nouveau"]) == (total, new)


def test_it_filters_by_epci_where_the_project_settled(figures, data):
    # P1 aimed at Agen and settled in Figeac: it belongs to Grand-Figeac now.
    assert figures(epci=data.agen["epci"].pk)["total"] == 3  # P3, P4, P7
    assert figures(epci=data.grand_figeac.pk)["total"] == 5  # P1, P2, P5, P6, P8


def test_it_filters_by_segment(figures):
    assert figures(segment=Segment.objects.get(code="jeune").pk)["total"] == 2  # P3, P5


def test_it_filters_by_need(figures):
    result = figures(need=Need.objects.get(code="emploi").pk)
    assert result["total"] == 4  # P1, P2, P6, P8
    assert result["reached"]["Nouveau"] == 3  # P6 is from 2024


def test_it_filters_by_source(figures):
    assert figures(source=Source.EVENT)["total"] == 2  # P2, P3
    assert figures(source=Source.PHONE)["total"] == 1  # P4


def test_it_filters_by_event(figures, data):
    result = figures(event=data.salon.pk)
    assert result["total"] == 2
    assert result["reached"]["Installé"] == 1  # P2


def test_it_filters_by_referent(figures, charlie):
    assert figures(referent=charlie.referent.pk)["total"] == 3  # P3, P5, P7


def test_it_filters_by_period(figures):
    march = figures(start="2025-03-01", end="2025-03-31")["reached"]
    # P2 and P3 were created and contacted; P1 confirmed its move on 14 March
    # (its resume on 4 March reaches nothing).
    assert march == {
        "Nouveau": 2, "Premier contact": 2, "Qualifié": 0, "En accompagnement": 0,
        "Installation en préparation": 1, "Installé": 0, "Suivi clos": 0,
    }


def test_filters_combine(figures, data):
    assert figures(departement=data.lot.pk, segment=Segment.objects.get(code="seconde-vie").pk)["total"] == 3


def test_the_default_period_is_the_last_twelve_months():
    assert default_period(datetime.date(2026, 3, 15)) == (datetime.date(2025, 4, 1), datetime.date(2026, 3, 15))
    assert default_period(datetime.date(2026, 12, 31)) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_an_empty_form_means_the_default_period(db):
    form = ReportFilterForm({}, today=datetime.date(2026, 3, 15))
    assert form.is_valid()
    assert (form.filters().start, form.filters().end) == (datetime.date(2025, 4, 1), datetime.date(2026, 3, 15))
    assert 'value="2025-04-01"' in str(form["start"])


@pytest.mark.parametrize(("params", "field"), [
    ({"start": "2025-12-31", "end": "2025-01-01"}, "end"),
    ({"start": "2000-01-01", "end": "2025-01-01"}, "start"),
    ({"start": "31/02/2025"}, "start"),
    ({"segment": "999999"}, "segment"),
    ({"source": "pigeon"}, "source"),
])
def test_it_refuses_wrong_filters(client, alice, params, field):
    client.force_login(alice)
    response = client.get(reverse("report"), params)
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_the_filters_travel_to_the_export_links(client, alice, data):
    client.force_login(alice)
    page = client.get(reverse("report"), {**PERIOD_2025, "event": data.salon.pk}).content.decode()
    assert f"rapport.xlsx?start=2025-01-01&amp;end=2025-12-31&amp;event={data.salon.pk}" in page
    # The committee PDF is asked for by a form: the filters travel as its hidden fields.
    form = page[page.index(f'action="{reverse("report_pdf_request")}"'):]
    form = form[:form.index("</form>")]
    for name, value in {**PERIOD_2025, "event": data.salon.pk}.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in form, name
