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
    assert decision.reason == "Lot + Talent recherché → Marie Dupont (0 projets ouverts / 10)"


def test_a_rule_without_conditions_is_named():
    rule("Filet de sécurité", to=referent("Marie", "Dupont", capacity=10))
    fill_one = routed()[1]
    assert fill_one.reason == "« Filet de sécurité » → Marie Dupont (0 projets ouverts / 10)"


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
    assert decision.reason == "« Tout » → Marie Dupont (0 projets ouverts / 10)"
