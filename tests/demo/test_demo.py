import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from crm.models import Epci, Event, Network, Organisation, Referent
from demo.services import DEMO_EMAIL_DOMAIN, demo_load
from onboarding.access import projects_visible_to
from onboarding.models import Project, ProjectStageTime, ProjectTransition, RoutingRule
from tests.onboarding.stage_time_helpers import assert_kept_stage_times_match_the_log


@pytest.fixture
def territories(db):
    call_command("load_territories", stdout=open("/dev/null", "w"))


@pytest.fixture
def demo(territories):
    return demo_load(projects=40, seed=7)


def test_it_creates_a_referent_and_a_routing_rule_for_every_epci(demo):
    epcis = Epci.objects.count()
    assert epcis == 20
    # The chambers have a seat EPCI too: the territorial referents are the EPCIs' own.
    assert Referent.objects.filter(organisation__kind=Organisation.Kind.EPCI).count() == epcis
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


def test_it_seeds_two_networks_each_with_its_territory_brand_and_coordinator(demo):
    lot, lot_et_garonne = (Network.objects.get(slug=slug) for slug in ("lot", "lot-et-garonne"))
    assert Network.objects.count() == 2  # the fresh instance's default network became the Lot's
    assert (lot.programme, lot.welcome_to) == ("Oh my Lot !", "dans le Lot")
    assert lot_et_garonne.programme not in ("", lot.programme, lot_et_garonne.name)
    assert lot_et_garonne.primary_colour != lot.primary_colour
    assert [d.code for d in lot.departements.all()] == ["46"]
    assert [d.code for d in lot_et_garonne.departements.all()] == ["47"]
    assert [u.username for u in lot.members.filter(groups__name="coordinator")] == ["coordination.lot"]
    assert [u.username for u in lot_et_garonne.members.filter(groups__name="coordinator")] == ["coordination.47"]
    for network in (lot, lot_et_garonne):
        # Its EPCIs' referents, rules and events are its own.
        epcis = Epci.objects.filter(departement__networks=network)
        assert epcis.exists()
        for epci in epcis:
            referent = Referent.objects.get(organisation__epci=epci, organisation__kind=Organisation.Kind.EPCI)
            assert list(referent.user.networks.all()) == [network]
            assert RoutingRule.objects.get(epcis=epci).network == network
        assert Event.objects.filter(network=network).exists()


def test_each_project_is_in_its_territorys_network_with_its_staff(demo):
    projects = Project.objects.select_related("network", "referent__user", "departement", "event")
    assert {p.network.slug for p in projects} == {"lot", "lot-et-garonne"}
    for project in projects:
        assert project.departement.networks.get() == project.network
        assert project.contact.network_id == project.network_id
        if project.referent_id:
            assert project.referent.user.networks.filter(pk=project.network_id).exists()
        if project.event_id:
            assert project.event.network_id == project.network_id


def test_the_coordinators_see_only_their_networks_projects(demo):
    lot_coordinator = User.objects.get(username="coordination.lot")
    seen = projects_visible_to(lot_coordinator)
    assert seen.exists()
    assert set(seen.values_list("network__slug", flat=True)) == {"lot"}
    assert not projects_visible_to(User.objects.get(username="region.occitanie")).exists()


def test_the_command_prints_each_networks_coordinator(territories, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", projects=2, stdout=out)
    printed = out.getvalue()
    assert "Oh my Lot ! (/lot/) – coordination : coordination.lot" in printed
    assert "(/lot-et-garonne/) – coordination : coordination.47" in printed
    assert "region.occitanie" in printed


# --- above the services' share: the bulk builder (demo.bulk) ---------------------------------

@pytest.fixture
def bulk_demo(territories):
    # 5 projects through the services, the 75 others in bulk.
    return demo_load(projects=80, seed=11, services_up_to=5)


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


def test_the_command_builds_benchmark_data_with_debug_off_and_no_password(territories, settings):
    settings.DEBUG = False
    call_command("seed_demo", projects=12, benchmark=True, stdout=io.StringIO())
    assert Project.objects.count() == 12
    assert not any(user.has_usable_password() for user in User.objects.all())


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
