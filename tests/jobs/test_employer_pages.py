"""The staff's pages of local recruiters and their needs: French errors for
what the territory refuses (no consent, an unknown ROME code, a commune
outside the network's territory, a wrong SIRET), a list with search and
pages, and another network's recruiter answering as a missing one."""

import pytest
from django.urls import reverse

from crm.models import Commune, Departement, Epci
from jobs.models import Employer, EmployerNeed
from tests.jobs.employers import hospital_need, lot_network


@pytest.fixture
def gourdon(territory):
    """A commune of the Lot outside Figeac's EPCI, and Agen (47), outside the network's territory."""
    lot_network(territory)
    lot_et_garonne = Departement.objects.create(code="47", name="Lot-et-Garonne")
    agen_epci = Epci.objects.create(siren="200035459", name="Agglomération d'Agen", nature="CA",
                                    departement=lot_et_garonne)
    return Commune.objects.create(insee="47001", name="Agen", departement=lot_et_garonne, epci=agen_epci)


def employer_post(client, user, **changes):
    client.force_login(user)
    data = {"organisation": "Boulangerie Martin", "siret": "", "sector": "trade", "commune": "",
            "contact_name": "Paul Martin", "contact_email": "paul@boulangerie.example.org", "contact_phone": "",
            "contact_consent": "on", **changes}
    return client.post(reverse("jobs_employer_create"), data)


def test_a_referent_records_a_recruiter_with_the_contacts_consent(client, bob, territory, gourdon):
    response = employer_post(client, bob, commune=str(territory["commune"].pk), siret="732 829 320 00074")

    employer = Employer.objects.get()
    assert response.status_code == 302
    assert (employer.organisation, employer.siret, employer.commune, employer.created_by) == (
        "Boulangerie Martin", "73282932000074", territory["commune"], bob)
    assert employer.contact_consent_at is not None


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"contact_consent": ""}, "contact_consent", "sans l&#x27;accord de la personne à contacter"),
    ({"siret": "12345678901234"}, "siret", "Ce SIRET n&#x27;est pas valide"),
    ({"commune": "agen"}, "commune", "pas sur le territoire du réseau (Lot)"),
])
def test_what_the_territory_refuses_is_said_in_french(client, bob, territory, gourdon, changes, field, message):
    data = {"commune": str(territory["commune"].pk), **changes}
    if data["commune"] == "agen":
        data["commune"] = str(gourdon.pk)
    response = employer_post(client, bob, **data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()
    assert not Employer.objects.exists()


@pytest.mark.parametrize(("occupation", "commune", "expected"), [
    ("J1506", "figeac", ("J1506", None)),
    ("infirmière", "figeac", ("J1506", None)),
    ("Z9999", "figeac", (None, "Code ROME inconnu")),
    ("J1506", "agen", (None, "pas sur le territoire du réseau")),
])
def test_a_need_takes_a_known_rome_code_in_the_territory(client, bob, territory, gourdon, occupation, commune,
                                                         expected):
    employer = hospital_need(territory).employer
    EmployerNeed.objects.all().delete()
    client.force_login(bob)
    response = client.post(reverse("jobs_need_create", args=[employer.pk]), {
        "occupation": occupation, "contract": "CDI", "status": "open",
        "commune": str((territory["commune"] if commune == "figeac" else gourdon).pk)})

    code, error = expected
    if error is None:
        assert response.status_code == 302
        assert EmployerNeed.objects.get().rome_code == code
    else:
        assert response.status_code == 400 and error in response.content.decode()
        assert not EmployerNeed.objects.exists()


def test_the_list_searches_and_pages(client, bob, territory, django_assert_max_num_queries):
    network = lot_network(territory)
    Employer.objects.bulk_create([
        Employer(network=network, organisation=f"Entreprise {i:02d}", sector="trade", commune=territory["commune"],
                 contact_name="X", contact_email="x@example.org", contact_consent_at="2026-01-01T00:00Z")
        for i in range(30)])
    client.force_login(bob)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("jobs_employer_list"))
    assert first.context["page"].paginator.count == 30 and len(first.context["page"].object_list) == 25
    found = client.get(reverse("jobs_employer_list"), {"q": "entreprise 07"})
    assert [e.organisation for e in found.context["page"].object_list] == ["Entreprise 07"]
