"""Two routings at once never both fill a referent's last place: the
candidates are locked, then their loads read in a statement of their own
(onboarding.routing_decision). Each thread has its own PostgreSQL
connection and transaction, as two intakes would."""

import pytest
from django.db import transaction

from crm.models import Referent
from onboarding.models import Project, RoutingDecision
from onboarding.services.routing import project_reassign, route_project
from onboarding.states import OPEN_STATES
from tests.races import race

from .routing_helpers import new_project, referent, rule, team

ROUNDS = 4


def _route(project):
    def act():
        with transaction.atomic():
            return route_project(project=project)
    return act


def _one_place_left(who, open_now):
    Referent.objects.filter(pk=who.pk).update(capacity=open_now + 1)


def _open(who):
    return Project.objects.filter(referent=who, state__in=OPEN_STATES).count()


@pytest.mark.django_db(transaction=True)
def test_two_routings_at_once_never_both_take_a_last_place():
    anne = referent("Anne", "Aubert")
    rule("CCI", team=team("CCI", anne))
    for n in range(ROUNDS):
        _one_place_left(anne, n)
        first, second = new_project(), new_project()
        decisions = race(_route(first), _route(second))
        assert all(isinstance(d, RoutingDecision) for d in decisions), decisions
        # One place left each round: one of the two takes it, the other waits in the queue.
        assert sorted(d.referent_id is None for d in decisions) == [False, True]
        assert _open(anne) == n + 1


@pytest.mark.django_db(transaction=True)
def test_a_routing_and_a_reassignment_at_once_never_both_take_a_last_place(alice):
    anne = referent("Anne", "Aubert")
    rule("Anne", to=anne)
    for n in range(ROUNDS):
        _one_place_left(anne, n)
        waiting, arriving = new_project(), new_project()
        outcomes = race(
            # The referent as the form reads them, this round's capacity included.
            (lambda: Referent.objects.get(pk=anne.pk),
             lambda chosen, waiting=waiting: project_reassign(project=waiting, referent=chosen, user=alice,
                                                              reason="Suivi")),
            _route(arriving),
        )
        # The reassignment is refused (no override: "complet"), or the routing goes to the queue.
        took = [o for o in outcomes if isinstance(o, RoutingDecision) and o.referent_id == anne.pk]
        assert len(took) == 1, outcomes
        assert _open(anne) == n + 1
