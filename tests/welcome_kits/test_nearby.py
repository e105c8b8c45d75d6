"""Services nearest the target commune (distance in SQL) and partners per need."""

import pytest

from crm.models import Need
from welcome_kits.models import PartnerContact, ServicePoint
from welcome_kits.selectors import haversine_km, kit_profile, partners_for, services_near

S = ServicePoint.Category


@pytest.fixture
def points(places):
    figeac = places["commune"]

    def point(name, category, lat, lon, **kwargs):
        return ServicePoint.objects.create(
            name=name, category=category, commune=figeac, latitude=lat, longitude=lon, **kwargs
        )

    return {
        "near": point("École du centre", S.SCHOOL, 44.6090, 2.0320),
        "middle": point("École du faubourg", S.SCHOOL, 44.6300, 2.0600),
        "far": point("École du causse", S.SCHOOL, 44.7000, 2.2000),
        "fourth": point("École de la vallée", S.SCHOOL, 44.7200, 2.2100),
        "outside": point("École d'Aurillac", S.SCHOOL, 44.9300, 2.4400),  # ~47 km
        "station": point("Gare de Figeac", S.STATION, 44.6040, 2.0280),
        "closed": point("Ancienne gare", S.STATION, 44.6086, 2.0317, is_active=False),
    }


def test_the_sql_distance_is_the_haversine_distance(places, points):
    figeac = places["commune"]
    (_, _, schools), _station = services_near(figeac)
    for point in schools:
        expected = haversine_km(float(figeac.latitude), float(figeac.longitude), point.latitude, point.longitude)
        assert point.distance_km == pytest.approx(expected, abs=0.01)


def test_it_keeps_the_nearest_of_each_category_in_order(places, points):
    by_category = {value: pts for value, _label, pts in services_near(places["commune"], per_category=3)}
    assert [p.name for p in by_category[S.SCHOOL]] == ["École du centre", "École du faubourg", "École du causse"]
    assert [p.name for p in by_category[S.STATION]] == ["Gare de Figeac"]


def test_it_leaves_out_what_is_beyond_the_radius_and_what_is_closed(places, points):
    names = {p.name for _v, _l, pts in services_near(places["commune"], per_category=10) for p in pts}
    assert "École de la vallée" in names
    assert "École d'Aurillac" not in names
    assert "Ancienne gare" not in names


def test_categories_come_in_their_declared_order(places, points):
    assert [value for value, _l, _p in services_near(places["commune"])] == [S.SCHOOL, S.STATION]


def test_a_commune_without_coordinates_gets_no_services(places, points):
    figeac = places["commune"]
    figeac.latitude = None
    assert services_near(figeac) == []
    assert services_near(None) == []


@pytest.fixture
def partners(places):
    housing = Need.objects.get(code="logement-location")

    def partner(name, **kwargs):
        p = PartnerContact.objects.create(organisation=name, **kwargs)
        p.needs.add(housing)
        return p

    return {
        "national": partner("Action Logement", position=1),
        "lot": partner("ADIL du Lot", departement=places["departement"], position=2),
        "figeac": partner("Point logement du Grand-Figeac", departement=places["departement"],
                          epci=places["epci"], position=3),
        "cahors": partner("Point logement du Grand Cahors", epci=places["grand_cahors"]),
        "agen": partner("ADIL de Lot-et-Garonne", departement=places["lot_et_garonne"]),
        "retired": partner("Ancien guichet", is_active=False),
    }


def test_partners_of_the_territory_come_first(make_project, places, partners):
    project = make_project(places["commune"], "jeune", ["logement-location", "emploi"])
    needs = list(project.needs.order_by("position"))
    result = dict(partners_for(kit_profile(project), needs))
    housing = Need.objects.get(code="logement-location")
    assert [p.organisation for p in result[housing]] == [
        "Point logement du Grand-Figeac", "ADIL du Lot", "Action Logement",
    ]
    assert Need.objects.get(code="emploi") not in result  # no partner for it: no empty heading


def test_a_project_without_needs_has_no_partners(make_project, places, partners):
    project = make_project(places["agen"], "jeune", [])
    assert partners_for(kit_profile(project), []) == []
