"""The public services map of a network, as the list reads without JavaScript:
what each filter keeps (truth tables from the territory), the French errors,
the outlines, and a bounded number of queries whatever the number of points."""

import json
import re

import pytest
from django.urls import reverse

from crm.models import Departement
from tests.module_rows import kept_for_the_module
from welcome_kits.models import ServicePoint

from .conftest import map_world_create

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), kept_for_the_module():
        yield map_world_create()


def _page(client, world, **query):
    response = client.get(reverse("services_map", args=[world["network"].slug]), query)
    assert response.status_code == 200
    return response


def _listed(response):
    """The names in the list, in its order (what a screen reader reads)."""
    return [point.name for group in response.context["result"].groups for point in group.points]


def _mapped(response):
    """The names the map's script draws (its data, in the page)."""
    data = re.search(r'<script id="services-points" type="application/json">(.*?)</script>',
                     response.content.decode(), re.S)
    return sorted(f["properties"]["name"] for f in json.loads(data.group(1))["features"])


def test_the_list_shows_the_network_s_points_by_commune_with_their_details(client, world):
    response = _page(client, world)

    groups = response.context["result"].groups
    assert [group.commune.name for group in groups] == ["Cahors", "Capdenac-Gare", "Figeac"]
    assert _listed(response) == ["France Services du Grand Cahors", "École de Capdenac",
                                 "Maison de santé de Figeac", "Pharmacie de la Halle"]
    html = response.content.decode()
    for text in ("Avenue de Nayrac", "Du lundi au vendredi, 8 h – 20 h", 'href="tel:0565347710"',
                 'href="https://msp-figeac.example.fr"', "IGN – ADMIN EXPRESS COG"):
        assert text in html
    assert "Gare d&#x27;Agen" not in html and "Gare d'Agen" not in html  # another network's territory
    assert "Ancienne école" not in html  # closed
    assert _mapped(response) == sorted(_listed(response))


@pytest.mark.parametrize("radius, expected", [
    (3, ["Pharmacie de la Halle", "Maison de santé de Figeac"]),
    (10, ["Pharmacie de la Halle", "Maison de santé de Figeac", "École de Capdenac"]),
    (100, ["Pharmacie de la Halle", "Maison de santé de Figeac", "École de Capdenac",
           "France Services du Grand Cahors"]),
])
def test_around_a_commune_it_keeps_what_is_within_the_radius_nearest_first(client, world, radius, expected):
    response = _page(client, world, autour_de="figeac", rayon=radius)

    assert _listed(response) == expected
    assert _mapped(response) == sorted(expected)
    assert f"à moins de {radius} km de Figeac" in response.content.decode()


@pytest.mark.parametrize("query, expected", [
    ({"couches": "ecoles"}, ["École de Capdenac"]),
    ({"couches": ["sante", "france-services"]},
     ["France Services du Grand Cahors", "Maison de santé de Figeac", "Pharmacie de la Halle"]),
    ({"epci": "200023737"}, ["France Services du Grand Cahors"]),
    ({"epci": "200067361", "couches": "sante"}, ["Maison de santé de Figeac", "Pharmacie de la Halle"]),
])
def test_the_layers_and_the_epci_filter_the_list_and_the_map(client, world, query, expected):
    response = _page(client, world, **query)

    assert _listed(response) == expected
    assert _mapped(response) == sorted(expected)


@pytest.mark.parametrize("query, message", [
    ({"rayon": "dix"}, "Le rayon s&#x27;écrit en kilomètres, par un nombre entier."),
    ({"rayon": "500"}, "Le rayon est d&#x27;au plus 100 km."),
    ({"autour_de": "Paris"}, "Nous ne trouvons pas « Paris » parmi les communes du territoire"),
    ({"autour_de": "Agen"}, "« Agen » n&#x27;est pas sur le territoire de ce programme."),
    ({"epci": "999999999"}, "Choisissez une intercommunalité de la liste."),
])
def test_a_bad_filter_gets_a_french_error_and_every_point(client, world, query, message):
    response = _page(client, world, **query)

    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert message in html
    assert len(_listed(response)) == 4


def test_an_unknown_network_is_a_404(client, world):
    assert client.get("/nulle-part/carte-des-services/").status_code == 404


def test_the_outlines_are_the_network_s_territory(client, world):
    response = client.get(reverse("services_map_outlines", args=[world["network"].slug]))

    assert response.status_code == 200
    features = response.json()["features"]
    by_level = {}
    for feature in features:
        by_level.setdefault(feature["properties"]["level"], set()).add(feature["properties"]["code"])
    assert by_level["departement"] == {"46"}
    assert by_level["epci"] == {"200067361", "200023737"}
    # Grand-Figeac's Aveyron side and the communes merged since 2018 under their current code.
    assert {"12052", "46102", "46042", "46033"} <= by_level["commune"]
    assert "47001" not in by_level["commune"]
    assert [f["properties"]["level"] for f in features][0] == "commune"  # drawn first, under the lines


def test_the_page_answers_in_the_same_queries_whatever_the_number_of_points(
        client, world, django_assert_max_num_queries):
    figeac = world["figeac"]
    with django_assert_max_num_queries(8):
        _page(client, world, autour_de="Figeac", rayon=30)
    ServicePoint.objects.bulk_create(
        ServicePoint(name=f"Point {n}", category=ServicePoint.Category.SHOP, commune=figeac,
                     latitude=44.6 + n / 10000, longitude=2.03) for n in range(300))
    with django_assert_max_num_queries(8):
        response = _page(client, world, autour_de="Figeac", rayon=30)
    assert len(_listed(response)) == 303
    with django_assert_max_num_queries(8):
        _page(client, world)


def test_a_network_without_departements_covers_the_instance(client, world):
    world["network"].departements.clear()

    response = _page(client, world)

    assert "Gare d'Agen" in _listed(response)
    assert Departement.objects.count() == 3
