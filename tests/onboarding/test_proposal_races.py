"""Two clicks at once on a proposal (PostgreSQL, one connection per thread): one change, one e-mail."""

import pytest

from crm.models import OutboxEmail
from jobs.proposals import KIND
from onboarding.models import Proposal, ProposalEvent
from onboarding.services.proposals import (
    ProposalNotOpen,
    proposal_accept,
    proposal_create,
    proposal_withdraw,
)
from tests.jobs.employers import hospital_need
from tests.races import race

ROUNDS = 5


def fresh(pk):
    """Each thread reads its own copy of the proposal before the barrier."""
    return lambda: Proposal.objects.get(pk=pk)


@pytest.mark.django_db(transaction=True)
def test_two_accepts_at_once_accept_once_and_write_to_the_employer_once(project, territory, bob):
    need = hospital_need(territory)
    for _ in range(ROUNDS):
        Proposal.objects.all().delete()
        proposal = proposal_create(project=project, kind=KIND, target_id=need.pk, user=bob)[0]

        results = race(*[(fresh(proposal.pk), lambda p: proposal_accept(proposal=p))] * 2)

        assert sorted(type(r).__name__ for r in results) == ["Proposal", "ProposalNotOpen"], results
        assert ProposalEvent.objects.filter(proposal=proposal, to_status="accepted").count() == 1
        assert OutboxEmail.objects.filter(dedupe_key=f"proposal-accepted:{proposal.pk}").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_accept_racing_a_withdrawal_ends_one_way_only(project, territory, bob):
    need = hospital_need(territory)
    for _ in range(ROUNDS):
        Proposal.objects.all().delete()
        proposal = proposal_create(project=project, kind=KIND, target_id=need.pk, user=bob)[0]

        results = race((fresh(proposal.pk), lambda p: proposal_accept(proposal=p)),
                       (fresh(proposal.pk), lambda p: proposal_withdraw(proposal=p, user=bob)))

        final = Proposal.objects.get(pk=proposal.pk).status
        assert not any(isinstance(r, Exception) and not isinstance(r, ProposalNotOpen) for r in results), results
        # Withdrawing after an accept is allowed: either the accept lost, or both happened in that order.
        events = list(ProposalEvent.objects.filter(proposal=proposal).values_list("to_status", flat=True))
        assert final == "withdrawn"
        assert events in (["proposed", "withdrawn"], ["proposed", "accepted", "withdrawn"])
        put_in_touch = OutboxEmail.objects.filter(dedupe_key=f"proposal-accepted:{proposal.pk}").count()
        assert put_in_touch == (1 if "accepted" in events else 0)


@pytest.mark.django_db(transaction=True)
def test_two_referents_proposing_at_once_make_one_proposal(project, territory, bob, alice):
    need = hospital_need(territory)
    for _ in range(ROUNDS):
        Proposal.objects.all().delete()
        results = race(*[lambda user=user: proposal_create(project=project, kind=KIND, target_id=need.pk, user=user)
                         for user in (bob, alice)])
        assert sorted(created for _row, created in results) == [False, True], results
        assert Proposal.objects.filter(project=project).count() == 1
