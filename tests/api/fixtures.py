"""API test helpers: tokens for the cast, and a client that sends them.

Imported explicitly by the test_api_* modules (tests/conftest.py is shared):
`from tests.api.fixtures import *` brings the fixtures of __all__.
"""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.models import ApiToken
from crm.models import Network

__all__ = [
    "_fresh_throttle_counts", "api", "partner_key", "alice_key", "bob_key", "charlie_key", "as_",
]


def make_token(kind, user=None, name=None, network=None):
    """Create a token the way the admin does; return (token, key). A key
    belongs to a network: the instance's first one unless told."""
    key = ApiToken.generate_key()
    token = ApiToken(kind=kind, user=user, name=name or f"{kind} {getattr(user, 'username', 'partner')}",
                     network=network or Network.objects.order_by("pk").first())
    token.set_key(key)
    token.save()
    return token, key


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Throttle histories live in the cache; one test's calls must not count in the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def partner_key(db):
    return make_token(ApiToken.Kind.PARTNER, name="choisirlelot.fr")[1]


@pytest.fixture
def alice_key(alice):
    return make_token(ApiToken.Kind.STAFF, alice)[1]


@pytest.fixture
def bob_key(bob):
    return make_token(ApiToken.Kind.STAFF, bob)[1]


@pytest.fixture
def charlie_key(charlie):
    return make_token(ApiToken.Kind.STAFF, charlie)[1]


@pytest.fixture
def as_(api, partner_key, alice_key, bob_key, charlie_key):
    """as_(who): a client authenticated as partner, alice, bob, charlie or anonymous."""
    keys = {"partner": partner_key, "alice": alice_key, "bob": bob_key, "charlie": charlie_key}

    def client(who):
        api.credentials()
        if who != "anonymous":
            api.credentials(HTTP_AUTHORIZATION=f"Token {keys[who]}")
        return api

    return client


def assert_error(response, status, code=None):
    """The one error shape, everywhere."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]
