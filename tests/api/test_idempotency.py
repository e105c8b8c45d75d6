"""Idempotency-Key on POST /api/v1/leads/: retries never create a second project."""

import pytest
from rest_framework.test import APIClient

from api.models import ApiToken, IdempotencyKey, LeadReceipt
from onboarding.models import Project
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error, make_token
from tests.api.test_leads import LEADS, lead
from tests.races import race


@pytest.fixture
def partner(as_, territory):
    return as_("partner")


def post(client, body, key):
    return client.post(LEADS, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_it_answers_a_retry_with_the_same_receipt(partner):
    first = post(partner, lead(), "3f2c9a1e-lead-1")

    again = post(partner, lead(), "3f2c9a1e-lead-1")

    assert first.status_code == again.status_code == 202
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Project.objects.count() == 1
    assert LeadReceipt.objects.count() == 1


def test_it_answers_a_coordinators_retry_with_the_same_project(as_, territory):
    first = post(as_("alice"), lead(), "k-staff")

    again = post(as_("alice"), lead(), "k-staff")

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == {**first.json(), "created": False}
    assert again["Idempotent-Replayed"] == "true"
    assert Project.objects.count() == 1


def test_it_answers_a_key_recorded_before_receipts_with_a_new_receipt(partner, partner_key):
    first = post(partner, lead(), "k-old")
    IdempotencyKey.objects.update(receipt=None)  # as rows written before receipts existed: a project only
    LeadReceipt.objects.all().delete()
    assert IdempotencyKey.objects.get().project_id is not None

    again = post(partner, lead(), "k-old")

    assert again.status_code == 202
    assert again.json()["receipt"] != first.json()["receipt"]
    assert LeadReceipt.objects.get().project == Project.objects.get()


def test_it_ignores_the_order_of_the_keys_in_the_body(partner):
    body = lead()
    post(partner, body, "k-order")

    again = post(partner, dict(reversed(list(body.items()))), "k-order")

    assert again["Idempotent-Replayed"] == "true"


def test_it_refuses_the_same_key_with_another_body(partner):
    first = post(partner, lead(), "k-reused")

    other = post(partner, lead(email="dominique@example.org", first_name="Dominique"), "k-reused")

    assert first.status_code == 202
    assert_error(other, 409, "idempotency_key_reused")
    assert Project.objects.count() == 1


def test_it_creates_again_with_a_new_key(partner):
    post(partner, lead(), "k-1")

    response = post(partner, lead(email="dominique@example.org"), "k-2")

    assert response.status_code == 202
    assert Project.objects.count() == 2


def test_it_keeps_keys_apart_per_token(partner, api, territory):
    post(partner, lead(), "k-shared")
    other_key = make_token(ApiToken.Kind.PARTNER, name="Lot-et-Garonne Attractivité")[1]
    api.credentials(HTTP_AUTHORIZATION=f"Token {other_key}")

    response = post(api, lead(email="dominique@example.org"), "k-shared")

    assert response.status_code == 202
    assert Project.objects.count() == 2


def test_it_stores_no_key_for_an_invalid_lead(partner):
    refused = post(partner, lead(email="pas-un-email"), "k-fixed-later")

    fixed = post(partner, lead(), "k-fixed-later")

    assert_error(refused, 400, "invalid")
    assert fixed.status_code == 202
    assert str(IdempotencyKey.objects.get().receipt.reference) == fixed.json()["receipt"]


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

    def client():
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
        return api

    return race(*[(client, lambda api, body=body: post(api, body, idempotency_key)) for body in bodies])


def statuses(responses):
    return sorted(getattr(r, "status_code", r) for r in responses)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("callers", [2, 6])
def test_it_creates_one_project_for_parallel_calls_with_one_key(territory, callers):
    responses = _race([lead()] * callers, "k-parallel")

    assert statuses(responses) == [202] * callers, responses
    project = Project.objects.get()
    assert sum(r.get("Idempotent-Replayed") == "true" for r in responses) == callers - 1
    assert {r.json()["receipt"] for r in responses} == {str(LeadReceipt.objects.get(project=project).reference)}
    assert IdempotencyKey.objects.get().project == project


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_parallel_call_with_the_same_key_and_another_body(territory):
    responses = _race([lead(), lead(email="dominique@example.org")], "k-parallel-other")

    assert statuses(responses) == [202, 409], responses
    assert Project.objects.count() == 1
