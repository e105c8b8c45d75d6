"""A partner (CCI, CMA...) posts a local employer's need: recorded under its
key's network; what the territory refuses gets a French 400 naming the field,
and nothing is kept."""

import pytest

from crm.models import Commune, Departement, Epci
from jobs.models import Employer, EmployerNeed
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error
from tests.jobs.employers import lot_network

NEEDS = "/api/v1/employer-needs/"
EMPLOYER = {"organisation": "Boulangerie Martin", "sector": "trade", "commune": "46102", "contact_name": "Paul Martin",
            "contact_email": "paul@boulangerie.example.org", "contact_consent": True}
NEED = {"employer": EMPLOYER, "rome_code": "D1102", "contract": "CDI", "commune": "46102"}


@pytest.fixture
def partner(as_, territory):
    lot_network(territory)
    lot_et_garonne = Departement.objects.create(code="47", name="Lot-et-Garonne")
    epci = Epci.objects.create(siren="200035459", name="Agglomération d'Agen", nature="CA", departement=lot_et_garonne)
    Commune.objects.create(insee="47001", name="Agen", departement=lot_et_garonne, epci=epci)
    return as_("partner")


def test_a_partner_posts_a_need_and_sending_it_again_keeps_one_recruiter(partner):
    first = partner.post(NEEDS, NEED, format="json")
    second = partner.post(NEEDS, {**NEED, "rome_code": "D1104"}, format="json")

    assert (first.status_code, second.status_code) == (201, 201), first.content
    assert Employer.objects.count() == 1
    assert sorted(EmployerNeed.objects.values_list("rome_code", flat=True)) == ["D1102", "D1104"]
    assert first.json() == {"employer": Employer.objects.get().pk, "need": EmployerNeed.objects.get(rome_code="D1102").pk}


@pytest.mark.parametrize(("body", "field", "words"), [
    ({**NEED, "employer": {**EMPLOYER, "contact_consent": False}}, "employer", "sans l'accord de la personne"),
    ({**NEED, "rome_code": "Z9999"}, "rome_code", "Code ROME inconnu"),
    ({**NEED, "commune": "47001"}, "commune", "pas sur le territoire du réseau (Lot)"),
    ({**NEED, "employer": {**EMPLOYER, "commune": "47001"}}, "employer", "pas sur le territoire du réseau"),
    # What schemathesis once sent: a NUL character, which PostgreSQL refuses in any query (it was a 500).
    ({**NEED, "employer": {**EMPLOYER, "commune": "\u0002y2\u0000"}}, "employer", "caractère invalide"),
    ({**NEED, "commune": "46\u0000102"}, "commune", "caractère invalide"),
])
def test_what_the_territory_refuses_is_a_french_400(partner, body, field, words):
    error = assert_error(partner.post(NEEDS, body, format="json"), 400, "invalid")

    assert words in str(error["details"][field])
    assert not Employer.objects.exists() and not EmployerNeed.objects.exists()


def test_a_referent_key_cannot_post_needs(as_, territory):
    assert_error(as_("bob").post(NEEDS, NEED, format="json"), 403)


@pytest.mark.parametrize(("alice_works_for", "key_network", "filed_in"), [
    # her networks         her key's network   where the need goes (None: a French 400, nothing kept)
    (["lot"],              "lot",              "lot"),
    (["lot"],              "garonne",          "lot"),      # a key of a network she does not work for: her own
    (["lot", "garonne"],   "garonne",          "garonne"),  # several: the key's, she works for it
    (["lot", "garonne"],   "other",            None),       # several, and a key that names none of them
])
def test_a_coordinators_need_goes_to_the_network_of_their_key_or_their_only_one(
        api, alice, partner, alice_works_for, key_network, filed_in):
    from api.models import ApiToken
    from crm.models import Network
    from tests.api.fixtures import make_token

    networks = {"lot": Network.objects.order_by("pk").first(),
                "garonne": Network.objects.create(slug="garonne-essai", name="Garonne (essai)"),
                "other": Network.objects.create(slug="autre-essai", name="Autre (essai)")}
    networks["garonne"].departements.add(Departement.objects.get(code="47"))
    alice.networks.set([networks[name] for name in alice_works_for])
    key = make_token(ApiToken.Kind.STAFF, alice, name="clé d'Alice", network=networks[key_network])[1]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    commune = "47001" if filed_in == "garonne" else "46102"
    response = api.post(NEEDS, {**NEED, "commune": commune, "employer": {**EMPLOYER, "commune": commune}},
                        format="json")

    if filed_in is None:
        error = assert_error(response, 400, "invalid")
        assert "plusieurs réseaux" in str(error["details"]["network"])
        assert not Employer.objects.exists()
    else:
        assert response.status_code == 201, response.content
        assert Employer.objects.get().network == networks[filed_in]
