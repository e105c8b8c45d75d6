"""The prospect answers a proposal from their tracking page: a POST (the
page works without JavaScript), the same sentence for another project's
proposal, an unknown one or one answered already; reading changes nothing."""

import pytest

from crm.models import Contact, OutboxEmail
from jobs.proposals import KIND
from onboarding.models import Proposal
from onboarding.services.projects import project_create
from onboarding.services.proposals import PUT_IN_TOUCH_EMAIL, proposal_create
from onboarding.states import Source
from onboarding.tracking_links import tracking_path
from tests.jobs.employers import hospital_need

NOT_WAITING = "Cette proposition n&#x27;attend plus de réponse"


@pytest.fixture
def proposal(project, territory, bob):
    return proposal_create(project=project, kind=KIND, target_id=hospital_need(territory).pk, user=bob)[0]


def answer(client, project, proposal_id, action):
    return client.post(tracking_path(project), {"action": action, "proposal": str(proposal_id)}, follow=True)


def test_the_page_shows_the_proposal_with_what_accepting_means(client, project, proposal):
    page = client.get(tracking_path(project)).content.decode()
    assert "Soins infirmiers généraux chez Centre hospitalier de Figeac" in page
    assert "vous nous autorisez à transmettre à ce recruteur" in page
    assert Proposal.objects.get(pk=proposal.pk).status == "proposed"


def test_accepting_puts_the_prospect_in_touch(client, project, proposal):
    response = answer(client, project, proposal.pk, "proposal_accept")

    assert "nous transmettons vos coordonnées" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == "accepted"
    assert OutboxEmail.objects.filter(kind=PUT_IN_TOUCH_EMAIL).count() == 1


def test_declining_puts_nobody_in_touch(client, project, proposal):
    answer(client, project, proposal.pk, "proposal_decline")
    assert Proposal.objects.get(pk=proposal.pk).status == "declined"
    assert not OutboxEmail.objects.filter(kind=PUT_IN_TOUCH_EMAIL).exists()


def test_a_second_answer_changes_nothing(client, project, proposal):
    answer(client, project, proposal.pk, "proposal_accept")
    response = answer(client, project, proposal.pk, "proposal_decline")
    assert NOT_WAITING in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == "accepted"


def test_another_projects_proposal_gets_the_same_answer_as_an_unknown_one(client, project, proposal, bob):
    other_contact = Contact.objects.create(first_name="Léa", last_name="Blanc", email="lea@example.org")
    other = project_create(contact=other_contact, source=Source.WEBSITE, referent=bob.referent)
    for proposal_id in (proposal.pk, 999999, "abc"):
        response = answer(client, other, proposal_id, "proposal_accept")
        assert response.status_code == 200 and NOT_WAITING in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == "proposed"
