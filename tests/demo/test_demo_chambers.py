"""The demo's chambers are departmental: a business takeover in Marmande goes
to the CCI de Lot-et-Garonne, a farmer near Villeneuve-sur-Lot to the Chambre
d'agriculture de Lot-et-Garonne, and their kits name only their département's
chambers. Through the real intake functions and routing, on the real
territories; no demo projects are needed."""

import pytest
from django.core.management import call_command

from crm.models import Commune, Contact, Need, Organisation, Team
from demo.kit_content import kit_content_seed
from demo.services import demo_networks, demo_staff
from onboarding.models import RoutingRule
from onboarding.segments import segment_for
from onboarding.services.projects import project_create
from onboarding.services.routing import route_project
from onboarding.states import Channel, Source
from welcome_kits.rendering import kit_render_html


@pytest.fixture
def world(db):
    """The real territories, the kit content, the two networks and their staff."""
    call_command("load_territories", stdout=open("/dev/null", "w"))
    kit_content_seed()
    demo_staff(demo_networks())


def prospect_in(insee, occupation, *needs):
    """A project as the public form makes it: declared occupation and needs,
    the segment derived from them, then routed."""
    chosen = list(Need.objects.filter(code__in=needs))
    commune = Commune.objects.get(insee=insee)
    contact = Contact.objects.create(
        first_name="Camille", last_name=f"Prospect {insee}", email=f"camille.{insee}@exemple-demo.fr",
        occupation=occupation,
    )
    project = project_create(
        contact=contact, source=Source.WEBSITE, channel=Channel.UI, segment=segment_for(occupation, chosen),
        target_epci_id=commune.epci_id, target_commune=commune, summary=occupation, needs=chosen,
    )
    route_project(project=project)
    project.refresh_from_db()
    return project


MARMANDE, PUJOLS, FIGEAC, CAHORS = "47157", "47215", "46102", "46042"

# (commune, occupation, need, the organisation the project goes to)
CASES = [
    (MARMANDE, "Repreneur d'une quincaillerie", "creation-reprise", "CCI de Lot-et-Garonne"),
    (PUJOLS, "Maraîcher", "installation-agricole", "Chambre d'agriculture de Lot-et-Garonne"),
    (FIGEAC, "Reprise d'une librairie", "creation-reprise", "CCI du Lot"),
    (CAHORS, "Viticultrice", "installation-agricole", "Chambre d'agriculture du Lot"),
]


@pytest.mark.parametrize(("insee", "occupation", "need", "organisation"), CASES)
def test_a_chamber_project_goes_to_the_chamber_of_its_departement(world, insee, occupation, need, organisation):
    project = prospect_in(insee, occupation, need)
    assert project.referent is not None
    assert project.referent.organisation.name == organisation
    assert project.network.departements.get().code == insee[:2]


def test_the_farmers_kit_near_villeneuve_names_only_lot_et_garonne_chambers(world):
    project = prospect_in(PUJOLS, "Maraîcher", "installation-agricole")
    html = kit_render_html(project)
    # The referent's card and the partners' list: the same chamber, Lot-et-Garonne's.
    assert project.referent.organisation.name == "Chambre d'agriculture de Lot-et-Garonne"
    assert project.referent.name in html
    assert "Chambre d&#x27;agriculture de Lot-et-Garonne" in html
    assert "Chambre d&#x27;agriculture du Lot" not in html
    assert "lot.chambagri.fr" not in html


def test_the_takeover_kit_in_marmande_names_only_lot_et_garonne_chambers(world):
    html = kit_render_html(prospect_in(MARMANDE, "Repreneur d'une quincaillerie", "creation-reprise"))
    assert "CCI de Lot-et-Garonne" in html
    assert "CCI du Lot" not in html
    assert "Chambre de métiers et de l&#x27;artisanat du Lot" not in html


def test_each_departement_has_its_own_cci_and_chamber_of_agriculture(world):
    for kind in (Organisation.Kind.CCI, Organisation.Kind.AGRICULTURE):
        rules = RoutingRule.objects.filter(is_active=True, target_team__organisation__kind=kind).select_related(
            "network", "target_team__organisation__epci__departement")
        homes = {}
        for rule in rules:
            home = rule.target_team.organisation.epci.departement
            # A chamber's team, its rule and its network are of one département.
            assert list(rule.network.departements.all()) == [home]
            assert rule.any_departement is False
            homes[home.code] = rule.target_team.organisation.name
        assert set(homes) == {"46", "47"}


def test_an_earlier_demos_lot_team_is_renamed_not_doubled(db):
    """A demo database made before the Lot-et-Garonne had its chambers: its
    "Équipe CCI – reprise d'entreprise" becomes the Lot's, with its rule."""
    call_command("load_territories", stdout=open("/dev/null", "w"))
    org = Organisation.objects.create(name="CCI du Lot", kind=Organisation.Kind.CCI)
    old = Team.objects.create(name="Équipe CCI – reprise d'entreprise", organisation=org)
    RoutingRule.objects.create(name="Thématique : Équipe CCI – reprise d'entreprise", target_team=old, priority=10)
    demo_staff(demo_networks())
    old.refresh_from_db()
    assert old.name == "Équipe CCI du Lot – reprise d'entreprise"
    assert RoutingRule.objects.filter(target_team__organisation=org).count() == 1
    assert Organisation.objects.get(pk=org.pk).epci.departement.code == "46"
