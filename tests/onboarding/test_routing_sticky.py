"""A contact who already had a referent goes back to them if they can."""

import pytest
from django.utils import timezone

from crm.models import Absence
from onboarding.models import Project
from onboarding.states import State

from .routing_helpers import contact, fill, referent, routed, rule, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    marie = referent("Marie", "Dupont", capacity=5)
    paul = referent("Paul", "Bernard")
    rule("Tout", to=paul)
    camille = contact()
    earlier, _ = routed(who=camille)
    Project.objects.filter(pk=earlier.pk).update(referent=marie)
    return {"marie": marie, "paul": paul, "camille": camille}


def test_it_goes_back_to_the_previous_referent(world):
    project, decision = routed(who=world["camille"])
    assert project.referent == world["marie"]
    assert decision.rule is None
    assert decision.candidates[0]["role"] == "previous"
    assert decision.reason == "Contact déjà accompagné par Marie Dupont → Marie Dupont (1 projet ouvert / 5)"


def test_it_goes_back_even_when_the_earlier_project_is_closed(world):
    Project.objects.filter(contact=world["camille"]).update(state=State.INSTALLED)
    assert routed(who=world["camille"])[0].referent == world["marie"]


def test_the_latest_earlier_project_decides(world):
    later, _ = routed(who=world["camille"])  # to Marie, sticky
    Project.objects.filter(pk=later.pk).update(referent=world["paul"])
    assert routed(who=world["camille"])[0].referent == world["paul"]


def test_other_contacts_follow_the_rules(world):
    assert routed()[0].referent == world["paul"]


def test_an_absent_previous_referent_falls_back_to_the_rules(world):
    today = timezone.localdate()
    Absence.objects.create(referent=world["marie"], starts_on=today, ends_on=today)
    project, decision = routed(who=world["camille"])
    assert project.referent == world["paul"]
    assert decision.reason.startswith("Référent précédent Marie Dupont indisponible (absent aujourd'hui) ; ")
    assert [c["role"] for c in decision.candidates] == ["previous", "rule"]


def test_a_full_previous_referent_falls_back_to_the_rules(world):
    fill(world["marie"], 4)
    assert routed(who=world["camille"])[0].referent == world["paul"]


def test_an_inactive_previous_referent_falls_back_to_the_rules(world):
    world["marie"].is_active = False
    world["marie"].save()
    assert routed(who=world["camille"])[0].referent == world["paul"]


def test_an_unavailable_previous_referent_in_the_team_is_listed_once(world):
    world["marie"].is_active = False
    world["marie"].save()
    rule("Équipe", priority=1, team=team("Équipe", world["marie"], world["paul"]))
    project, decision = routed(who=world["camille"])
    assert project.referent == world["paul"]
    assert sorted(c["id"] for c in decision.candidates) == sorted([world["marie"].pk, world["paul"].pk])
