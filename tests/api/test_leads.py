"""POST /api/v1/leads/: a partner's lead, validated as the public form is."""

import pytest

from api.models import LeadReceipt
from crm.models import Contact, Need
from onboarding.models import Interaction, Project, ProjectTransition
from onboarding.states import Channel, Source, State
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error

LEADS = "/api/v1/leads/"


def lead(**overrides):
    body = {
        "first_name": "Camille",
        "last_name": "Roux",
        "email": "camille.roux@example.org",
        "phone": "+33 6 12 34 56 78",
        "current_city": "Lyon",
        "has_partner": True,
        "partner_occupation": "Infirmier",
        "children_ages": [9, 4],
        "summary": "Développeuse web en télétravail",
        "needs": ["emploi", "logement-location"],
        "target_commune": "46102",
        "horizon": "6-12m",
        "message": "Nous cherchons une maison avec un jardin.",
        "consent": True,
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


@pytest.fixture
def partner(as_, territory):
    return as_("partner")


def test_it_creates_a_project_from_a_lead(partner):
    response = partner.post(LEADS, lead(), format="json")

    assert response.status_code == 202, response.content
    project = Project.objects.get()
    receipt = LeadReceipt.objects.get()
    assert response.json() == {"receipt": str(receipt.reference)}  # never the project's id or state
    assert (receipt.project, receipt.created, receipt.token.name) == (project, True, "choisirlelot.fr")
    assert project.source == Source.PARTNER_API
    assert project.target_commune.insee == "46102"
    assert sorted(project.needs.values_list("code", flat=True)) == ["emploi", "logement-location"]
    assert project.consent_at is not None
    contact = project.contact
    assert (contact.email, contact.phone, contact.children_ages) == (
        "camille.roux@example.org", "06 12 34 56 78", [4, 9])
    assert contact.has_partner
    create = ProjectTransition.objects.get(project=project)
    assert (create.channel, create.by) == (Channel.API, None)


def test_it_names_the_partner_as_referrer(partner):
    partner.post(LEADS, lead(), format="json")

    assert Project.objects.get().referrer == "choisirlelot.fr"


def test_it_keeps_the_referrer_the_partner_gives(partner):
    partner.post(LEADS, lead(referrer="Salon de l'agriculture"), format="json")

    assert Project.objects.get().referrer == "Salon de l'agriculture"


def test_it_accepts_a_commune_by_name_and_an_epci_by_siren(partner, territory):
    response = partner.post(LEADS, lead(target_commune="figeac"), format="json")
    assert response.status_code == 202
    Project.objects.all().delete()
    Contact.objects.all().delete()

    response = partner.post(LEADS, lead(target_commune=None, target_epci="200067361"), format="json")

    assert response.status_code == 202, response.content
    assert Project.objects.get().target_epci == territory["epci"]


def test_it_accepts_the_minimum(partner):
    body = {"first_name": "Camille", "last_name": "Roux", "email": "c@example.org", "consent": True}

    response = partner.post(LEADS, body, format="json")

    assert response.status_code == 202, response.content
    assert Project.objects.get().horizon == "unknown"


def test_it_adds_a_lead_to_the_persons_open_project(partner):
    first = partner.post(LEADS, lead(), format="json").json()

    response = partner.post(LEADS, lead(email="Camille.Roux@example.org", message="Encore nous"), format="json")

    assert response.status_code == 202
    assert response.json()["receipt"] != first["receipt"]  # a reference per lead
    project = Project.objects.get()
    assert LeadReceipt.objects.get(reference=response.json()["receipt"]).project == project
    assert Interaction.objects.filter(project=project, kind=Interaction.Kind.SUBMISSION).exists()


def test_it_lets_a_coordinator_send_a_lead_and_see_its_project(as_, territory, alice):
    response = as_("alice").post(LEADS, lead(), format="json")

    assert response.status_code == 201
    project = Project.objects.get()
    receipt = LeadReceipt.objects.get()
    assert response.json() == {"receipt": str(receipt.reference), "id": project.pk, "state": State.NEW,
                               "created": True}
    assert ProjectTransition.objects.get().by == alice


def test_it_tells_a_coordinator_that_the_person_already_had_a_project(as_, territory):
    first = as_("alice").post(LEADS, lead(), format="json").json()

    response = as_("alice").post(LEADS, lead(message="Encore nous"), format="json")

    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("id", "state", "created")} == {
        "id": first["id"], "state": State.NEW, "created": False}


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"email": "pas-un-email"}, "email"),
        ({"email": None}, "email"),
        ({"first_name": ""}, "first_name"),
        ({"phone": "12"}, "phone"),
        ({"target_commune": "Paris"}, "target_commune"),
        ({"target_commune": "99999"}, "target_commune"),
        ({"target_epci": "123456789"}, "target_epci"),
        ({"territory_choice": "epci", "target_commune": None}, "target_epci"),
        ({"needs": ["voyage-lunaire"]}, "needs"),
        ({"children_ages": [4, 30]}, "children_ages"),
        ({"children_ages": "4, 9"}, "children_ages"),
        ({"horizon": "demain"}, "horizon"),
        ({"message": "x" * 5001}, "message"),
        ({"summary": "x" * 301}, "summary"),
        ({"consent": False}, "consent"),
        ({"consent": None}, "consent"),
        ({"event": 999999}, "event"),
    ],
)
def test_it_refuses_what_the_public_form_refuses(partner, overrides, field):
    response = partner.post(LEADS, lead(**overrides), format="json")

    error = assert_error(response, 400, "invalid")
    assert field in error["details"], error
    assert not Project.objects.exists() and not Contact.objects.exists()


def test_it_refuses_an_inactive_need(partner):
    Need.objects.filter(code="emploi").update(is_active=False)

    response = partner.post(LEADS, lead(), format="json")

    assert "needs" in assert_error(response, 400, "invalid")["details"]


def test_it_needs_no_bot_check(partner):
    # The form's honeypot and fill time are for browsers; a key identifies a partner.
    response = partner.post(LEADS, lead(website="http://spam.example"), format="json")

    assert response.status_code == 202


@pytest.mark.parametrize("body", [[], "texte", 12])
def test_it_refuses_a_body_that_is_not_an_object(partner, body):
    assert_error(partner.post(LEADS, body, format="json"), 400, "invalid")
