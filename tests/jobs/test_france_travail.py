"""The France Travail connector, over HTTP against the local fake server
(tests/jobs/fake_france_travail.py, which replays the documented answers)."""

import pytest
import requests
from django.core.cache import cache

from jobs.sources import OfferQuery, SourceNotConfigured, SourceUnavailable
from jobs.sources.france_travail import SCOPES, FranceTravail

NURSES_NEAR_FIGEAC = OfferQuery(rome_codes=("J1506",), commune="46102", distance_km=20, count=150)


def test_it_searches_by_rome_code_commune_and_distance_with_a_bearer_token(france_travail):
    page = FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)

    [token_form] = france_travail.token_requests()
    assert token_form["grant_type"] == "client_credentials"
    assert token_form["scope"] == SCOPES == "api_offresdemploiv2 o2dsoffre"
    [search] = france_travail.searches()
    assert search == {"range": "0-149", "codeROME": "J1506", "commune": "46102", "distance": "20"}
    offer = page.offers[0]
    assert (offer.title, offer.employer, offer.commune, offer.commune_insee) == (
        "Infirmier / Infirmière en soins généraux (H/F)", "CENTRE HOSPITALIER DE FIGEAC", "46 - FIGEAC", "46102")
    assert offer.url == f"https://candidat.francetravail.fr/offres/recherche/detail/{offer.id}"
    assert offer.contract == "Contrat à durée indéterminée"
    assert offer.published_on == "2026-11-20"


def test_it_reads_a_206_partial_answer_and_its_content_range(france_travail):
    page = FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)

    assert len(page.offers) == 150
    assert page.total == 160  # Content-Range: offres 0-149/160
    assert page.has_more


def test_it_asks_for_the_next_range(france_travail):
    page = FranceTravail.from_settings().search(
        OfferQuery(rome_codes=("J1506",), commune="46102", distance_km=20, start=150, count=150))

    assert france_travail.searches()[-1]["range"] == "150-299"
    assert (len(page.offers), page.total, page.start, page.has_more) == (10, 160, 150, False)


def test_it_never_asks_for_more_than_150_at_once(france_travail):
    FranceTravail.from_settings().search(OfferQuery(rome_codes=("J1506",), count=500))

    assert france_travail.searches()[-1]["range"] == "0-149"


def test_it_reads_204_as_no_offer(france_travail):
    page = FranceTravail.from_settings().search(OfferQuery(rome_codes=("A1416",), departement="46"))

    assert france_travail.searches()[-1] == {"range": "0-19", "codeROME": "A1416", "departement": "46"}
    assert (page.offers, page.total, page.has_more) == ((), 0, False)


def test_it_keeps_the_token_until_it_expires(france_travail):
    source = FranceTravail.from_settings()
    source.search(NURSES_NEAR_FIGEAC)
    FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)  # another process: the same shared cache

    assert len(france_travail.token_requests()) == 1
    assert len(france_travail.searches()) == 2


def test_it_asks_for_a_new_token_when_the_cached_one_has_expired(france_travail):
    france_travail.expires_in = 61  # cached for one second (a minute early)
    source = FranceTravail.from_settings()
    source.search(NURSES_NEAR_FIGEAC)
    cache.delete(source._token_key)  # what the cache does once the second has passed

    source.search(NURSES_NEAR_FIGEAC)

    assert len(france_travail.token_requests()) == 2


def test_a_token_refused_with_401_costs_one_new_token_and_one_new_try(france_travail):
    source = FranceTravail.from_settings()
    source.search(NURSES_NEAR_FIGEAC)
    france_travail.expire_tokens()

    page = source.search(NURSES_NEAR_FIGEAC)

    assert len(page.offers) == 150
    assert len(france_travail.token_requests()) == 2
    assert len(france_travail.searches()) == 3  # ok, 401, ok


def test_a_second_401_is_unavailability_not_a_loop(france_travail):
    france_travail.script = [(401, {}, {"message": "Invalid access token"})] * 2
    with pytest.raises(SourceUnavailable):
        FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)
    assert len(france_travail.searches()) == 2


def test_a_429_pauses_every_caller_for_its_retry_after(france_travail):
    france_travail.script = [(429, {"Retry-After": "30"}, {"message": "Too Many Requests"})]
    with pytest.raises(SourceUnavailable) as raised:
        FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)
    assert raised.value.retry_after == 30

    with pytest.raises(SourceUnavailable):
        FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)  # no call until the 30 s have passed
    assert len(france_travail.searches()) == 1


@pytest.mark.parametrize("status", [500, 503, 400], ids=["500", "503-after-retries", "400"])
def test_a_server_error_is_unavailability(france_travail, status):
    france_travail.script = [(status, {}, {"message": "Erreur"})] * 3
    with pytest.raises(SourceUnavailable):
        FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)


def test_a_503_is_retried_by_the_http_client(france_travail):
    france_travail.script = [(503, {}, {"message": "Service indisponible"})]
    page = FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)

    assert len(page.offers) == 150
    assert len(france_travail.searches()) == 2


def test_a_timeout_is_unavailability(france_travail, monkeypatch):
    monkeypatch.setattr("jobs.sources.france_travail.TIMEOUT", (1, 0.2))
    france_travail.delay = 0.5
    with pytest.raises(SourceUnavailable):
        FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)
    assert len(france_travail.searches()) == 2  # one read retry, then it gives up


def test_an_unreadable_answer_is_unavailability(france_travail):
    france_travail.script = [(200, {}, ["pas", "un", "objet"])]
    with pytest.raises(SourceUnavailable):
        FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)


def test_without_credentials_it_makes_no_call(settings, monkeypatch):
    settings.FRANCE_TRAVAIL_CLIENT_ID = ""
    settings.FRANCE_TRAVAIL_CLIENT_SECRET = ""

    def no_call(*args, **kwargs):
        raise AssertionError("no HTTP call without credentials")

    monkeypatch.setattr(requests.Session, "request", no_call)
    source = FranceTravail.from_settings()
    assert not source.configured
    with pytest.raises(SourceNotConfigured):
        source.search(NURSES_NEAR_FIGEAC)


def test_it_keeps_to_the_rate_limit_across_processes(france_travail, settings):
    settings.FRANCE_TRAVAIL_RATE_PER_SECOND = 2
    source = FranceTravail.from_settings()
    source.limiter.max_wait = 0  # never wait: a third call in the same second is refused
    import time

    time.sleep(1 - time.time() % 1 + 0.01)  # start at the beginning of a second
    source.search(NURSES_NEAR_FIGEAC)
    FranceTravail.from_settings().search(NURSES_NEAR_FIGEAC)
    other = FranceTravail.from_settings()
    other.limiter.max_wait = 0
    with pytest.raises(SourceUnavailable):
        other.search(NURSES_NEAR_FIGEAC)
    assert len(france_travail.searches()) == 2
