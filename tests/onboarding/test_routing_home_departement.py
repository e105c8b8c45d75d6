"""Chambers are departmental: a rule whose target belongs to an organisation
of one département (by its EPCI) does not take a project in another, unless
the rule says "hors de son département" (`any_departement`) or names the
territory itself.

The expectations are the territory's: the CCI du Lot (seated in Grand-Figeac
here) handles business takeovers in the Lot, the CCI de Lot-et-Garonne (seated
in Agen) those in the Lot-et-Garonne."""

import pytest

from crm.models import Commune, Departement, Organisation
from onboarding.routing_decision import hypothetical_facts, routing_decide

from .routing_helpers import lot_et_garonne, need, referent, routed, rule, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(territory):
    lg = lot_et_garonne()
    places = {
        "46": territory["commune"],  # Figeac
        "47": lg["commune"],  # Agen
    }
    organisations = {
        "46": Organisation.objects.create(name="CCI du Lot", kind=Organisation.Kind.CCI, epci=territory["epci"]),
        "47": Organisation.objects.create(name="CCI de Lot-et-Garonne", kind=Organisation.Kind.CCI, epci=lg["epci"]),
        # A body with no EPCI belongs to no département: it sets no bound.
        None: Organisation.objects.create(name="Réseau régional", kind=Organisation.Kind.OTHER),
    }
    return {"places": places, "organisations": organisations, "territory": territory, "lg": lg}


def takeover_in(world, departement, **kwargs):
    return routed(needs=[need("creation-reprise")], target_commune=world["places"][departement], **kwargs)


# (project's département, département of the rule's team, "hors de son département", taken by the rule?)
TRUTH_TABLE = [
    ("46", "46", False, True),
    ("46", "46", True, True),
    ("46", "47", False, False),
    ("46", "47", True, True),
    ("47", "46", False, False),
    ("47", "46", True, True),
    ("47", "47", False, True),
    ("47", "47", True, True),
    ("46", None, False, True),
    ("47", None, False, True),
]


@pytest.mark.parametrize(("project_in", "team_in", "any_departement", "taken"), TRUTH_TABLE)
def test_a_team_rule_takes_projects_of_its_own_departement_unless_told_otherwise(
    world, project_in, team_in, any_departement, taken,
):
    adviser = referent("Marie", "Dupont", org=world["organisations"][team_in])
    cci = team("Équipe CCI", adviser, org=world["organisations"][team_in])
    chamber = rule("Reprise", team=cci, needs=[need("creation-reprise")])
    chamber.any_departement = any_departement
    chamber.save()
    project, decision = takeover_in(world, project_in)
    assert (project.referent == adviser) is taken
    assert (decision.rule == chamber) is taken


@pytest.mark.parametrize(("project_in", "referent_in", "any_departement", "taken"), TRUTH_TABLE)
def test_a_referent_rule_follows_the_referents_organisation(world, project_in, referent_in, any_departement, taken):
    adviser = referent("Paul", "Bernard", org=world["organisations"][referent_in])
    chamber = rule("Reprise", to=adviser, needs=[need("creation-reprise")])
    chamber.any_departement = any_departement
    chamber.save()
    project, _ = takeover_in(world, project_in)
    assert (project.referent == adviser) is taken


def test_the_target_epci_alone_places_the_project(world):
    adviser = referent("Marie", "Dupont", org=world["organisations"]["46"])
    rule("Reprise", team=team("Équipe CCI", adviser, org=world["organisations"]["46"]),
         needs=[need("creation-reprise")])
    assert routed(needs=[need("creation-reprise")], target_epci=world["lg"]["epci"])[0].referent is None
    assert routed(needs=[need("creation-reprise")], target_epci=world["territory"]["epci"])[0].referent == adviser


def test_a_project_whose_place_is_unknown_is_not_kept_out(world):
    adviser = referent("Marie", "Dupont", org=world["organisations"]["46"])
    rule("Reprise", team=team("Équipe CCI", adviser, org=world["organisations"]["46"]),
         needs=[need("creation-reprise")])
    assert routed(needs=[need("creation-reprise")])[0].referent == adviser


def test_a_rule_that_names_the_territory_holds_where_it_says(world):
    # The coordinators wrote it: a Lot team that also covers Agen's agglomeration.
    adviser = referent("Marie", "Dupont", org=world["organisations"]["46"])
    lot_team = team("Équipe CCI", adviser, org=world["organisations"]["46"])
    rule("Agen aussi", team=lot_team, epcis=[world["lg"]["epci"]])
    assert takeover_in(world, "47")[0].referent == adviser
    rule("Tout le 47", team=lot_team, departements=[world["lg"]["departement"]], priority=200)
    assert routed(target_epci=world["lg"]["epci"])[0].referent == adviser


def test_a_commune_across_the_border_of_its_epci_counts_in_its_own_departement(world):
    """Grand-Figeac spans the Lot and the Aveyron: its territorial rule, which
    names it, takes Capdenac-Gare; the Lot's CCI, departmental, does not."""
    aveyron = Departement.objects.create(code="12", name="Aveyron")
    capdenac = Commune.objects.create(
        insee="12052", name="Capdenac-Gare", departement=aveyron, epci=world["territory"]["epci"], population=4500,
    )
    lot_org = world["organisations"]["46"]
    cci_adviser = referent("Marie", "Dupont", org=lot_org)
    rule("Reprise", priority=10, team=team("Équipe CCI", cci_adviser, org=lot_org), needs=[need("creation-reprise")])
    figeac_org = Organisation.objects.create(
        name="CC Grand-Figeac", kind=Organisation.Kind.EPCI, epci=world["territory"]["epci"])
    figeac_referent = referent("Paul", "Bernard", org=figeac_org)
    rule("Territoire Grand-Figeac", team=team("Accueil Grand-Figeac", figeac_referent, org=figeac_org),
         epcis=[world["territory"]["epci"]])
    project, _ = routed(needs=[need("creation-reprise")], target_commune=capdenac)
    assert project.referent == figeac_referent


def test_the_reason_names_the_rule_kept_out_by_its_departement(world):
    lot_adviser = referent("Marie", "Dupont", org=world["organisations"]["46"])
    rule("Thématique : CCI du Lot", priority=10, team=team("Équipe CCI du Lot", lot_adviser,
         org=world["organisations"]["46"]), needs=[need("creation-reprise")])
    agen_referent = referent("Paul", "Bernard", org=world["organisations"]["47"])
    rule("Territoire Agen", priority=100, to=agen_referent, epcis=[world["lg"]["epci"]])
    project, decision = takeover_in(world, "47")
    assert project.referent == agen_referent
    assert decision.reason.endswith(
        " ; « Thématique : CCI du Lot » écartée (hors de son département : Lot)")


def test_the_queue_reason_says_why_the_only_rule_was_kept_out(world):
    lot_adviser = referent("Marie", "Dupont", org=world["organisations"]["46"])
    rule("Thématique : CCI du Lot", team=team("Équipe CCI du Lot", lot_adviser, org=world["organisations"]["46"]),
         needs=[need("creation-reprise")])
    project, decision = takeover_in(world, "47")
    assert project.referent is None
    assert decision.reason == (
        "Aucune règle d'orientation ne s'applique : file d'attente de la coordination"
        " ; « Thématique : CCI du Lot » écartée (hors de son département : Lot).")


def test_a_rule_failing_its_own_conditions_is_not_blamed_on_its_departement(world):
    lot_adviser = referent("Marie", "Dupont", org=world["organisations"]["46"])
    rule("Thématique : CCI du Lot", team=team("Équipe CCI du Lot", lot_adviser, org=world["organisations"]["46"]),
         needs=[need("creation-reprise")])
    _, decision = routed(needs=[need("emploi")], target_commune=world["places"]["47"])
    assert decision.reason == "Aucune règle d'orientation ne s'applique : file d'attente de la coordination."


def test_the_preview_says_a_rule_is_outside_its_departement(world):
    lot_adviser = referent("Marie", "Dupont", org=world["organisations"]["46"])
    rule("Thématique : CCI du Lot", team=team("Équipe CCI du Lot", lot_adviser, org=world["organisations"]["46"]),
         needs=[need("creation-reprise")])
    facts = hypothetical_facts(needs=[need("creation-reprise"), need("emploi")], commune=world["places"]["47"])
    decision = routing_decide(facts)
    assert decision.referent is None
    (check,) = decision.checks
    assert check.failed_labels == ["hors de son département : Lot"]
    facts = hypothetical_facts(needs=[need("emploi")], commune=world["places"]["47"])
    (check,) = routing_decide(facts).checks
    assert check.failed_labels == ["besoins", "hors de son département : Lot"]
