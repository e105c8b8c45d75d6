"""Idempotency-Key on POST /api/v1/leads/: retries never create a second project."""

import threading

import pytest
from django.db import connections
from rest_framework.test import APIClient

from api.models import ApiToken, IdempotencyKey
from onboarding.models import Project
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error, make_token
from tests.api.test_leads import LEADS, lead


@pytest.fixture
def partner(as_, territory):
    return as_("partner")


def post(client, body, key):
    return client.post(LEADS, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_it_answers_a_retry_with_the_same_project(partner):
    first = post(partner, lead(), "3f2c9a1e-lead-1")

    again = post(partner, lead(), "3f2c9a1e-lead-1")

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == {"id": first.json()["id"], "state": "new", "created": False}
    assert again["Idempotent-Replayed"] == "true"
    assert Project.objects.count() == 1


def test_it_ignores_the_order_of_the_keys_in_the_body(partner):
    body = lead()
    post(partner, body, "k-order")

    again = post(partner, dict(reversed(list(body.items()))), "k-order")

    assert again.status_code == 200


def test_it_refuses_the_same_key_with_another_body(partner):
    first = post(partner, lead(), "k-reused")

    other = post(partner, lead(email="dominique@example.org", first_name="Dominique"), "k-reused")

    assert first.status_code == 201
    assert_error(other, 409, "idempotency_key_reused")
    assert Project.objects.count() == 1


def test_it_creates_again_with_a_new_key(partner):
    post(partner, lead(), "k-1")

    response = post(partner, lead(email="dominique@example.org"), "k-2")

    assert response.status_code == 201
    assert Project.objects.count() == 2


def test_it_keeps_keys_apart_per_token(partner, api, territory):
    post(partner, lead(), "k-shared")
    other_key = make_token(ApiToken.Kind.PARTNER, name="Lot-et-Garonne Attractivité")[1]
    api.credentials(HTTP_AUTHORIZATION=f"Token {other_key}")

    response = post(api, lead(email="dominique@example.org"), "k-shared")

    assert response.status_code == 201
    assert Project.objects.count() == 2


def test_it_stores_no_key_for_an_invalid_lead(partner):
    refused = post(partner, lead(email="pas-un-email"), "k-fixed-later")

    fixed = post(partner, lead(), "k-fixed-later")

    assert_error(refused, 400, "invalid")
    assert fixed.status_code == 201
    assert IdempotencyKey.objects.get().project_id == fixed.json()["id"]


@pytest.mark.parametrize("key", ["", "x" * 256, "clé-accentuée", "two words"])
def test_it_refuses_a_malformed_key(partner, key):
    response = post(partner, lead(), key)

    assert_error(response, 400, "invalid_idempotency_key")
    assert not Project.objects.exists()


def test_it_requires_a_token_for_a_key(api, alice, territory):
    api.force_login(alice)

    response = post(api, lead(), "k-session")

    assert_error(response, 400, "invalid_idempotency_key")
    assert not Project.objects.exists()


def _race(bodies, idempotency_key):
    """One thread per body, each with its own connection, all posting at once with one key."""
    token_key = make_token(ApiToken.Kind.PARTNER, name="choisirlelot.fr")[1]
    barrier = threading.Barrier(len(bodies), timeout=10)
    responses = [None] * len(bodies)

    def call(i):
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
            barrier.wait()
            responses[i] = post(client, bodies[i], idempotency_key)
        except Exception as exc:  # the outcome is what the test asserts
            responses[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


def statuses(responses):
    return sorted(getattr(r, "status_code", r) for r in responses)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("callers", [2, 6])
def test_it_creates_one_project_for_parallel_calls_with_one_key(territory, callers):
    responses = _race([lead()] * callers, "k-parallel")

    assert statuses(responses) == [200] * (callers - 1) + [201], responses
    project = Project.objects.get()
    assert {r.json()["id"] for r in responses} == {project.pk}
    assert IdempotencyKey.objects.get().project == project


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_parallel_call_with_the_same_key_and_another_body(territory):
    responses = _race([lead(), lead(email="dominique@example.org")], "k-parallel-other")

    assert statuses(responses) == [201, 409], responses
    assert Project.objects.count() == 1
