import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crm.models import Epci, Referent
from demo.services import DEMO_EMAIL_DOMAIN, demo_load
from onboarding.models import Project, ProjectTransition, RoutingRule


@pytest.fixture
def territories(db):
    call_command("load_territories", stdout=open("/dev/null", "w"))


@pytest.fixture
def demo(territories):
    return demo_load(projects=40, seed=7)


def test_it_creates_a_referent_and_a_routing_rule_for_every_epci(demo):
    epcis = Epci.objects.count()
    assert epcis == 20
    assert Referent.objects.filter(organisation__epci__isnull=False).count() == epcis
    assert RoutingRule.objects.filter(epcis__isnull=False).distinct().count() == epcis


def test_it_spreads_projects_over_states_sources_and_segments(demo):
    projects = Project.objects.filter(contact__email__endswith=DEMO_EMAIL_DOMAIN)
    assert projects.count() == 40
    assert projects.values("state").distinct().count() >= 6
    assert projects.values("source").distinct().count() >= 3
    assert projects.values("segment").distinct().count() >= 3


def test_its_history_replays_to_each_projects_state_in_date_order(demo):
    for project in Project.objects.all():
        rows = list(ProjectTransition.objects.filter(project=project).order_by("at", "id"))
        assert rows[0].transition == "create"
        assert rows[0].at == project.created_at
        for previous, row in zip(rows, rows[1:], strict=False):
            assert row.from_state == previous.to_state
            assert row.at >= previous.at
        assert rows[-1].to_state == project.state


def test_running_it_twice_creates_nothing_more(demo):
    again = demo_load(projects=40, seed=7)
    assert again.projects_created == 0
    assert Project.objects.count() == 40


def test_the_command_refuses_to_create_demo_accounts_with_debug_off(territories, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", projects=1)
    assert Project.objects.count() == 0
