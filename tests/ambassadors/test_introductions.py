"""An introduction: a referent proposes an approved ambassador to a project;
nobody's contact goes anywhere until the person accepts on their tracking
page; then both are e-mailed the other's contact, once. Either side may
decline (the ambassador from their own link), and then nobody is put in touch."""

import pytest
from django.core import mail
from django.urls import reverse

from ambassadors.links import own_path
from ambassadors.models import Ambassador
from ambassadors.proposals import KIND
from onboarding.models import Proposal
from onboarding.proposals import proposals_history
from onboarding.services.proposals import (
    ProposalError,
    ProposalNotOpen,
    proposal_accept,
    proposal_create,
    proposal_decline,
)
from tests.intake.fixtures import *  # noqa: F403


def _to(address):
    return [message for message in mail.outbox if address in message.to]


def _propose(cast, capture, ambassador=None):
    with capture(execute=True):
        proposal, _created = proposal_create(project=cast.project, kind=KIND,
                                             target_id=(ambassador or cast.paul).pk, user=cast.bob)
    return proposal


def test_accepting_an_introduction_emails_both_sides_each_others_contact_once(
        cast, django_capture_on_commit_callbacks):
    proposal = _propose(cast, django_capture_on_commit_callbacks)
    # Proposed: the person is told, with only the first name, commune and occupation; the ambassador hears nothing.
    told = _to("camille.roux@example.org")
    assert len(told) == 1 and "Paul" in told[0].body and "Infirmier" in told[0].body
    assert "paul@ambassadeurs.example" not in told[0].body and "Delmas" not in told[0].body
    assert _to("paul@ambassadeurs.example") == []

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_accept(proposal=proposal)
    with pytest.raises(ProposalNotOpen), django_capture_on_commit_callbacks(execute=True):
        proposal_accept(proposal=proposal)

    (to_ambassador,) = _to("paul@ambassadeurs.example")
    assert "camille.roux@example.org" in to_ambassador.body and "06 12 34 56 78" in to_ambassador.body
    (to_prospect,) = _to("camille.roux@example.org")
    assert "paul@ambassadeurs.example" in to_prospect.body and "06 11 22 33 44" in to_prospect.body


def test_the_person_declining_puts_nobody_in_touch(cast, django_capture_on_commit_callbacks):
    proposal = _propose(cast, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_decline(proposal=proposal)

    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DECLINED
    assert _to("paul@ambassadeurs.example") == []


@pytest.mark.parametrize("accepted_first", [False, True])
def test_the_ambassador_declines_from_their_own_link(cast, client, accepted_first,
                                                     django_capture_on_commit_callbacks):
    proposal = _propose(cast, django_capture_on_commit_callbacks)
    if accepted_first:
        proposal_accept(proposal=proposal)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(own_path(cast.paul), {"action": "decline", "proposal": proposal.pk})

    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DECLINED
    assert mail.outbox == []  # accepted first: the put-in-touch rows find it declined and send nothing
    titles = [entry.title for entry in proposals_history(cast.project)]
    assert any("déclinée par la personne proposée" in title for title in titles)


def test_an_ambassador_cannot_decline_another_ambassadors_introduction(cast, client,
                                                                       django_capture_on_commit_callbacks):
    proposal = _propose(cast, django_capture_on_commit_callbacks)

    client.post(own_path(cast.jeanne), {"action": "decline", "proposal": proposal.pk})

    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PROPOSED


@pytest.mark.parametrize("status", [Ambassador.Status.PAUSED, Ambassador.Status.APPLIED, Ambassador.Status.REMOVED])
def test_only_an_approved_ambassador_of_the_network_can_be_proposed(cast, status):
    Ambassador.objects.filter(pk=cast.paul.pk).update(status=status)
    for target in (cast.paul, cast.marc):
        with pytest.raises(ProposalError):
            proposal_create(project=cast.project, kind=KIND, target_id=target.pk, user=cast.bob)


def test_the_project_page_suggests_the_closest_ambassadors_and_the_referent_proposes_one(
        cast, client, django_capture_on_commit_callbacks):
    client.force_login(cast.bob)
    page = client.get(reverse("project_detail", args=[cast.project.pk]))
    section = page.content.decode().split('id="ambassadeurs-suggestions"')[1].split("</ul>")[0]
    # Both live in Figeac, the commune aimed at; Paul is also a nurse, like Camille.
    assert section.index("Paul") < section.index("Jeanne")
    assert "même métier" in section

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ambassador_propose", args=[cast.project.pk]), {"ambassador": cast.paul.pk})

    assert response.status_code == 302
    assert Proposal.objects.filter(project=cast.project, kind=KIND, target_id=cast.paul.pk).exists()
