"""Throttling per token: a runaway client gets 429 with the usual error body."""

import pytest
from django_ratelimit.core import _SIMPLE_KEYS, get_usage

from api.throttling import client_address
from onboarding.models import Project
from tests.api.faults import *  # noqa: F403
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


# --- the address: the form's trusted-proxy rule, never a header the client writes ----------

def _rates(settings, **rates):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }


SCHEMA = "/api/schema/"  # open to anyone: the anonymous rate applies


def test_the_anonymous_rate_ignores_x_forwarded_for(settings, api, db):
    _rates(settings, anonymous="2/min")
    for n in range(2):
        assert api.get(SCHEMA, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code == 200

    response = api.get(SCHEMA, HTTP_X_FORWARDED_FOR="198.51.100.99")  # a new "address" each time: still one client

    assert_error(response, 429, "throttled")


def test_the_anonymous_rate_reads_the_proxy_header_the_settings_trust(settings, api, db):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"  # our proxy writes it
    _rates(settings, anonymous="2/min")
    for _ in range(2):
        assert api.get(SCHEMA, HTTP_X_REAL_IP="203.0.113.7").status_code == 200

    assert api.get(SCHEMA, HTTP_X_REAL_IP="203.0.113.8").status_code == 200  # another client behind the proxy
    assert_error(api.get(SCHEMA, HTTP_X_REAL_IP="203.0.113.7"), 429, "throttled")


@pytest.mark.parametrize("meta_key, meta, expected", [
    (None, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "192.0.2.1"),
    ("HTTP_X_REAL_IP", {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "203.0.113.9"}, "203.0.113.9"),
    ("HTTP_X_REAL_IP", {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),  # no header: the connection's address
    ("HTTP_X_REAL_IP", {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "not an address"}, "10.0.0.1"),
])
def test_the_client_address_is_the_forms(settings, rf, meta_key, meta, expected):
    settings.CLIENT_IP_META_KEY = meta_key
    request = rf.get("/api/schema/", **meta)

    assert client_address(request) == expected
    if expected != meta.get("REMOTE_ADDR") or meta_key is None:
        # The public form's limit keys on the same address (django-ratelimit's "ip" key).
        assert get_usage(request, group="t", key="ip", rate="5/m", increment=True)["count"] >= 1
        assert client_address(request) == _SIMPLE_KEYS["ip"](request)


# --- wrong keys are throttled per address ------------------------------------------------------

def test_wrong_keys_from_one_address_are_throttled_before_any_look_up(settings, api, bob_key, project,
                                                                      django_assert_num_queries):
    _rates(settings, failed_auth="3/min")
    api.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    for _ in range(3):
        assert_error(api.get(LIST), 401, "authentication_failed")

    with django_assert_num_queries(0):
        error = assert_error(api.get(LIST), 429, "throttled")
    assert 0 < error["details"]["retry_after"] <= 60
    # The address is blocked for the window, whatever key it tries next...
    api.credentials(HTTP_AUTHORIZATION=f"Token {bob_key}")
    assert_error(api.get(LIST), 429, "throttled")
    # ...but another address is not.
    assert api.get(LIST, REMOTE_ADDR="192.0.2.44").status_code == 200


def test_right_keys_are_not_counted_as_failures(settings, as_, project):
    _rates(settings, failed_auth="1/min", staff_token=None)
    for _ in range(3):
        assert as_("bob").get(LIST).status_code == 200


def test_a_spoofed_forwarded_for_does_not_escape_the_failed_key_limit(settings, api, db):
    _rates(settings, failed_auth="2/min")
    api.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    for n in range(2):
        api.get(LIST, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    assert_error(api.get(LIST, HTTP_X_FORWARDED_FOR="198.51.100.77"), 429, "throttled")


# --- a dead cache: the guard is off, the lead is saved ------------------------------------------

def test_a_dead_cache_lets_a_partners_lead_through_and_logs_that_the_throttle_is_off(
        settings, as_, territory, redis_cache, caplog):
    _rates(settings, partner_token="1/min")
    client = as_("partner")
    assert client.post("/api/v1/leads/", lead("first"), format="json").status_code == 202
    assert_error(client.post("/api/v1/leads/", lead("second"), format="json"), 429, "throttled")  # Redis counts

    redis_cache.stop()
    response = client.post("/api/v1/leads/", lead("third"), format="json")

    assert response.status_code == 202, response.content
    assert Project.objects.filter(contact__email="third@example.org").exists()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING" and "is off" in r.getMessage()]
    assert warnings
    assert not any("127.0.0.1" in w or "third" in w for w in warnings)


def test_a_dead_cache_still_answers_a_wrong_key_with_401(settings, api, db, redis_cache):
    redis_cache.stop()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-key")

    assert_error(api.get(LIST), 401, "authentication_failed")


def test_a_dead_cache_leaves_the_anonymous_schema_readable(api, db, redis_cache):
    redis_cache.stop()

    assert api.get(SCHEMA).status_code == 200


def lead(name):
    return {"first_name": name.title(), "last_name": "Roux", "email": f"{name}@example.org", "consent": True}
