"""Above the services' share: the bulk builder (demo.bulk). The territories
and 80 projects (5 through the services, the 75 others in bulk) are made once
for the module (in a transaction rolled back after its last test; each
test's own changes are rolled back after it)."""

import io

import pytest
from django.core.management import call_command

from crm.models import Referent
from demo.services import demo_load
from onboarding.models import Project, ProjectStageTime, ProjectTransition
from tests.module_rows import kept_for_the_module
from tests.onboarding.stage_time_helpers import assert_kept_stage_times_match_the_log

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bulk_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), kept_for_the_module():
        call_command("load_territories", stdout=io.StringIO())
        # 5 projects through the services, the 75 others in bulk.
        yield demo_load(projects=80, seed=11, services_up_to=5)


def _replays(project):
    rows = list(ProjectTransition.objects.filter(project=project).order_by("at", "id"))
    assert rows[0].transition == "create"
    assert rows[0].at == project.created_at
    for previous, row in zip(rows, rows[1:], strict=False):
        assert row.from_state == previous.to_state
        assert row.at >= previous.at
        if row.transition == "resume":
            assert row.to_state == previous.from_state  # back to the state it left
        if row.transition == "reject":
            assert row.from_state == "new"
    assert rows[-1].to_state == project.state
    return rows


def test_bulk_projects_history_replays_to_each_projects_state(bulk_demo):
    assert Project.objects.count() == 80
    for project in Project.objects.all():
        _replays(project)


def test_every_projects_stage_times_are_those_its_log_gives(bulk_demo):
    # The 5 through the services (their history back-dated afterwards) and the 75 written in bulk.
    assert ProjectStageTime.objects.values("project").distinct().count() > 60
    assert_kept_stage_times_match_the_log()


def test_bulk_projects_columns_agree_with_their_history(bulk_demo):
    for project in Project.objects.all():
        rows = _replays(project)
        contacted = [r.at for r in rows if r.transition == "make_contact"]
        assert project.first_contacted_at == (contacted[0] if contacted else None)
        if project.state in ("installed", "integrated"):
            assert project.installed_commune_id is not None and project.installed_on is not None
        if project.state == "on_hold":
            assert project.paused_from == rows[-1].from_state
        else:
            assert project.paused_from == ""
        assert bool(project.abandon_reason) == (project.state == "abandoned")
        reopened = [r for r in rows if r.transition == "reopen"]
        for row in reopened:
            ever_contacted = any(r.transition == "make_contact" and r.at <= row.at for r in rows)
            assert row.to_state == ("contacted" if ever_contacted else "new")


def test_bulk_projects_are_located_as_the_location_rule_says(bulk_demo):
    from onboarding.location import project_locate

    projects = Project.objects.select_related("installed_commune", "target_commune", "target_epci")
    assert all(p.epci_id is not None and p.departement_id is not None for p in projects)
    for project in projects:
        assert project_locate(project) == []  # nothing to change: epci and département already right
        assert project.departement.networks.get() == project.network
        assert project.contact.network_id == project.network_id


def test_bulk_projects_each_have_the_routing_decision_their_referent_comes_from(bulk_demo):
    from onboarding.models import RoutingDecision
    from onboarding.states import OPEN_STATES

    for project in Project.objects.all():
        decision = RoutingDecision.objects.get(project=project, kind=RoutingDecision.Kind.AUTOMATIC)
        assert (decision.referent_id, decision.team_id) == (project.referent_id, project.team_id)
        assert decision.reason
        if project.referent_id:
            assert project.referent.user.networks.filter(pk=project.network_id).exists()
    for referent in Referent.objects.all():
        assert referent.projects.filter(state__in=OPEN_STATES).count() <= referent.capacity


def test_running_the_bulk_demo_again_creates_nothing_more_and_a_larger_one_adds_the_difference(bulk_demo):
    assert demo_load(projects=80, seed=11, services_up_to=5).projects_created == 0
    assert demo_load(projects=95, seed=11, services_up_to=5).projects_created == 15
    assert Project.objects.count() == 95
    assert Project.objects.values("contact__email").distinct().count() == 95


def test_bulk_contacts_carry_the_look_up_keys_save_would_give_them(bulk_demo):
    """Rows written in bulk skip Contact.save(): their keys must be the same,
    or the staff search and the duplicate check would not find them."""
    from crm.models import Contact
    from crm.models.people import contact_search_key, phone_key
    from crm.models.territories import normalize_name

    contacts = list(Contact.objects.all())
    assert len(contacts) >= 75
    for contact in contacts:
        assert contact.search_key == contact_search_key(contact.first_name, contact.last_name, contact.email)
        assert contact.phone_key == phone_key(contact.phone)
        assert contact.last_name_key == normalize_name(contact.last_name)[:100]
