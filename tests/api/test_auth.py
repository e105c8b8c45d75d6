"""Token and session authentication of the API."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error, make_token

LIST = "/api/v1/projects/"


def test_it_accepts_a_staff_token(api, alice_key, project):
    response = api.get(LIST, HTTP_AUTHORIZATION=f"Token {alice_key}")

    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [project.pk]


def test_it_stores_only_the_hash_of_the_key(alice):
    token, key = make_token(ApiToken.Kind.STAFF, alice)

    token.refresh_from_db()
    assert key not in (token.key_hash, token.key_prefix)
    assert token.key_prefix == key[:8]


def test_it_refuses_a_revoked_token(api, alice):
    token, key = make_token(ApiToken.Kind.STAFF, alice)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())

    response = api.get(LIST, HTTP_AUTHORIZATION=f"Token {key}")

    assert_error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Token"


def test_it_refuses_a_revoked_partner_token_on_leads(api, db):
    token, key = make_token(ApiToken.Kind.PARTNER)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())

    response = api.post("/api/v1/leads/", {}, format="json", HTTP_AUTHORIZATION=f"Token {key}")

    assert_error(response, 401, "authentication_failed")


def test_it_refuses_an_unknown_key(api, db):
    response = api.get(LIST, HTTP_AUTHORIZATION="Token not-a-key-we-ever-issued")

    assert_error(response, 401, "authentication_failed")


@pytest.mark.parametrize("header", ["Token", "Token two parts", "Token caf\u00e9"])
def test_it_refuses_a_malformed_header(api, db, header):
    response = api.get(LIST, HTTP_AUTHORIZATION=header)

    assert_error(response, 401, "authentication_failed")


def test_it_refuses_a_staff_token_whose_account_is_disabled(api, alice, alice_key):
    alice.is_active = False
    alice.save()

    response = api.get(LIST, HTTP_AUTHORIZATION=f"Token {alice_key}")

    assert_error(response, 401, "authentication_failed")


def test_it_asks_anonymous_callers_to_authenticate(api, db):
    response = api.get(LIST)

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_it_records_when_a_token_was_last_used(api, alice):
    token, key = make_token(ApiToken.Kind.STAFF, alice)

    api.get(LIST, HTTP_AUTHORIZATION=f"Token {key}")

    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < datetime.timedelta(seconds=10)


def test_it_writes_last_used_at_at_most_once_a_minute(api, alice):
    token, key = make_token(ApiToken.Kind.STAFF, alice)
    recent = timezone.now() - datetime.timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)

    api.get(LIST, HTTP_AUTHORIZATION=f"Token {key}")

    token.refresh_from_db()
    assert token.last_used_at == recent


def test_it_refreshes_last_used_at_after_a_minute(api, alice):
    token, key = make_token(ApiToken.Kind.STAFF, alice)
    old = timezone.now() - datetime.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)

    api.get(LIST, HTTP_AUTHORIZATION=f"Token {key}")

    token.refresh_from_db()
    assert token.last_used_at > old + datetime.timedelta(minutes=1)


def test_it_accepts_a_staff_session(bob, project):
    client = APIClient()
    client.force_login(bob)

    response = client.get(LIST)

    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [project.pk]


def test_it_refuses_a_session_post_without_the_csrf_token(bob, project):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(bob)

    response = client.post(f"{LIST}{project.pk}/transitions/", {"transition": "make_contact"}, format="json")

    error = assert_error(response, 403, "permission_denied")
    assert "CSRF" in error["message"]
    project.refresh_from_db()
    assert project.state == "new"


def test_it_accepts_a_session_post_with_the_csrf_token(bob, project):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(bob)
    client.get(f"/equipe/projets/{project.pk}/")  # sets the CSRF cookie, as any staff page does
    csrf = client.cookies["csrftoken"].value

    response = client.post(
        f"{LIST}{project.pk}/transitions/", {"transition": "make_contact"}, format="json", HTTP_X_CSRFTOKEN=csrf
    )

    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project.state == "contacted"


def test_it_lets_the_token_win_over_a_session(api, bob, alice_key, project):
    # A script holding a token acts as the token's user, whoever is logged in.
    api.force_login(bob)
    api.credentials(HTTP_AUTHORIZATION=f"Token {alice_key}")

    response = api.post(f"{LIST}{project.pk}/transitions/", {"transition": "make_contact"}, format="json")

    assert response.status_code == 200
    assert project.transitions.get(transition="make_contact").by.username == "alice"
