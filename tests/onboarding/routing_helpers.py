"""Builders for the routing tests: plain functions, so that each test says
exactly which referents, teams and rules exist."""

import itertools

from django.contrib.auth.models import Group, User

from crm.access import REFERENT_GROUP
from crm.models import Commune, Contact, Departement, Epci, Need, Organisation, Referent, Segment, Team
from onboarding.models import Project, RoutingRule
from onboarding.services.projects import project_create
from onboarding.services.routing import route_project
from onboarding.states import Source
from tests.conftest import join_network

_numbers = itertools.count(1)


def organisation(name="CCI du Lot", kind=Organisation.Kind.CCI):
    return Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def referent(first_name, last_name, *, capacity=30, is_active=True, org=None):
    username = f"{first_name}.{last_name}.{next(_numbers)}".lower()
    user = User.objects.create_user(
        username=username, password="password", first_name=first_name, last_name=last_name,
        email=f"{username}@example.org",
    )
    user.groups.add(Group.objects.get(name=REFERENT_GROUP))
    join_network(user)
    return Referent.objects.create(
        user=user, organisation=org or organisation(), capacity=capacity, is_active=is_active
    )


def team(name, *members, org=None):
    created = Team.objects.create(name=name, organisation=org or organisation())
    created.members.set(members)
    return created


def rule(name, *, priority=100, to=None, team=None, needs=(), segments=(), epcis=(), departements=(), active=True,
         keep_previous_referent=False):
    created = RoutingRule.objects.create(
        name=name, priority=priority, target_referent=to, target_team=team, is_active=active,
        keep_previous_referent=keep_previous_referent,
    )
    created.needs.set(needs)
    created.segments.set(segments)
    created.epcis.set(epcis)
    created.departements.set(departements)
    return created


def need(code):
    return Need.objects.get(code=code)


def segment(code):
    return Segment.objects.get(code=code)


def contact(email=None):
    n = next(_numbers)
    return Contact.objects.create(
        first_name="Camille", last_name=f"Prospect{n}", email=email if email is not None else f"p{n}@example.org"
    )


def new_project(*, who=None, needs=(), **details):
    """A project as intake creates it, not yet routed."""
    return project_create(contact=who or contact(), source=Source.WEBSITE, needs=needs, **details)


def routed(**kwargs):
    """A new project, routed; returns (project, decision)."""
    project = new_project(**kwargs)
    decision = route_project(project=project)
    return project, decision


def fill(referent, n, state=None):
    """Give `referent` n open projects (without routing them)."""
    network = referent.user.networks.order_by("pk").first()
    projects = [Project(contact=contact(), source=Source.PHONE, referent=referent, network=network) for _ in range(n)]
    Project.objects.bulk_create(projects)
    if state is not None:
        Project.objects.filter(pk__in=[p.pk for p in projects]).update(state=state)
    return projects


def lot_et_garonne():
    """A second département with one EPCI and one commune."""
    lg = Departement.objects.create(code="47", name="Lot-et-Garonne")
    agen_epci = Epci.objects.create(siren="244701413", name="CA Agglomération d'Agen", nature="CA", departement=lg)
    agen = Commune.objects.create(insee="47001", name="Agen", departement=lg, epci=agen_epci, population=32000)
    return {"departement": lg, "epci": agen_epci, "commune": agen}
