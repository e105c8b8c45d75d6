"""load_territories: the bundled open data, loaded and reloaded."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.models import Commune, Departement, Epci
from crm.services.territories import territories_load

pytestmark = pytest.mark.django_db


def _load():
    out = StringIO()
    call_command("load_territories", stdout=out)
    return out.getvalue()


def test_it_loads_the_three_departements_twenty_epcis_and_633_communes():
    output = _load()
    assert Departement.objects.count() == 3
    assert Epci.objects.count() == 20
    assert Commune.objects.count() == 633
    assert "3 départements, 20 EPCI, 633 communes (656 créés, 0 mis à jour)." in output


def test_it_names_the_departements():
    _load()
    assert dict(Departement.objects.values_list("code", "name")) == {
        "12": "Aveyron",
        "46": "Lot",
        "47": "Lot-et-Garonne",
    }


def test_it_gives_every_commune_a_population_and_coordinates_in_the_area():
    _load()
    assert not Commune.objects.filter(population=0).exists()
    assert not Commune.objects.filter(latitude__isnull=True).exists()
    assert not Commune.objects.filter(longitude__isnull=True).exists()
    # Lot, Lot-et-Garonne and the Aveyron edge of Grand-Figeac.
    assert not Commune.objects.exclude(latitude__range=(43.9, 45.1), longitude__range=(-0.2, 2.3)).exists()


def test_it_loads_a_commune_as_in_the_data():
    _load()
    commune = Commune.objects.select_related("departement", "epci").get(insee="12012")
    assert commune.name == "Asprières"
    assert commune.name_search == "asprieres"
    assert commune.population == 780
    assert (commune.latitude, commune.longitude) == (Decimal("44.55519"), Decimal("2.13836"))
    assert commune.departement.code == "12"
    assert commune.epci.siren == "200067361"


def test_it_puts_grand_figeac_in_the_lot():
    _load()
    grand_figeac = Epci.objects.get(siren="200067361")
    assert grand_figeac.departement.code == "46"
    # It spans two départements: its Aveyron communes keep their own.
    assert set(grand_figeac.communes.values_list("departement__code", flat=True)) == {"12", "46"}


def test_it_changes_nothing_when_run_twice():
    _load()
    counts = (Departement.objects.count(), Epci.objects.count(), Commune.objects.count())

    with CaptureQueriesContext(connection) as queries:
        output = _load()

    assert (Departement.objects.count(), Epci.objects.count(), Commune.objects.count()) == counts
    assert "(0 créés, 0 mis à jour)." in output
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_it_restores_a_commune_edited_by_hand():
    _load()
    Commune.objects.filter(insee="12012").update(population=1, name="Aspriere")

    result = territories_load()

    assert (result.created, result.updated) == (0, 1)
    commune = Commune.objects.get(insee="12012")
    assert (commune.name, commune.name_search, commune.population) == ("Asprières", "asprieres", 780)


def test_it_counts_a_restored_epci_as_updated():
    _load()
    Epci.objects.filter(siren="200067361").update(name="Figeac (old name)")

    result = territories_load()

    assert (result.created, result.updated) == (0, 1)
    assert Epci.objects.get(siren="200067361").name == "CC Grand-Figeac"


def test_it_completes_the_existing_slice_of_data(territory):
    result = territories_load()
    assert Commune.objects.count() == 633
    # The Lot, Grand-Figeac and Figeac are kept (same rows); Figeac gets the census population.
    assert (result.created, result.updated) == (653, 1)
    assert Commune.objects.get(pk=territory["commune"].pk).population == 10349


def test_it_refuses_a_file_without_the_expected_columns(tmp_path):
    path = tmp_path / "communes.csv"
    path.write_text("code,nom\n46102,Figeac\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected columns"):
        territories_load(path=path)
    assert not Commune.objects.exists()
