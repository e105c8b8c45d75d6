"""One routing decision costs the same few queries at 3 rules and 3
referents as at 50 rules and 100 referents, on every path: a team's least
loaded member, a rule's own referent, the sticky referent, the queue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.models import Project
from onboarding.routing_decision import ROUTE_PROJECT_MAX_QUERIES
from onboarding.services.routing import route_project

from .routing_helpers import contact, fill, lot_et_garonne, need, new_project, referent, rule, segment, team

pytestmark = pytest.mark.django_db

SIZES = [(3, 3), (50, 100)]


def world(rules, referents, territory, *, path):
    """`rules` rules, all but the last elsewhere; `referents` referents, in
    the last rule's team (or the rule's own referent), each with some load."""
    elsewhere = lot_et_garonne()
    members = [referent("Membre", f"N{i}", capacity=10) for i in range(referents)]
    for member in members[:10]:
        fill(member, 2)
    for i in range(rules - 1):
        rule(f"Ailleurs {i}", priority=i, team=team(f"Équipe {i}", *members[:3]), epcis=[elsewhere["epci"]],
             needs=[need("emploi"), need("mobilite")], segments=[segment("sante")])
    target = {"team": team("CCI", *members)} if path != "referent" else {"to": members[-1]}
    if path == "full":
        for member in members:
            fill(member, 10)
    if path != "queue":
        rule("Création à Figeac", priority=1000, epcis=[territory["epci"]], needs=[need("creation-reprise")],
             **target)
    who = contact()
    if path == "sticky":
        Project.objects.create(contact=who, source="phone", referent=members[1])
    return new_project(who=who, needs=[need("creation-reprise"), need("emploi")], segment=segment("talent"),
                       target_commune=territory["commune"])


def _count(project):
    with CaptureQueriesContext(connection) as queries:
        decision = route_project(project=project)
    return len(queries), decision


# The queries of one decision, by path: the project with its needs, the
# previous referent and the rules with their conditions (1), the candidates
# locked (1), their loads and absences (1), the project UPDATE (1), the
# decision INSERT (1); no candidate to lock with no matching rule; the
# queue's e-mail is one outbox row more.
EXPECTED = {"team": 5, "referent": 5, "sticky": 5, "full": 6, "queue": 4}


@pytest.mark.parametrize("size", SIZES, ids=["3-rules-3-referents", "50-rules-100-referents"])
@pytest.mark.parametrize("path", list(EXPECTED))
def test_a_decision_costs_the_same_few_queries_at_any_size(territory, path, size):
    count, decision = _count(world(*size, territory, path=path))
    assert (decision.referent is None) == (path in {"queue", "full"})
    assert count == EXPECTED[path]
    assert count <= ROUTE_PROJECT_MAX_QUERIES + (1 if decision.referent is None else 0)
