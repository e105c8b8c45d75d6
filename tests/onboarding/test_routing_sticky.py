"""A contact who already had a referent goes back to them if they can."""

import pytest
from django.utils import timezone

from crm.models import Absence
from onboarding.models import Project, RoutingRule
from onboarding.states import State

from .routing_helpers import contact, fill, lot_et_garonne, referent, routed, rule, segment, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(territory):
    """Marie and Paul are Grand-Figeac's team, Paul takes the rest too;
    Camille's earlier project was Marie's."""
    marie = referent("Marie", "Dupont", capacity=5)
    paul = referent("Paul", "Bernard")
    rule("Grand-Figeac", priority=10, team=team("Accueil Grand-Figeac", marie, paul), epcis=[territory["epci"]])
    rule("Tout", to=paul)
    camille = contact()
    earlier, _ = routed(who=camille, target_commune=territory["commune"])
    Project.objects.filter(pk=earlier.pk).update(referent=marie)
    return {"marie": marie, "paul": paul, "camille": camille, "figeac": territory["commune"]}


def again(world, **details):
    """Camille's new project, in Figeac unless said otherwise."""
    details.setdefault("target_commune", world["figeac"])
    return routed(who=world["camille"], **details)


def test_it_goes_back_to_the_previous_referent(world):
    project, decision = again(world)
    assert project.referent == world["marie"]
    assert decision.rule.name == "Grand-Figeac"
    assert decision.candidates[0]["role"] == "previous"
    assert decision.reason == (
        "Contact déjà accompagné par Marie Dupont, sa règle « Grand-Figeac » couvre ce projet → "
        "Marie Dupont (1 projet ouvert / 5)"
    )


def test_it_goes_back_even_when_the_earlier_project_is_closed(world):
    Project.objects.filter(contact=world["camille"]).update(state=State.INSTALLED)
    assert again(world)[0].referent == world["marie"]


def test_the_latest_earlier_project_decides(world):
    later, _ = again(world)  # to Marie, sticky
    Project.objects.filter(pk=later.pk).update(referent=world["paul"])
    assert again(world, target_commune=None)[0].referent == world["paul"]  # Paul's rule covers anywhere


def test_other_contacts_follow_the_rules(world):
    assert routed(target_commune=world["figeac"])[0].referent == world["paul"]  # the less loaded
    assert routed()[0].referent == world["paul"]


def test_an_absent_previous_referent_falls_back_to_the_rules(world):
    today = timezone.localdate()
    Absence.objects.create(referent=world["marie"], starts_on=today, ends_on=today)
    project, decision = again(world)
    assert project.referent == world["paul"]
    assert decision.reason.startswith("Référent précédent Marie Dupont indisponible (absent aujourd'hui) ; ")
    assert [c["role"] for c in decision.candidates] == ["previous", "rule"]


def test_a_full_previous_referent_falls_back_to_the_rules(world):
    fill(world["marie"], 4)
    assert again(world)[0].referent == world["paul"]


def test_an_inactive_previous_referent_falls_back_to_the_rules(world):
    world["marie"].is_active = False
    world["marie"].save()
    assert again(world)[0].referent == world["paul"]


def test_an_unavailable_previous_referent_in_the_team_is_listed_once(world):
    world["marie"].is_active = False
    world["marie"].save()
    rule("Équipe", priority=1, team=team("Équipe", world["marie"], world["paul"]))
    project, decision = again(world)
    assert project.referent == world["paul"]
    assert sorted(c["id"] for c in decision.candidates) == sorted([world["marie"].pk, world["paul"].pk])


# --- sticky only where the previous referent's rule still covers the project ---------------

@pytest.fixture
def two_departements(territory):
    """Grand-Figeac's team (Marie), Agen's (Léa), the health network (Hélène)
    for the health segment anywhere, and Paul for whatever is left."""
    agen = lot_et_garonne()
    people = {
        "marie": referent("Marie", "Dupont", capacity=10),
        "lea": referent("Léa", "Garnier", capacity=10),
        "helene": referent("Hélène", "Soin", capacity=10),
        "paul": referent("Paul", "Bernard", capacity=10),
    }
    rules = {
        "sante": rule("Réseau santé", priority=10, team=team("Réseau santé", people["helene"]),
                      segments=[segment("sante")]),
        "figeac": rule("Territoire Grand-Figeac", priority=100, team=team("Accueil Grand-Figeac", people["marie"]),
                       epcis=[territory["epci"]]),
        "agen": rule("Territoire Agen", priority=100, team=team("Accueil Agen", people["lea"]), epcis=[agen["epci"]]),
        "filet": rule("Filet", priority=900, to=people["paul"]),
    }
    places = {"Figeac": territory["commune"], "Agen": agen["commune"], None: None}
    return people, rules, places


# previous referent, where the new project is, health segment?, coordinators' option on the rule of
# the new place?  →  who gets it, and the reason's first words
STICKY_TABLE = [
    ("marie", "Figeac", False, False, "marie",
     "Contact déjà accompagné par Marie Dupont, sa règle « Territoire Grand-Figeac » couvre ce projet → "),
    ("marie", "Agen", False, False, "lea",
     "Référent précédent Marie Dupont non repris (aucune de ses règles ne couvre ce projet) ; "
     "CA Agglomération d'Agen → équipe Accueil Agen → Léa Garnier"),
    ("marie", None, False, False, "paul",
     "Référent précédent Marie Dupont non repris (aucune de ses règles ne couvre ce projet) ; « Filet » → "),
    ("marie", "Figeac", True, False, "marie",
     "Contact déjà accompagné par Marie Dupont, sa règle « Territoire Grand-Figeac » couvre ce projet"),
    ("marie", "Agen", True, False, "helene", "Référent précédent Marie Dupont non repris"),
    ("helene", "Agen", True, False, "helene",
     "Contact déjà accompagné par Hélène Soin, sa règle « Réseau santé » couvre ce projet"),
    ("helene", "Agen", False, False, "lea", "Référent précédent Hélène Soin non repris"),
    ("marie", "Agen", False, True, "marie",
     "Contact déjà accompagné par Marie Dupont, la règle « Territoire Agen » garde le référent précédent "
     "(option de la coordination) → Marie Dupont"),
    ("lea", "Agen", False, False, "lea", "Contact déjà accompagné par Léa Garnier, sa règle « Territoire Agen »"),
]


@pytest.mark.parametrize(("before", "where", "health", "option", "expected", "reason"), STICKY_TABLE)
def test_a_returning_contact_keeps_their_referent_only_where_their_rule_still_covers_it(
    two_departements, before, where, health, option, expected, reason,
):
    people, rules, places = two_departements
    if option:
        RoutingRule.objects.filter(pk=rules["agen"].pk).update(keep_previous_referent=True)
    returning = contact()
    earlier, _ = routed(who=returning)
    Project.objects.filter(pk=earlier.pk).update(referent=people[before])
    project, decision = routed(who=returning, target_commune=places[where],
                               segment=segment("sante") if health else None)
    assert project.referent == people[expected]
    assert decision.reason.startswith(reason), decision.reason
    assert (decision.referent == people[before]) == reason.startswith("Contact déjà accompagné")


def test_the_option_only_counts_on_the_rule_that_takes_the_project(two_departements):
    people, rules, places = two_departements
    RoutingRule.objects.filter(pk=rules["filet"].pk).update(keep_previous_referent=True)
    returning = contact()
    earlier, _ = routed(who=returning)
    Project.objects.filter(pk=earlier.pk).update(referent=people["marie"])
    # Nowhere in particular: the safety net takes it, and keeps Marie.
    project, decision = routed(who=returning)
    assert project.referent == people["marie"]
    assert "la règle « Filet » garde le référent précédent" in decision.reason
    # Agen's own rule takes the next one: the safety net's option does not apply.
    assert routed(who=returning, target_commune=places["Agen"])[0].referent == people["lea"]
