"""Commune names as people write them: ligatures, St/Ste, punctuation, and the
names communes had before they merged or were renamed (since the 2018
outlines). Expectations come from the official geography (COG), not from the
code: Labastide-Murat, Vaillac… are Cœur de Causse since 2019; Cressensac and
Sarrazac make Cressensac-Sarrazac; Lisse is part of Réaup-Lisse, Gueyze and
Meylan of Sos."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from crm.models import Commune, CommuneFormerName, name_search_keys, normalize_name
from crm.selectors import commune_search, communes_matching, communes_named
from crm.services.territories import former_names_read, territories_load
from crm.validators import commune_resolve
from tests.module_rows import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def communes(django_db_setup, django_db_blocker):
    """The real communes, loaded once for the module (each test's changes are rolled back after it)."""
    with django_db_blocker.unblock(), kept_for_the_module():
        territories_load()
        yield


def _found(query):
    return [(c.name, c.departement.code) for c in commune_search(query, limit=100)]


# query → the communes it must suggest (every one of them, in this order).
TRUTH_TABLE = [
    # œ / æ
    ("Coeur de Causse", [("Cœur de Causse", "46")]),
    ("coeur", [("Cœur de Causse", "46")]),
    ("CŒUR DE CAUSSE", [("Cœur de Causse", "46")]),
    ("Cœur-de-Causse", [("Cœur de Causse", "46")]),
    # St / Ste, with hyphens, spaces, dots
    ("st cere", [("Saint-Céré", "46")]),
    ("St-Céré", [("Saint-Céré", "46")]),
    ("ST CÉRÉ", [("Saint-Céré", "46")]),
    ("St. Céré", [("Saint-Céré", "46")]),
    ("st–céré", [("Saint-Céré", "46")]),  # an en dash, as phones type it
    ("Ste-Livrade", [("Sainte-Livrade-sur-Lot", "47")]),
    ("ste colombe de duras", [("Sainte-Colombe-de-Duras", "47")]),
    ("St Géry Vers", [("Saint Géry-Vers", "46")]),
    ("saint-gery-vers", [("Saint Géry-Vers", "46")]),
    ("Castelnau Montratier Ste Alauzie", [("Castelnau-Montratier", "46")]),
    # apostrophes: straight, typographic, none
    ("Puy-l'Évêque", [("Puy-l'Évêque", "46")]),
    ("puy l’eveque", [("Puy-l'Évêque", "46")]),
    ("Balaguier d’Olt", [("Balaguier-d'Olt", "12")]),
    ("balaguier-d-olt", [("Balaguier-d'Olt", "12")]),
    # former names → today's commune
    ("Labastide-Murat", [("Cœur de Causse", "46")]),
    ("Vaillac", [("Cœur de Causse", "46")]),
    ("Fontanes du Causse", [("Cœur de Causse", "46")]),
    ("Sarrazac", [("Cressensac-Sarrazac", "46")]),
    ("Lhospitalet", [("Pern-Lhospitalet", "46")]),
    ("Sousceyrac", [("Sousceyrac-en-Quercy", "46")]),
    ("Lacam d'Ourcet", [("Sousceyrac-en-Quercy", "46")]),
    ("Le Boulvé", [("Porte-du-Quercy", "46")]),
    ("Saint-Matré", [("Porte-du-Quercy", "46")]),
    ("St Pantaléon", [("Barguelonne-en-Quercy", "46")]),
    ("Bagat-en-Quercy", [("Barguelonne-en-Quercy", "46")]),
    ("Saint-Cyprien", [("Lendou-en-Quercy", "46")]),
    ("Les Quatre-Routes", [("Le Vignon-en-Quercy", "46")]),
    ("Cazillac", [("Le Vignon-en-Quercy", "46")]),
    ("Laroque-des-Arcs", [("Bellefont-La Rauze", "46")]),
    ("Lisse", [("Réaup-Lisse", "47")]),
    ("Gueyze", [("Sos", "47")]),
    ("Meylan", [("Sos", "47")]),
    ("Villeneuve-de-Mézin", [("Lannes", "47")]),
    ("Mongaillard", [("Montgaillard-en-Albret", "47")]),
    # today's names still come first, the former ones after
    ("Labastide", [("Labastide-Marnhac", "46"), ("Labastide-Castel-Amouroux", "47"), ("Labastide-du-Vert", "46"),
                   ("Labastide-du-Haut-Mont", "46"), ("Cœur de Causse", "46")]),
    ("Fargues", [("Fargues-sur-Ourbise", "47"), ("Porte-du-Quercy", "46")]),
    ("Cours", [("Cours", "47"), ("Bellefont-La Rauze", "46")]),
    # nothing to find
    ("Stcere", []),
    ("Montréal", []),
]


@pytest.mark.parametrize(("query", "expected"), TRUTH_TABLE, ids=[q for q, _ in TRUTH_TABLE])
def test_the_suggestions_find_the_commune_people_mean(query, expected):
    assert _found(query) == expected


def test_st_alone_suggests_saints_sainte_and_strenquels():
    names = [name for name, _ in _found("st")]
    assert {"Saint-Céré", "Sainte-Livrade-sur-Lot", "Strenquels"} <= set(names)
    by_today = [n for n in names if n.startswith(("Saint", "Strenquels"))]
    assert names[:len(by_today)] == by_today  # then those that took in a Saint-…: Cœur de Causse…
    assert "Cœur de Causse" in names[len(by_today):]


def test_ste_suggests_saintes_only_by_name_of_today():
    names = [name for name, _ in _found("ste")]
    assert "Sainte-Colombe" in names and "Sainte-Marthe" in names
    # by today's name only Saintes; Castelnau-Montratier absorbed Sainte-Alauzie and comes last
    assert names[-1] == "Castelnau-Montratier"
    assert all(n.startswith("Sainte-") for n in names[:-1])


@pytest.mark.parametrize(("text", "expected"), [
    ("Saint-Céré", "saint cere"),
    ("Cœur de Causse", "coeur de causse"),
    ("Læ", "lae"),
    ("Puy-l’Évêque", "puy l eveque"),
    ("St.-Céré", "st cere"),
    ("  Sainte‑Livrade ", "sainte livrade"),  # a non-breaking hyphen
])
def test_the_key_folds_accents_ligatures_and_punctuation(text, expected):
    assert normalize_name(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("st cere", ["st cere", "saint cere"]),
    ("Ste Colombe", ["ste colombe", "sainte colombe"]),
    ("Stenay", ["stenay"]),
    ("cast ste alauzie", ["cast ste alauzie", "cast sainte alauzie"]),
    ("", []),
])
def test_search_keys_read_st_and_ste_as_words_only(text, expected):
    assert name_search_keys(text) == expected


# --- a whole name typed in a form ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("St-Céré", ("46251", "Saint-Céré")),
    ("st cere (46)", ("46251", "Saint-Céré")),
    ("Coeur de Causse", ("46138", "Cœur de Causse")),
    ("Vaillac", ("46138", "Cœur de Causse")),
    ("Cressensac", ("46083", "Cressensac-Sarrazac")),
    ("Ste Livrade sur Lot", ("47252", "Sainte-Livrade-sur-Lot")),
    ("Gueyze (47)", ("47302", "Sos")),
    # a name of today wins over a former name of another commune
    ("Cours", ("47073", "Cours")),
])
def test_a_typed_name_resolves_to_todays_commune(text, expected):
    commune = commune_resolve(text)
    assert (commune.insee, commune.name) == expected


def test_a_former_name_does_not_resolve_a_prefix():
    assert list(communes_named("Vail")) == []


# --- the data ------------------------------------------------------------------------------------

def test_the_former_names_come_from_the_official_list_and_the_2018_outlines():
    rows = {(f.insee, f.name, f.former_insee, f.change) for f in former_names_read()}
    assert ("46138", "Vaillac", "46325", "merged") in rows  # a commune déléguée
    assert ("47302", "Gueyze", "47116", "merged") in rows  # a commune associée
    assert ("46232", "Cazillac", "46067", "merged") in rows  # named by the 2018 outlines
    assert ("47176", "Mongaillard", "47176", "renamed") in rows  # same code, new name
    # never the commune's own name
    assert not [f for f in former_names_read() if f.insee == "46063" and f.name == "Castelnau-Montratier"]


def test_loading_twice_keeps_one_row_per_former_name():
    count = CommuneFormerName.objects.count()
    assert count == len(former_names_read()) > 50
    result = territories_load()
    assert result.former_names == 0
    assert CommuneFormerName.objects.count() == count


def test_loading_puts_back_a_removed_former_name_and_removes_an_unknown_one():
    cdc = Commune.objects.get(insee="46138")
    CommuneFormerName.objects.filter(commune=cdc, name="Vaillac").delete()
    CommuneFormerName.objects.create(commune=cdc, name="Nulle-Part", change="renamed")
    assert territories_load().former_names == 2
    assert set(cdc.former_names.values_list("name", flat=True)) >= {"Vaillac"}
    assert not CommuneFormerName.objects.filter(name="Nulle-Part").exists()


# --- staff lists sort by the key ------------------------------------------------------------------

SORTED_BO = ["Boé", "Boissières", "Bon-Encontre", "Boudy-de-Beauregard", "Bouglon", "Bourgougnague", "Bourlens",
             "Bournel", "Bourran", "Boussac", "Boussès", "Bouziès"]


def test_communes_sort_by_the_key_so_boe_comes_first_among_bo():
    assert [c.name for c in Commune.objects.filter(name_search__startswith="bo")] == SORTED_BO


def test_coeur_de_causse_sorts_among_the_co_not_after_z():
    names = [c.name for c in Commune.objects.all()]
    assert names.index("Clermont-Dessous") < names.index("Cœur de Causse") < names.index("Colayrac-Saint-Cirq")
    assert names == sorted(names, key=normalize_name)


def test_the_admin_list_sorts_by_the_key_and_searches_as_the_forms_do(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    url = reverse("admin:crm_commune_changelist")
    page = client.get(url, {"q": "bo"}).context["cl"].result_list
    assert [c.name for c in page if c.name.startswith("Bo")] == SORTED_BO
    found = client.get(url, {"q": "coeur de causse"}).context["cl"].result_list
    assert [c.name for c in found] == ["Cœur de Causse"]
    found = client.get(url, {"q": "Vaillac"}).context["cl"].result_list
    assert [c.name for c in found] == ["Cœur de Causse"]


def test_the_routing_preview_lists_communes_by_the_key():
    from workspace.forms_routing import RoutingPreviewForm

    names = [c.name for c in RoutingPreviewForm.base_fields["commune"].queryset if c.name.startswith("Bo")]
    assert names == SORTED_BO


# --- staff search of projects by commune ----------------------------------------------------------

def test_the_project_search_finds_a_project_by_the_former_name_of_its_commune(project):
    from onboarding.filters import projects_search

    project.target_commune = Commune.objects.get(insee="46138")
    project.save(update_fields=["target_commune"])
    queryset = type(project).objects.all()
    for text in ("Vaillac", "coeur de causse", "Cœur"):
        assert list(projects_search(queryset, text)) == [project]
    assert list(projects_search(queryset, "Saint-Céré")) == []


def test_communes_matching_is_a_plain_queryset_to_filter_on():
    assert set(communes_matching("gueyze").values_list("insee", flat=True)) == {"47302"}


# --- the public form's suggestions ----------------------------------------------------------------

@pytest.mark.parametrize(("query", "label"), [
    ("coeur de c", "Cœur de Causse (46)"),
    ("St-Céré", "Saint-Céré (46)"),
    ("Vaillac", "Cœur de Causse (46)"),
])
def test_the_public_form_suggests_the_commune_of_today(client, query, label):
    from crm.models import Network

    network = Network.objects.first()
    response = client.get(reverse("commune_autocomplete", args=[network.slug]), {"q": query})
    assert [r["label"] for r in response.json()["results"]] == [label]
