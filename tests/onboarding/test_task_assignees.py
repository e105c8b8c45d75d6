"""referents_who_may_see is projects_visible_to read the other way round:
for every referent and project, the two agree."""

import pytest
from django.contrib.auth.models import Group, User

from crm.access import COORDINATOR_GROUP, REFERENT_GROUP
from crm.models import Contact, Referent, Team
from onboarding.access import may_see, referents_who_may_see
from onboarding.services.projects import project_create
from onboarding.states import Source
from tests.conftest import join_network


def _referent(username, organisation, *groups, superuser=False, active=True):
    user = User.objects.create_user(username, password="password", is_superuser=superuser, is_active=active)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    join_network(user)
    return Referent.objects.create(user=user, organisation=organisation, capacity=30)


@pytest.fixture
def world(organisation):
    team = Team.objects.create(name="Accueil Figeac", organisation=organisation)
    other_team = Team.objects.create(name="CCI", organisation=organisation)
    people = {
        "follows": _referent("follows", organisation, REFERENT_GROUP),
        "teammate": _referent("teammate", organisation, REFERENT_GROUP),
        "other_team": _referent("other_team", organisation, REFERENT_GROUP),
        "stranger": _referent("stranger", organisation, REFERENT_GROUP),
        "coordinator": _referent("coordinator", organisation, COORDINATOR_GROUP),
        "superuser": _referent("superuser", organisation, superuser=True),
        "gone": _referent("gone", organisation, REFERENT_GROUP, active=False),
        "gone_coordinator": _referent("gone_coordinator", organisation, COORDINATOR_GROUP, active=False),
    }
    team.members.add(people["teammate"], people["follows"], people["gone"])
    other_team.members.add(people["other_team"])

    def project(n, **kwargs):
        contact = Contact.objects.create(first_name="P", last_name=str(n), email=f"p{n}@example.org")
        return project_create(contact=contact, source=Source.WEBSITE, **kwargs)

    projects = [
        project(1, referent=people["follows"]),
        project(2, referent=people["follows"], team=team),
        project(3, team=team),
        project(4),  # the coordinators' queue
        project(5, referent=people["other_team"], team=other_team),
    ]
    return people, projects


def test_it_agrees_with_may_see_for_every_referent_and_project(world):
    people, projects = world
    for project in projects:
        expected = {r for r in Referent.objects.select_related("user") if may_see(project, r.user)}
        assert set(referents_who_may_see(project)) == expected, project


def test_it_reads_a_project_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    _, projects = world
    with django_assert_num_queries(1):
        list(referents_who_may_see(projects[1]))
