"""A partner states the person's consent with each lead (`consent`: true):
recorded as a Consent with the programme's current text and the partner's
key. Without it, the lead is refused with a clear 400 and nothing is kept."""

import pytest

from api.models import ApiToken
from crm.models import Contact
from crm.services.consent import consent_text_new_version
from onboarding.models import Consent, Project
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error

LEADS = "/api/v1/leads/"
LEAD = {"first_name": "Camille", "last_name": "Roux", "email": "camille.roux@example.org",
        "target_commune": "46102"}


@pytest.fixture
def partner(as_, territory):
    return as_("partner")


def test_a_lead_with_consent_records_the_current_text_and_the_key(partner):
    response = partner.post(LEADS, {**LEAD, "consent": True}, format="json")

    assert response.status_code == 202, response.content
    [consent] = Consent.objects.all()
    token = ApiToken.objects.get(kind=ApiToken.Kind.PARTNER)
    assert (consent.project, consent.channel, consent.text.version) == (Project.objects.get(), "api", 1)
    assert (consent.api_key_id, consent.by) == (token.pk, None)
    assert token.name in consent.api_key_label and token.key_prefix in consent.api_key_label


def test_a_lead_points_at_the_newest_version(partner):
    newer = consent_text_new_version(network=None, purpose="Vous accompagner.", retention="3 ans.", body="Nous.")

    partner.post(LEADS, {**LEAD, "consent": True}, format="json")

    assert Consent.objects.get().text == newer


@pytest.mark.parametrize("consent", [False, None, "absent"])
def test_a_lead_without_the_persons_consent_is_refused(partner, consent):
    body = dict(LEAD) if consent == "absent" else {**LEAD, "consent": consent}

    response = partner.post(LEADS, body, format="json")

    error = assert_error(response, 400, "invalid")
    assert "L'accord de la personne est nécessaire" in " ".join(error["details"]["consent"])
    assert not Project.objects.exists() and not Contact.objects.exists() and not Consent.objects.exists()


def test_the_schema_says_consent_is_required_and_what_it_records(api, territory):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    lead = next(value for name, value in schema["components"]["schemas"].items() if name.startswith("Lead")
                and "consent" in value.get("properties", {}))

    assert "consent" in lead["required"]
    assert "version en vigueur" in lead["properties"]["consent"]["description"]
