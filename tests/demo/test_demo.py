"""The demo (seed_demo): the territories and 40 projects made through the
services, once for the module (in a transaction rolled back after its last
test; each test's own changes are rolled back after it). The bulk builder is
in test_demo_bulk.py, the command's own checks in test_demo_command.py."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from crm.models import Epci, Event, Network, Organisation, Referent
from demo.services import DEMO_EMAIL_DOMAIN, demo_load
from housing.models import HousingOffer
from housing.selectors import current_offers
from jobs.models import TakeoverBusiness
from jobs.takeovers import public_businesses
from onboarding.access import projects_visible_to
from onboarding.models import Project, ProjectTransition, RoutingRule
from tests.module_rows import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), kept_for_the_module():
        call_command("load_territories", stdout=io.StringIO())
        yield demo_load(projects=40, seed=7)


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


def test_each_departement_has_a_few_current_housing_offers_made_once(demo):
    for network in Network.objects.all():
        for departement in network.departements.all():
            offers = current_offers(network).filter(commune__departement=departement)
            assert offers.count() >= 3 and offers.filter(kind=HousingOffer.Kind.TEMPORARY).exists()
    before = HousingOffer.objects.count()
    demo_load(projects=40, seed=7)
    assert HousingOffer.objects.count() == before


def test_each_departement_has_a_welcome_evening_with_invitations(demo):
    from crm.models import Event
    from events.models import Invitation

    for network in Network.objects.all():
        for departement in network.departements.all():
            assert Event.objects.filter(network=network, kind=Event.Kind.WELCOME,
                                        area_departement=departement).count() == 2
    invitations = Invitation.objects.all()
    assert invitations.filter(registered_at__isnull=False).exists()
    assert invitations.filter(attended=True).exists()


def test_each_departement_has_a_few_businesses_to_take_over_made_once(demo):
    for network in Network.objects.all():
        for departement in network.departements.all():
            assert public_businesses(network).filter(commune__departement=departement).count() >= 3
    before = TakeoverBusiness.objects.count()
    demo_load(projects=40, seed=7)
    assert TakeoverBusiness.objects.count() == before


def test_running_it_twice_creates_nothing_more(demo):
    again = demo_load(projects=40, seed=7)
    assert again.projects_created == 0
    assert Project.objects.count() == 40


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


def test_each_departement_has_ambassadors_with_referrals_and_introductions_made_once(demo):
    from ambassadors.models import Ambassador, Referral
    from ambassadors.proposals import KIND
    from onboarding.models import Proposal

    for network in Network.objects.all():
        assert Ambassador.objects.filter(network=network, status=Ambassador.Status.APPROVED).count() >= 4
        assert Referral.objects.filter(ambassador__network=network).exists()
        assert Proposal.objects.filter(kind=KIND, project__network=network).exists()
    before = (Ambassador.objects.count(), Referral.objects.count(), Proposal.objects.filter(kind=KIND).count())
    demo_load(projects=40, seed=7)
    assert (Ambassador.objects.count(), Referral.objects.count(), Proposal.objects.filter(kind=KIND).count()) == before
