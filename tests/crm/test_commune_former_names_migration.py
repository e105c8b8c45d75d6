"""A database loaded before crm 0011 gets the new search key (œ folded) and
the former names of the communes it holds, without a reload."""

import pytest

from tests.migrations import database_at, migrate_to

BEFORE = [("crm", "0010_privacy_requests")]
AFTER = [("crm", "0011_commune_former_names")]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def before():
    with database_at(BEFORE) as apps:
        yield apps


def test_loaded_communes_get_the_folded_key_and_their_former_names(before):
    Departement = before.get_model("crm", "Departement")
    Epci = before.get_model("crm", "Epci")
    Commune = before.get_model("crm", "Commune")
    lot = Departement.objects.create(code="46", name="Lot")
    epci = Epci.objects.create(siren="200066389", name="CC Causses", nature="CC", departement=lot)
    # as the key was written before: the ligature kept
    Commune.objects.create(insee="46138", name="Cœur de Causse", name_search="cœur de causse",
                           departement=lot, epci=epci)
    Commune.objects.create(insee="46102", name="Figeac", name_search="figeac", departement=lot, epci=epci)

    after = migrate_to(AFTER)

    commune = after.get_model("crm", "Commune").objects.get(insee="46138")
    assert commune.name_search == "coeur de causse"
    former = after.get_model("crm", "CommuneFormerName").objects.filter(commune=commune)
    assert set(former.values_list("name_search", flat=True)) == {
        "beaumat", "fontanes du causse", "labastide murat", "saint sauveur la vallee", "vaillac"}
    # Figeac has no former name; communes not in this database are skipped
    assert after.get_model("crm", "CommuneFormerName").objects.count() == 5
