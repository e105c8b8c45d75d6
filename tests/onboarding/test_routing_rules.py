"""Which rule applies: each condition kind, empty conditions, priority order."""

import pytest

from onboarding.models import Project, RoutingDecision

from .routing_helpers import lot_et_garonne, need, referent, routed, rule, segment, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def marie(db):
    return referent("Marie", "Dupont")


@pytest.fixture
def paul(db):
    return referent("Paul", "Bernard")


def test_it_routes_on_a_shared_need(marie):
    rule("Création", to=marie, needs=[need("creation-reprise"), need("installation-agricole")])
    project, decision = routed(needs=[need("emploi"), need("creation-reprise")])
    assert project.referent == marie
    assert Project.objects.get(pk=project.pk).referent == marie
    assert decision.rule.name == "Création"


def test_it_skips_a_rule_when_no_need_is_shared(marie):
    rule("Création", to=marie, needs=[need("creation-reprise")])
    project, decision = routed(needs=[need("emploi")])
    assert project.referent is None
    assert decision.rule is None


def test_a_need_condition_does_not_match_a_project_without_needs(marie):
    rule("Création", to=marie, needs=[need("creation-reprise")])
    project, _ = routed()
    assert project.referent is None


def test_it_routes_on_the_segment(marie):
    rule("Talents", to=marie, segments=[segment("talent"), segment("sante")])
    assert routed(segment=segment("talent"))[0].referent == marie
    assert routed(segment=segment("jeune"))[0].referent is None
    assert routed()[0].referent is None


def test_it_routes_on_the_target_epci(marie, territory):
    rule("Grand-Figeac", to=marie, epcis=[territory["epci"]])
    assert routed(target_epci=territory["epci"])[0].referent == marie
    assert routed(target_epci=lot_et_garonne()["epci"])[0].referent is None


def test_it_routes_on_the_epci_of_the_target_commune(marie, territory):
    rule("Grand-Figeac", to=marie, epcis=[territory["epci"]])
    assert routed(target_commune=territory["commune"])[0].referent == marie


def test_it_routes_on_the_departement_of_the_target_commune_or_epci(marie, territory):
    rule("Le Lot", to=marie, departements=[territory["departement"]])
    assert routed(target_commune=territory["commune"])[0].referent == marie
    assert routed(target_epci=territory["epci"])[0].referent == marie
    assert routed(target_commune=lot_et_garonne()["commune"])[0].referent is None


def test_a_territory_condition_does_not_match_a_project_without_territory(marie, territory):
    rule("Le Lot", to=marie, departements=[territory["departement"]])
    assert routed()[0].referent is None


def test_every_condition_of_a_rule_must_hold(marie, territory):
    rule("Création à Figeac", to=marie, needs=[need("creation-reprise")], epcis=[territory["epci"]])
    assert routed(needs=[need("creation-reprise")])[0].referent is None
    assert routed(target_epci=territory["epci"])[0].referent is None
    assert routed(needs=[need("creation-reprise")], target_epci=territory["epci"])[0].referent == marie


def test_a_rule_without_conditions_takes_every_project(marie):
    rule("Tout", to=marie)
    assert routed()[0].referent == marie


def test_the_lowest_priority_number_wins(marie, paul):
    rule("Tout (filet)", priority=900, to=paul)
    rule("Création", priority=10, to=marie, needs=[need("creation-reprise")])
    assert routed(needs=[need("creation-reprise")])[0].referent == marie
    assert routed(needs=[need("emploi")])[0].referent == paul


def test_equal_priorities_go_to_the_older_rule(marie, paul):
    first = rule("Première", priority=50, to=paul)
    rule("Seconde", priority=50, to=marie)
    project, decision = routed()
    assert (project.referent, decision.rule) == (paul, first)


def test_an_inactive_rule_is_ignored(marie, paul):
    rule("Désactivée", priority=1, to=marie, active=False)
    rule("Tout", priority=100, to=paul)
    assert routed()[0].referent == paul


def test_a_team_rule_sets_the_team_and_a_member(marie, paul):
    cci = team("CCI", marie, paul)
    rule("CCI", team=cci)
    project, decision = routed()
    assert project.team == cci
    assert project.referent in (marie, paul)
    stored = Project.objects.get(pk=project.pk)
    assert (stored.team, stored.referent) == (cci, project.referent)
    assert (decision.team, decision.referent) == (cci, project.referent)


def test_the_decision_records_kind_rule_and_candidates(marie):
    chosen_rule = rule("Tout", to=marie)
    project, decision = routed()
    assert decision.kind == RoutingDecision.Kind.AUTOMATIC
    assert decision.rule == chosen_rule
    assert decision.referent == marie
    assert decision.candidates == [
        {"id": marie.pk, "name": "Marie Dupont", "open": 0, "capacity": 30, "role": "rule",
         "skipped": None, "chosen": True}
    ]
    assert list(project.routing_decisions.all()) == [decision]
