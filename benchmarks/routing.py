"""Routing benchmark: 10,000 projects against 50 rules and 200 referents.

How to run (PostgreSQL required, nothing else):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newcomers \\
        .venv/bin/python benchmarks/routing.py

Options: --projects 10000 --rules 50 --referents 200 --seed 1.

The script sets DJANGO_SETTINGS_MODULE=config.settings.test and, with
Django's test-database utilities, creates a fresh database named after the
one in DATABASE_URL with the suffix "_bench_routing" (migrated, the real
territories loaded), and drops it at the end: it never reads or writes the
database DATABASE_URL names. Tasks run in-process (test settings), e-mails
go to memory.

Two measures, each project in its own transaction like intake:

1. the baseline: `project_create` alone, for as many projects;
2. `project_create` then `route_project`, what intake does,

interleaved (one of each in turn) so that both see the same machine.
10% of the routed projects come from a contact already routed (the sticky
referent); 3% of referents are inactive and 10% absent.

It prints projects per second and queries per project for both, the time
and queries of `route_project` alone (average and maximum, against the
stated bound), the ratio of the two rates, where the projects went, and
checks that no referent ended up over capacity.
"""

import argparse
import datetime
import logging
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, F, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.own_database import own_database  # noqa: E402
from crm.access import COORDINATOR_GROUP, REFERENT_GROUP  # noqa: E402
from crm.models import (  # noqa: E402
    Absence,
    Commune,
    Contact,
    Departement,
    Epci,
    Need,
    Network,
    Organisation,
    Referent,
    Segment,
    Team,
)
from crm.services.territories import territories_load  # noqa: E402
from onboarding.models import RoutingDecision, RoutingRule  # noqa: E402
from onboarding.routing_decision import ROUTE_PROJECT_MAX_QUERIES  # noqa: E402
from onboarding.services.projects import project_create  # noqa: E402
from onboarding.services.routing import route_project  # noqa: E402
from onboarding.states import OPEN_STATES, Source  # noqa: E402

TEAM_SIZE = 8


class QueryCounter:
    """Counts every statement sent to the database (works with DEBUG off)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def build_world(rng, *, rules, referents):
    territories_load()
    communes = list(Commune.objects.select_related("epci"))
    epcis = list(Epci.objects.all())
    needs = list(Need.objects.all())
    segments = list(Segment.objects.all())
    orgs = [
        Organisation.objects.create(name=name, kind=kind)
        for name, kind in [
            ("Département du Lot", Organisation.Kind.DEPARTEMENT),
            ("Département de Lot-et-Garonne", Organisation.Kind.DEPARTEMENT),
            ("CCI", Organisation.Kind.CCI),
            ("CMA", Organisation.Kind.CMA),
            ("Chambre d'agriculture", Organisation.Kind.AGRICULTURE),
        ]
    ]

    users = User.objects.bulk_create([
        User(username=f"ref{i}", first_name="Référent", last_name=f"N{i:03d}", email=f"ref{i}@example.org",
             password="!")
        for i in range(referents)
    ])
    Group.objects.get(name=REFERENT_GROUP).user_set.add(*users)
    coordinators = User.objects.bulk_create([
        User(username=f"coord{i}", first_name="Coord", last_name=f"N{i}", email=f"coord{i}@example.org",
             password="!")
        for i in range(2)
    ])
    Group.objects.get(name=COORDINATOR_GROUP).user_set.add(*coordinators)
    # Staff work for a network: every one of the instance's (routing considers
    # only the project's network's referents).
    for network in Network.objects.all():
        network.members.add(*users, *coordinators)
    people = Referent.objects.bulk_create([
        Referent(user=user, organisation=rng.choice(orgs), capacity=rng.randint(80, 150),
                 is_active=rng.random() > 0.03)
        for user in users
    ])
    today = timezone.localdate()
    Absence.objects.bulk_create([
        Absence(referent=r, starts_on=today - datetime.timedelta(days=1), ends_on=today + datetime.timedelta(days=5))
        for r in rng.sample(people, k=len(people) // 10)
    ])

    teams = []
    for t in range(0, len(people), TEAM_SIZE):
        team = Team.objects.create(name=f"Équipe {t // TEAM_SIZE}", organisation=rng.choice(orgs))
        team.members.set(people[t:t + TEAM_SIZE])
        teams.append(team)

    # Shaped like the coordinators' own: thematic rules first (a need, maybe a
    # segment, a département), then one rule per EPCI to its territorial team,
    # then a catch-all to the Département's team. A few point at one person.
    departements = list(Departement.objects.all())
    thematic = rules - len(epcis) - 1
    if thematic < 0:
        sys.exit(f"--rules must be at least {len(epcis) + 1} (one per EPCI and a catch-all).")
    for i in range(thematic):
        to_team = rng.random() < 0.85
        rule = RoutingRule.objects.create(
            name=f"Thématique {i}", priority=10 + i,
            target_team=rng.choice(teams[:-1]) if to_team else None,
            target_referent=None if to_team else rng.choice(people),
        )
        rule.needs.set(rng.sample(needs, k=rng.randint(1, 2)))
        rule.segments.set(rng.sample(segments, k=1))
        rule.departements.set(rng.sample(departements, k=rng.choice([0, 1])))
    for i, epci in enumerate(epcis):
        rule = RoutingRule.objects.create(
            name=f"Accueil {epci.name}", priority=100 + i, target_team=teams[i % (len(teams) - 1)]
        )
        rule.epcis.set([epci])
    RoutingRule.objects.create(name="Filet de sécurité", priority=10_000, target_team=teams[-1])
    return {"communes": communes, "epcis": epcis, "needs": needs, "segments": segments}


def project_details(rng, world):
    # Most prospects name a commune, some only an intercommunalité, a few neither.
    where = rng.random()
    return {
        "needs": rng.sample(world["needs"], k=rng.randint(1, 3)),
        "segment": rng.choice(world["segments"]) if rng.random() < 0.8 else None,
        "target_commune": rng.choice(world["communes"]) if where < 0.6 else None,
        "target_epci": rng.choice(world["epcis"]) if 0.6 <= where < 0.9 else None,
    }


def run(n, rng, world, *, returning_share):
    """n baseline projects and n routed ones, interleaved so that both see
    the same load on the machine; returns the two measures."""
    contacts = Contact.objects.bulk_create([
        Contact(first_name="Camille", last_name=f"P{i}", email=f"p{i}@example.org") for i in range(2 * n)
    ])
    base_jobs = [(contact, project_details(rng, world)) for contact in contacts[:n]]
    routed_contacts = contacts[n:]

    counter = QueryCounter()
    base = {"n": n, "seconds": 0.0, "queries": 0}
    routed = {"n": n, "seconds": 0.0, "queries": 0, "route_seconds": 0.0, "route_queries": 0, "route_max": 0}
    seen = []  # contacts already routed: some come back with a new project
    with connection.execute_wrapper(counter):
        for i, (contact, details) in enumerate(base_jobs):
            queries, started = counter.count, time.perf_counter()
            with transaction.atomic():
                project_create(contact=contact, source=Source.WEBSITE, **details)
            base["seconds"] += time.perf_counter() - started
            base["queries"] += counter.count - queries

            contact = rng.choice(seen) if seen and rng.random() < returning_share else routed_contacts[i]
            seen.append(contact)
            details = project_details(rng, world)
            queries, started = counter.count, time.perf_counter()
            with transaction.atomic():
                project = project_create(contact=contact, source=Source.WEBSITE, **details)
                before_route, route_started = counter.count, time.perf_counter()
                route_project(project=project)
                routed["route_seconds"] += time.perf_counter() - route_started
                routing = counter.count - before_route
            # The total includes the after-commit e-mail to the coordinators
            # (tasks run in-process here) when a project lands in the queue.
            routed["seconds"] += time.perf_counter() - started
            routed["queries"] += counter.count - queries
            routed["route_queries"] += routing
            routed["route_max"] = max(routed["route_max"], routing)
    for result in (base, routed):
        result["rate"] = n / result["seconds"]
        result["queries"] /= n
    routed["route_queries"] /= n
    return base, routed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--rules", type=int, default=50)
    parser.add_argument("--referents", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    # One log line per queued project and per task would drown the figures
    # (and, without a broker URL, kombu warns about a broker it never uses).
    logging.disable(logging.WARNING)
    with own_database("routing.py", "bench_routing"):
        rng = random.Random(args.seed)
        print(f"Database {connection.settings_dict['NAME']}: building {args.rules} rules, "
              f"{args.referents} referents, the real territories...", flush=True)
        world = build_world(rng, rules=args.rules, referents=args.referents)

        print(f"Creating {args.projects} projects (baseline) and routing {args.projects} more, interleaved...",
              flush=True)
        # The baseline's projects stay unassigned: they weigh on no referent's load.
        base, routed = run(args.projects, rng, world, returning_share=0.1)

        report(base, routed)


def report(base, routed):
    decisions = RoutingDecision.objects.filter(kind=RoutingDecision.Kind.AUTOMATIC)
    outcomes = Counter(
        "sticky" if d["rule_id"] is None and d["referent_id"] else
        "queue" if d["referent_id"] is None else
        "catch-all" if d["rule__name"] == "Filet de sécurité" else "specific rule"
        for d in decisions.values("rule_id", "referent_id", "rule__name")
    )
    over = (
        Referent.objects.annotate(open=Count("projects", filter=Q(projects__state__in=OPEN_STATES)))
        .filter(open__gt=F("capacity")).count()
    )
    route_ms = routed["route_seconds"] / routed["n"] * 1000
    print()
    print(f"{'':34} {'projects/s':>11} {'queries/project':>16} {'total s':>8}")
    print(f"{'project_create (baseline)':34} {base['rate']:>11.0f} {base['queries']:>16.2f} {base['seconds']:>8.1f}")
    print(f"{'project_create + route_project':34} {routed['rate']:>11.0f} {routed['queries']:>16.2f} "
          f"{routed['seconds']:>8.1f}")
    print()
    print(f"route_project alone: {route_ms:.2f} ms per project, {routed['route_queries']:.2f} queries on average, "
          f"{routed['route_max']} at most (stated bound: {ROUTE_PROJECT_MAX_QUERIES})")
    print(f"rate ratio routed / baseline: {routed['rate'] / base['rate']:.2f}")
    print(f"outcomes: {dict(outcomes)}")
    print(f"referents over capacity: {over}")


if __name__ == "__main__":
    main()
