"""Coordinators create and revoke API keys in the admin; the key is shown once."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from api.models import ApiToken, LeadReceipt, hash_token_key
from crm.models import Network
from onboarding.models import Project
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error, make_token
from tests.api.test_leads import lead

ADD = "/admin/api/apitoken/add/"
CHANGELIST = "/admin/api/apitoken/"


@pytest.fixture
def alice_admin(client, alice):
    client.force_login(alice)
    return client


def _network():
    return Network.objects.order_by("pk").first()


def _shown_key(response):
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    shown = [t for t in texts if "ne sera plus jamais affichée" in t]
    assert len(shown) == 1, texts
    return shown[0].split(" : ", 1)[1].split(" — ")[0]


def test_it_creates_a_partner_key_and_shows_it_once(alice_admin, alice, api):
    response = alice_admin.post(ADD, {"name": "choisirlelot.fr", "kind": "partner", "network": _network().pk})

    assert response.status_code == 302
    token = ApiToken.objects.get(name="choisirlelot.fr")
    key = _shown_key(response)
    assert token.key_hash == hash_token_key(key)
    assert token.created_by == alice and token.kind == ApiToken.Kind.PARTNER
    assert key in alice_admin.get(response.url).content.decode()  # the page after saving shows it
    page = alice_admin.get(f"{CHANGELIST}{token.pk}/change/").content.decode()
    assert key not in page and token.key_prefix in page  # and no page ever again


def test_it_gives_a_key_that_authenticates(alice_admin, api, bob):
    response = alice_admin.post(ADD, {"name": "Script de Bob", "kind": "staff", "user": bob.pk,
                                      "network": _network().pk})
    key = _shown_key(response)

    assert api.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_it_requires_an_account_for_a_staff_key(alice_admin):
    response = alice_admin.post(ADD, {"name": "Sans compte", "kind": "staff"})

    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()


def test_it_refuses_an_account_on_a_partner_key(alice_admin, bob):
    response = alice_admin.post(ADD, {"name": "Partenaire", "kind": "partner", "user": bob.pk})

    assert "user" in response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()


def test_it_revokes_keys(alice_admin, api):
    token, key = make_token(ApiToken.Kind.PARTNER)

    response = alice_admin.post(CHANGELIST, {"action": "revoke", "_selected_action": [token.pk]})

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert_error(api.post("/api/v1/leads/", {}, format="json", HTTP_AUTHORIZATION=f"Token {key}"), 401)


def test_it_keeps_the_first_revocation_date(alice_admin):
    token, _key = make_token(ApiToken.Kind.PARTNER)
    first = timezone.now() - timezone.timedelta(days=3)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=first)

    alice_admin.post(CHANGELIST, {"action": "revoke", "_selected_action": [token.pk]})

    token.refresh_from_db()
    assert token.revoked_at == first


def test_it_offers_no_deletion(alice_admin):
    token, _key = make_token(ApiToken.Kind.PARTNER)

    assert alice_admin.get(f"{CHANGELIST}{token.pk}/delete/").status_code == 403


def test_it_keeps_keys_away_from_referents(client, bob):
    bob.is_staff = True  # even with admin access
    bob.save()
    client.force_login(bob)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(ADD).status_code == 403


# --- lead receipts: a partner quotes one, a coordinator finds the project -----------------

def test_a_coordinator_finds_the_project_of_a_receipt(alice_admin, as_, territory):
    reference = as_("partner").post("/api/v1/leads/", lead(), format="json").json()["receipt"]

    page = alice_admin.get("/admin/api/leadreceipt/", {"q": reference[:8]}).content.decode()

    assert reference in page and f">{Project.objects.get().pk}<" in page


def test_receipts_are_for_coordinators_only_and_read_only(bob, alice_admin, as_, territory):
    as_("partner").post("/api/v1/leads/", lead(), format="json")
    receipt = LeadReceipt.objects.get()
    bobs = Client()
    bobs.force_login(bob)

    assert bobs.get("/admin/api/leadreceipt/").status_code in (302, 403)
    assert alice_admin.get("/admin/api/leadreceipt/add/").status_code == 403
    page = alice_admin.get(f"/admin/api/leadreceipt/{receipt.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
