"""POST /api/v1/housing-offers/: a partner's key publishes its organisation's offers."""

import pytest

from api.models import ApiToken
from housing.models import HousingOffer
from tests.api.fixtures import *  # noqa: F403  (api, throttle counts)
from tests.api.fixtures import make_token
from tests.housing.conftest import day

URL = "/api/v1/housing-offers/"


@pytest.fixture
def mairie_key(housing):
    token, key = make_token(ApiToken.Kind.PARTNER, name="figeac.fr", network=housing.lot)
    token.organisation = housing.mairie
    token.save(update_fields=["organisation"])
    return key


def _offer(world, **changes):
    data = {"reference": "PASS-2", "kind": "temporaire", "title": "Meublé de la Placette", "commune": "46102",
            "housing_type": "meuble", "rooms": 2, "surface": 40, "price": 300,
            "available_from": day(0).isoformat(), "available_until": day(120).isoformat(),
            "contact_name": "Jeanne Mas", "contact_email": "jeanne.mas@figeac.example"}
    return {**data, **changes}


def _post(api, key, body):
    return api.post(URL, body, format="json", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_partner_creates_then_updates_its_offer_by_its_reference(api, housing, mairie_key):
    created = _post(api, mairie_key, _offer(housing))
    updated = _post(api, mairie_key, _offer(housing, price=320, status="retiree"))
    offer = HousingOffer.objects.get(external_ref="PASS-2")
    assert (created.status_code, created.json()["created"]) == (201, True)
    assert (updated.status_code, updated.json()["id"]) == (200, offer.pk)
    assert (offer.organisation, offer.network, offer.price, offer.status) == (
        housing.mairie, housing.lot, 320, "retiree")


REFUSALS = [
    ({"commune": "47157"}, "commune", "pas sur le territoire du réseau"),
    ({"commune": "99999"}, "commune", "Aucune commune n'a ce code INSEE"),
    ({"commune": "Figeac"}, "commune", "cinq caractères"),
    ({"available_until": day(-1).isoformat()}, "available_until", "après la date de disponibilité"),
    ({"rooms": 0}, "rooms", "supérieure ou égale"),
    ({"kind": "colocation"}, "kind", "n'est pas un choix valide"),
]


def test_a_refused_offer_is_a_400_naming_the_field_in_french(api, housing, mairie_key):
    for changes, field, message in REFUSALS:
        response = _post(api, mairie_key, _offer(housing, **changes))
        assert response.status_code == 400, changes
        assert message in str(response.json()["error"]["details"][field]), changes
    assert not HousingOffer.objects.filter(external_ref="PASS-2").exists()


def test_a_key_without_an_organisation_or_a_staff_key_may_not_publish(api, housing, partner_key):
    alice_key = make_token(ApiToken.Kind.STAFF, housing.alice)[1]
    assert _post(api, partner_key, _offer(housing)).status_code == 403
    assert _post(api, alice_key, _offer(housing)).status_code == 403
    assert api.post(URL, _offer(housing), format="json").status_code == 401


def test_the_endpoint_is_in_the_openapi_schema(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/housing-offers/" in schema and "Publier ou mettre à jour une offre de logement" in schema
