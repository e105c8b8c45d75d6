"""The sentence a person reads in the project's history."""

import pytest
from django.utils import timezone

from crm.models import Absence

from .routing_helpers import fill, need, referent, routed, rule, segment, team

pytestmark = pytest.mark.django_db


def test_it_names_territory_needs_team_and_referent_with_load(territory):
    marie = referent("Marie", "Dupont", capacity=30)
    fill(marie, 12)
    rule("Création à Figeac", team=team("CCI", marie), epcis=[territory["epci"]],
         needs=[need("creation-reprise")])
    _, decision = routed(target_commune=territory["commune"], needs=[need("emploi"), need("creation-reprise")])
    assert decision.reason == (
        "CC Grand-Figeac + Création ou reprise d'entreprise → équipe CCI → Marie Dupont (12 projets ouverts / 30)"
    )


def test_it_names_the_segment_and_the_departement(territory):
    marie = referent("Marie", "Dupont", capacity=10)
    rule("Talents du Lot", to=marie, departements=[territory["departement"]], segments=[segment("talent")])
    _, decision = routed(target_epci=territory["epci"], segment=segment("talent"))
    assert decision.reason == "Lot + Talent recherché → Marie Dupont (0 projet ouvert / 10)"


def test_a_rule_without_conditions_is_named():
    rule("Filet de sécurité", to=referent("Marie", "Dupont", capacity=10))
    fill_one = routed()[1]
    assert fill_one.reason == "« Filet de sécurité » → Marie Dupont (0 projet ouvert / 10)"


def test_it_says_why_nobody_in_the_team_was_available():
    today = timezone.localdate()
    away = referent("Anne", "Aubert")
    Absence.objects.create(referent=away, starts_on=today, ends_on=today)
    full = referent("Bruno", "Blanc", capacity=1)
    fill(full, 1)
    gone = referent("Chloé", "Chevalier", is_active=False)
    rule("Tout", team=team("CCI", away, full, gone))
    _, decision = routed()
    assert decision.reason == (
        "« Tout » → équipe CCI → personne de disponible (1 inactif, 1 absent, 1 complet) : "
        "file d'attente de la coordination"
    )


def test_an_empty_team_says_so():
    rule("Tout", team=team("Vide"))
    assert routed()[1].reason == (
        "« Tout » → équipe Vide → personne de disponible (aucun membre) : file d'attente de la coordination"
    )


def test_the_reason_is_in_french_whatever_the_request_language():
    from django.utils import translation

    rule("Tout", to=referent("Marie", "Dupont", capacity=10))
    with translation.override("en"):
        _, decision = routed()
    assert decision.reason == "« Tout » → Marie Dupont (0 projet ouvert / 10)"


# French: 0 and 1 take the singular, 2 and more the plural.
@pytest.mark.parametrize(("open_projects", "said"), [
    (0, "0 projet ouvert / 10"),
    (1, "1 projet ouvert / 10"),
    (2, "2 projets ouverts / 10"),
    (9, "9 projets ouverts / 10"),
])
def test_the_load_is_counted_in_french(open_projects, said):
    marie = referent("Marie", "Dupont", capacity=10)
    fill(marie, open_projects)
    rule("Tout", to=marie)
    assert routed()[1].reason == f"« Tout » → Marie Dupont ({said})"


@pytest.mark.parametrize(("full", "absent", "said"), [
    (1, 0, "1 complet"),
    (2, 0, "2 complets"),
    (0, 2, "2 absents"),
])
def test_the_unavailable_are_counted_in_french(full, absent, said):
    today = timezone.localdate()
    members = []
    for n in range(full):
        member = referent("Plein", f"N{n}", capacity=1)
        fill(member, 1)
        members.append(member)
    for n in range(absent):
        member = referent("Absent", f"N{n}")
        Absence.objects.create(referent=member, starts_on=today, ends_on=today)
        members.append(member)
    rule("Tout", team=team("CCI", *members))
    assert f"personne de disponible ({said})" in routed()[1].reason


@pytest.mark.parametrize(("team_name", "said"), [
    ("CCI", "équipe CCI"),
    ("Équipe CCI – reprise d'entreprise", "Équipe CCI – reprise d'entreprise"),
    ("équipe installation agricole", "équipe installation agricole"),
    ("EQUIPE Santé", "EQUIPE Santé"),
    ("Équipement et services", "équipe Équipement et services"),
])
def test_a_team_named_equipe_is_not_called_equipe_twice(team_name, said):
    marie = referent("Marie", "Dupont", capacity=10)
    rule("Tout", team=team(team_name, marie))
    assert routed()[1].reason == f"« Tout » → {said} → Marie Dupont (0 projet ouvert / 10)"
