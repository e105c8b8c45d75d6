"""GET /api/v1/projects/<id>/history/ after the person's erasure: the
figures are still there, the person is not (the same timeline as the staff
page, onboarding.timeline)."""

import json

import pytest
from django.utils import timezone

from api.models import IdempotencyKey, LeadReceipt
from onboarding.models import Project
from onboarding.services.activity import interaction_log, task_create
from onboarding.services.privacy import contact_erase
from onboarding.services.projects import contact_update_details, project_update_details
from tests.api.fixtures import *  # noqa: F403
from tests.api.test_leads import LEADS, lead

LIST = "/api/v1/projects/"
NEEDLES = ("Xanthippe", "Zylberstein", "98 76 54 32", "Quokkas")
BODY = lead(first_name="Xanthippe", last_name="Zylberstein", email="xanthippe.zylberstein@example.org",
            phone="06 98 76 54 32", message="Au 17 rue des Quokkas")


@pytest.fixture
def their_project(as_, territory, alice, bob):
    response = as_("partner").post(LEADS, BODY, format="json", HTTP_IDEMPOTENCY_KEY=BODY["email"])
    assert response.status_code == 202, response.content  # a partner gets a receipt only
    project = LeadReceipt.objects.get(reference=response.json()["receipt"]).project
    staff = as_("alice")
    for transition, extra in (("make_contact", {"note": "Xanthippe rappelle au 06 98 76 54 32"}),
                              ("pause", {"reason": "Xanthippe attend une réponse"})):
        assert staff.post(f"{LIST}{project.pk}/transitions/", {"transition": transition, **extra},
                          format="json").status_code == 200
    Project.objects.filter(pk=project.pk).update(referent=bob.referent)  # Bob follows it: he may hold its task
    project.refresh_from_db()
    interaction_log(project=project, user=alice, kind="call", summary="Visite rue des Quokkas")
    task_create(project=project, user=alice, title="Rappeler Xanthippe", due_on=timezone.localdate(),
                assignee=bob.referent)
    project_update_details(project=project, user=alice, project_fields={"summary": "Soigneuse de Quokkas"})
    contact_update_details(contact=project.contact, user=alice, fields={"phone": "05 65 00 00 00"})
    return project


def _history(client, project):
    response = client.get(f"{LIST}{project.pk}/history/")
    assert response.status_code == 200
    return response.json()["results"]


def _holds_the_person(data):
    text = json.dumps(data, ensure_ascii=False).lower()
    return [needle for needle in NEEDLES if needle.lower() in text]


def test_the_history_names_the_person_before_and_nobody_after(as_, their_project, alice):
    staff = as_("alice")
    assert _holds_the_person(_history(staff, their_project)) == ["Xanthippe", "98 76 54 32", "Quokkas"]

    contact_erase(contact=their_project.contact, user=alice)

    history = _history(staff, their_project)
    assert _holds_the_person(history) == []
    assert _holds_the_person(staff.get(f"{LIST}{their_project.pk}/").json()) == []
    kinds = {entry["kind"] for entry in history}
    assert {"transition", "routing", "interaction", "task", "edit"} <= kinds
    closing = history[0]
    assert (closing["kind"], closing["extra"]["transition"], closing["by"]) == (
        "transition", "close_on_erasure", "Système")


def test_the_idempotency_record_goes_and_a_retry_is_a_new_lead(as_, their_project, alice):
    contact_erase(contact=their_project.contact, user=alice)

    assert not IdempotencyKey.objects.exists()
    again = as_("partner").post(LEADS, BODY, format="json", HTTP_IDEMPOTENCY_KEY=BODY["email"])
    assert again.status_code == 202
    receipt = LeadReceipt.objects.get(reference=again.json()["receipt"])
    assert receipt.created and receipt.project_id != their_project.pk
