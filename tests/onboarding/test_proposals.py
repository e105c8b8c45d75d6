"""The one "propose -> the prospect accepts -> both are put in touch" mechanism:
its state machine (a full action x status table), one event row per change,
the prospect e-mailed when a proposal is made, the counterpart only once the
prospect accepted, and the text they accepted kept with its time."""

import pytest

from crm.models import OutboxEmail
from jobs.proposals import KIND
from onboarding.models import Proposal, ProposalEvent
from onboarding.services.proposals import (
    PROPOSED_EMAIL,
    PUT_IN_TOUCH_EMAIL,
    WITHDRAWN_EMAIL,
    ProposalError,
    ProposalNotOpen,
    proposal_accept,
    proposal_create,
    proposal_decline,
    proposal_outcome,
    proposal_withdraw,
)
from onboarding.timeline import project_timeline
from tests.jobs.employers import hospital_need

S = Proposal.Status


@pytest.fixture
def need(territory):
    return hospital_need(territory)


@pytest.fixture
def proposal(project, need, bob):
    return proposal_create(project=project, kind=KIND, target_id=need.pk, user=bob)[0]


def act(action, proposal, bob):
    return {
        "accept": lambda: proposal_accept(proposal=proposal),
        "decline": lambda: proposal_decline(proposal=proposal),
        "withdraw": lambda: proposal_withdraw(proposal=proposal, user=bob),
        "outcome": lambda: proposal_outcome(proposal=proposal, outcome="hired", user=bob),
    }[action]()


# What the territory needs: the prospect answers a proposal once; the referent
# may take back anything still running; an outcome is recorded for an
# accepted proposal only (nobody was put in touch otherwise).
ALLOWED = {
    (S.PROPOSED, "accept"): S.ACCEPTED, (S.PROPOSED, "decline"): S.DECLINED, (S.PROPOSED, "withdraw"): S.WITHDRAWN,
    (S.ACCEPTED, "withdraw"): S.WITHDRAWN, (S.ACCEPTED, "outcome"): S.CONCLUDED,
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", ["accept", "decline", "withdraw", "outcome"])
def test_each_action_is_allowed_from_the_statuses_the_territory_expects(proposal, bob, status, action):
    Proposal.objects.filter(pk=proposal.pk).update(status=status)
    proposal.refresh_from_db()
    events_before = ProposalEvent.objects.count()

    expected = ALLOWED.get((status, action))
    if expected is None:
        with pytest.raises(ProposalNotOpen):
            act(action, proposal, bob)
        assert Proposal.objects.get(pk=proposal.pk).status == status
        assert ProposalEvent.objects.count() == events_before
    else:
        act(action, proposal, bob)
        assert Proposal.objects.get(pk=proposal.pk).status == expected
        event = ProposalEvent.objects.latest("pk")
        assert (event.from_status, event.to_status) == (status, expected)


def test_a_proposal_writes_to_the_prospect_and_not_to_the_employer(proposal, project):
    assert list(OutboxEmail.objects.values_list("kind", "project_id")) == [(PROPOSED_EMAIL, project.pk)]
    event = ProposalEvent.objects.get()
    assert (event.to_status, event.by.username) == (S.PROPOSED, "bob")


def test_the_employer_is_written_to_only_once_the_prospect_accepts(proposal, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        proposal_accept(proposal=proposal)

    accepted = Proposal.objects.get(pk=proposal.pk)
    assert accepted.consent_text.startswith("En acceptant, vous nous autorisez à transmettre à ce recruteur")
    assert accepted.consent_version == "emploi-2026-11" and accepted.consent_at is not None
    assert OutboxEmail.objects.filter(kind=PUT_IN_TOUCH_EMAIL).count() == 1
    to_employer = [m for m in mailoutbox if m.to == ["rh@ch-figeac.example.org"]]
    assert len(to_employer) == 1
    assert "camille.roux@example.org" in to_employer[0].body and to_employer[0].cc == ["bob@example.org"]


def test_a_declined_proposal_writes_to_nobody(proposal):
    proposal_decline(proposal=proposal)
    assert not OutboxEmail.objects.filter(kind=PUT_IN_TOUCH_EMAIL).exists()


def test_proposing_the_same_need_twice_keeps_the_first(proposal, project, need, alice):
    again, created = proposal_create(project=project, kind=KIND, target_id=need.pk, user=alice)
    assert (again.pk, created) == (proposal.pk, False)
    assert OutboxEmail.objects.filter(kind=PROPOSED_EMAIL).count() == 1


def test_a_closed_need_or_an_unknown_one_cannot_be_proposed(project, territory, bob):
    closed = hospital_need(territory, status="closed")
    for target_id in (closed.pk, 987654):
        with pytest.raises(ProposalError):
            proposal_create(project=project, kind=KIND, target_id=target_id, user=bob)
    assert not Proposal.objects.exists()


def test_an_outcome_must_be_one_of_its_kind(proposal, bob):
    proposal_accept(proposal=proposal)
    with pytest.raises(ProposalError):
        proposal_outcome(proposal=proposal, outcome="promoted", user=bob)
    assert Proposal.objects.get(pk=proposal.pk).status == S.ACCEPTED


def test_every_change_is_in_the_project_history(proposal, project, bob):
    proposal_accept(proposal=proposal)
    proposal_outcome(proposal=proposal, outcome="hired", user=bob)

    entries = [e for e in project_timeline(project) if e.kind == "proposal"]
    assert sorted((e.title.split(" (")[0], e.by, e.body) for e in entries) == [
        ("Proposition acceptée par la personne", "La personne", ""),
        ("Proposition faite", "Bob Durand", ""),
        ("Suite de la proposition", "Bob Durand", "Embauche"),
    ]


def test_withdrawn_after_acceptance_the_counterpart_is_told_once(proposal, project, bob, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        proposal_accept(proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_withdraw(proposal=proposal, user=bob)
    with pytest.raises(ProposalNotOpen):  # a second click changes nothing and writes to nobody
        proposal_withdraw(proposal=proposal, user=bob)

    to_employer = [m for m in mailoutbox if m.to == ["rh@ch-figeac.example.org"]]
    assert [m.subject.split(" :")[0] for m in to_employer] == ["Mise en relation", "Mise en relation annulée"]
    assert "Camille Roux" in to_employer[1].body and "camille.roux" not in to_employer[1].body
    assert to_employer[1].cc == ["bob@example.org"]
    assert OutboxEmail.objects.filter(kind=WITHDRAWN_EMAIL).count() == 1
    withdrawn = [e for e in project_timeline(project) if e.title.startswith("Proposition retirée")]
    assert [e.body for e in withdrawn] == [
        "La personne mise en relation (Recrutement d'un employeur local) en est informée par e-mail."]


@pytest.mark.parametrize("introduction", ["never_accepted", "introduction_cancelled"])
def test_a_counterpart_who_never_heard_of_the_person_is_not_told(proposal, bob, introduction):
    if introduction == "introduction_cancelled":
        proposal_accept(proposal=proposal)
        OutboxEmail.objects.filter(kind=PUT_IN_TOUCH_EMAIL).update(status=OutboxEmail.Status.CANCELLED)
    proposal_withdraw(proposal=proposal, user=bob)

    assert not OutboxEmail.objects.filter(kind=WITHDRAWN_EMAIL).exists()
    assert not ProposalEvent.objects.filter(counterpart_told=True).exists()
