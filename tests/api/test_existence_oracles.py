"""The API answers the same whether or not a hidden object exists: a hidden
project named as `duplicate_of`, a partner posting a known person's e-mail.
Each test compares the two answers field by field."""

import uuid

import pytest

from api.models import LeadReceipt
from crm.models import Contact
from onboarding.models import Project
from onboarding.services.projects import project_create
from onboarding.states import RejectReason, Source, State
from tests.api.fixtures import *  # noqa: F403
from tests.api.fixtures import assert_error
from tests.api.test_leads import LEADS, lead

# Headers that differ between any two answers, whatever they say.
VOLATILE_HEADERS = {"Date", "Content-Length"}


def comparable(response):
    return {
        "status": response.status_code,
        "headers": {name for name in response.headers if name not in VOLATILE_HEADERS},
        "content_type": response["Content-Type"],
        "body": response.json(),
    }


@pytest.fixture
def hidden_project(charlie):
    """Charlie's project: Bob may not see it."""
    contact = Contact.objects.create(first_name="Dominique", last_name="Caché", email="dominique@example.org")
    return project_create(contact=contact, source=Source.WEBSITE, referent=charlie.referent)


def missing_id():
    return (Project.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


# --- (a) duplicate_of names a project the caller cannot see -----------------------------------

def reject_as_duplicate_of(as_, project, original_id):
    return as_("bob").post(f"/api/v1/projects/{project.pk}/transitions/",
                           {"transition": "reject", "reason": RejectReason.DUPLICATE, "duplicate_of": original_id},
                           format="json")


def test_a_hidden_duplicate_of_is_answered_as_a_missing_one(as_, project, hidden_project, snapshot):
    before = snapshot(project)

    hidden = reject_as_duplicate_of(as_, project, hidden_project.pk)
    missing = reject_as_duplicate_of(as_, project, missing_id())

    error = assert_error(hidden, 400, "invalid_field")
    assert error["details"] == {"field": "duplicate_of"}
    assert comparable(hidden) == comparable(missing)  # status, headers, code, message, details
    assert snapshot(project) == before
    assert Project.objects.get(pk=project.pk).duplicate_of_id is None


def test_a_visible_duplicate_of_is_taken(as_, project, bob):
    contact = Contact.objects.create(first_name="Camille", last_name="Roux", email="camille.bis@example.org")
    original = project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent)

    response = reject_as_duplicate_of(as_, project, original.pk)

    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert (project.state, project.duplicate_of) == (State.REJECTED, original)


def test_a_coordinator_names_any_project_as_the_original(as_, project, hidden_project):
    response = as_("alice").post(f"/api/v1/projects/{project.pk}/transitions/",
                                 {"transition": "reject", "reason": "duplicate", "duplicate_of": hidden_project.pk},
                                 format="json")

    assert response.status_code == 200, response.content
    assert Project.objects.get(pk=project.pk).duplicate_of == hidden_project


# --- (c) a partner posts the e-mail of someone already known ----------------------------------

@pytest.fixture
def known(territory, bob):
    """Someone with an open project, and someone whose project is closed."""
    people = {}
    for name, state in (("ouvert", State.NEW), ("clos", State.ABANDONED)):
        contact = Contact.objects.create(first_name="Claude", last_name=name.title(), email=f"{name}@example.org")
        project = project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent)
        if state == State.ABANDONED:
            Project.objects.filter(pk=project.pk).update(state=State.ABANDONED, abandon_reason="job")
        people[name] = project
    return people


@pytest.mark.parametrize("who", ["ouvert", "clos"])
def test_a_partner_gets_the_same_answer_for_a_known_and_an_unknown_email(as_, known, who):
    partner = as_("partner")

    answer_known = partner.post(LEADS, lead(email=f"{who}@example.org"), format="json")
    answer_new = partner.post(LEADS, lead(email="personne.inconnue@example.org"), format="json")

    assert comparable(answer_known)["status"] == comparable(answer_new)["status"] == 202
    assert comparable(answer_known)["headers"] == comparable(answer_new)["headers"]
    assert set(answer_known.json()) == set(answer_new.json()) == {"receipt"}
    for answer in (answer_known, answer_new):
        uuid.UUID(answer.json()["receipt"])  # a reference of its own, nothing of the project
    # The lead went where it belongs all the same.
    receipt = LeadReceipt.objects.get(reference=answer_known.json()["receipt"])
    assert (receipt.project == known[who]) is (who == "ouvert")


def test_a_partner_retry_on_a_known_email_is_answered_as_on_a_new_one(as_, known):
    partner = as_("partner")
    answers = {}
    for email in ("ouvert@example.org", "personne.inconnue@example.org"):
        first = partner.post(LEADS, lead(email=email), format="json", HTTP_IDEMPOTENCY_KEY=f"k-{email}")
        again = partner.post(LEADS, lead(email=email), format="json", HTTP_IDEMPOTENCY_KEY=f"k-{email}")
        assert again.json() == first.json()
        answers[email] = (comparable(first), comparable(again))

    known_first, known_again = answers["ouvert@example.org"]
    new_first, new_again = answers["personne.inconnue@example.org"]
    assert (known_first["status"], known_first["headers"]) == (new_first["status"], new_first["headers"])
    assert (known_again["status"], known_again["headers"]) == (new_again["status"], new_again["headers"])
