"""Throttling per token: a runaway client gets 429 with the usual error body."""

import pytest

from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error

LIST = "/api/v1/projects/"


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner_token": "2/min", "staff_token": "2/min", "session": "2/min",
                                   "anonymous": "2/min"},
    }


def test_it_answers_429_past_the_rate(low_rates, as_, project):
    client = as_("bob")
    assert [client.get(LIST).status_code for _ in range(2)] == [200, 200]

    response = client.get(LIST)

    error = assert_error(response, 429, "throttled")
    assert 0 < error["details"]["retry_after"] <= 60
    assert int(response["Retry-After"]) == error["details"]["retry_after"]


def test_it_counts_each_token_on_its_own(low_rates, as_, project):
    for _ in range(3):
        as_("bob").get(LIST)

    assert as_("alice").get(LIST).status_code == 200


def test_it_throttles_a_partner_token(low_rates, as_, db):
    client = as_("partner")
    for _ in range(2):
        client.post("/api/v1/leads/", {}, format="json")

    assert_error(client.post("/api/v1/leads/", {}, format="json"), 429, "throttled")


def test_it_throttles_a_session_on_its_account(low_rates, api, bob, project):
    api.force_login(bob)
    for _ in range(2):
        api.get(LIST)

    assert_error(api.get(LIST), 429, "throttled")


def test_it_reads_the_rates_from_the_settings(settings, as_, project):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "staff_token": "1/hour"},
    }
    client = as_("bob")
    client.get(LIST)

    assert_error(client.get(LIST), 429, "throttled")
