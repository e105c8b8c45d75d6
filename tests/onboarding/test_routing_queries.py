"""Routing one project costs a bounded number of queries, whatever the size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.models import Absence
from onboarding.models import Project
from onboarding.routing_decision import ROUTE_PROJECT_MAX_QUERIES
from onboarding.services.routing import route_project

from .routing_helpers import contact, fill, lot_et_garonne, need, new_project, referent, rule, segment, team

pytestmark = pytest.mark.django_db


def build(size, territory):
    """`size` teams of `size` referents, each with `size` open projects, a
    few absences, 2 * size rules that do not match, then the one that does."""
    today = timezone.localdate()
    elsewhere = lot_et_garonne()
    for t in range(size):
        members = [referent("Membre", f"T{t}N{i}", capacity=size * 3) for i in range(size)]
        for member in members:
            fill(member, size)
        Absence.objects.create(referent=members[0], starts_on=today, ends_on=today + datetime.timedelta(days=3))
        rule(f"Ailleurs {t}", priority=t, team=team(f"Équipe {t}", *members), epcis=[elsewhere["epci"]],
             needs=[need("emploi"), need("mobilite")])
        rule(f"Santé {t}", priority=100 + t, team=team(f"Santé {t}", *members), segments=[segment("sante")])
    target = team("CCI", *[referent("CCI", f"N{i}", capacity=size * 3) for i in range(size)])
    rule("Création à Figeac", priority=1000, team=target, epcis=[territory["epci"]],
         needs=[need("creation-reprise")])
    # The contact comes back: the sticky look-up runs, and its referent is full.
    returning = contact()
    full = referent("Plein", "Complet", capacity=1)
    fill(full, 1)
    Project.objects.create(contact=returning, source="phone", referent=full)
    return new_project(who=returning, needs=[need("creation-reprise"), need("emploi")],
                       segment=segment("talent"), target_commune=territory["commune"])


@pytest.mark.parametrize("size", [1, 12])
def test_routing_stays_within_the_stated_bound(size, territory, django_assert_max_num_queries):
    project = build(size, territory)
    with django_assert_max_num_queries(ROUTE_PROJECT_MAX_QUERIES):
        decision = route_project(project=project)
    assert decision.rule.name == "Création à Figeac"
    assert decision.referent is not None


def test_the_count_does_not_grow_with_the_data(territory):
    counts = []
    for size in (1, 12):
        project = build(size, territory) if size == 1 else _grow(territory)
        with CaptureQueriesContext(connection) as queries:
            route_project(project=project)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= ROUTE_PROJECT_MAX_QUERIES


def _grow(territory):
    """Add many more rules, referents and projects to the world `build(1)` made."""
    from crm.models import Team

    cci = Team.objects.get(name="CCI")
    for i in range(30):
        member = referent("Nouveau", f"N{i}", capacity=50)
        fill(member, 5)
        cci.members.add(member)
        rule(f"Autre {i}", priority=i, to=member, segments=[segment("jeune")])
    returning = Project.objects.filter(referent__user__last_name="Complet").first().contact
    return new_project(who=returning, needs=[need("creation-reprise")], target_commune=territory["commune"])
