"""commune_search: a prefix search that ignores accents, case and dashes."""

import pytest
from django.db import connection, transaction

from crm.models import Commune
from crm.selectors import commune_search
from crm.services.territories import territories_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def communes():
    territories_load()


def _names(query, **kwargs):
    return [c.name for c in commune_search(query, **kwargs)]


@pytest.mark.parametrize("query", ["saint cere", "SAINT-CÉRÉ", "Saint-Céré", "saint-cere", "  Saint   Céré "])
def test_it_finds_a_commune_whatever_the_accents_case_and_dashes(query):
    assert _names(query) == ["Saint-Céré"]


def test_a_shorter_prefix_also_finds_a_former_saint_ce():
    # Les Pechs du Vers took in Saint-Cernin, "saint cer…" too (test_commune_names).
    assert _names("saint-ce") == ["Saint-Céré", "Les Pechs du Vers"]


@pytest.mark.parametrize("query", ["puy l'eveque", "Puy-l’Évêque", "PUY L EVEQUE"])
def test_it_treats_apostrophes_as_spaces(query):
    assert _names(query) == ["Puy-l'Évêque"]


def test_it_matches_the_start_of_the_name_only():
    assert "Strenquels" in _names("st", limit=100)  # and the Saints: test_commune_names
    assert "Saint-Céré" not in _names("cere")


def test_it_orders_by_population_then_name():
    communes = list(commune_search("saint"))
    assert len(communes) == 10
    assert communes[0].name == "Sainte-Livrade-sur-Lot"
    assert communes[1].name == "Saint-Céré"
    populations = [c.population for c in communes]
    assert populations == sorted(populations, reverse=True)


def test_it_breaks_population_ties_by_name():
    Commune.objects.filter(name_search__startswith="sainte colombe").update(population=100)
    assert _names("sainte colombe") == [
        "Sainte-Colombe",
        "Sainte-Colombe-de-Duras",
        "Sainte-Colombe-de-Villeneuve",
        "Sainte-Colombe-en-Bruilhois",
    ]


def test_it_finds_namesakes_in_both_departements():
    assert [(c.name, c.departement.code) for c in commune_search("cambes")] == [("Cambes", "46"), ("Cambes", "47")]


def test_it_stops_at_the_limit():
    assert len(_names("saint", limit=3)) == 3
    assert len(_names("saint", limit=50)) > 10


@pytest.mark.parametrize("query", ["", "   ", "-", None])
def test_it_finds_nothing_for_an_empty_query(query):
    assert _names(query) == []


@pytest.mark.parametrize("query", ["%", "sa%", "s_int", "zzz"])
def test_it_takes_like_wildcards_literally(query):
    assert _names(query) == []


def test_it_loads_epci_and_departement_with_the_communes(django_assert_num_queries):
    with django_assert_num_queries(1):
        labels = [f"{c.name} ({c.epci.name}, {c.departement.code})" for c in commune_search("figeac")]
    assert labels == ["Figeac (CC Grand-Figeac, 46)"]


def test_the_search_column_is_indexed():
    assert Commune._meta.get_field("name_search").db_index is True


# The suite runs on PostgreSQL (scripts/check_services.py refuses anything else).
def test_postgresql_has_a_pattern_index_for_the_prefix_search():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Commune._meta.db_table)
    like_indexes = [
        name for name, info in constraints.items()
        if info["index"] and info["columns"] == ["name_search"] and name.endswith("_like")
    ]
    assert len(like_indexes) == 1


def test_postgresql_answers_the_prefix_search_from_the_index():
    queryset = Commune.objects.filter(name_search__startswith="saint ce")
    with transaction.atomic(), connection.cursor() as cursor:
        # 633 rows fit in a page or two: make the planner show whether it *can* use the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "name_search" in plan and "_like" in plan
