"""Inside a team: the least loaded available member wins."""

import datetime
from collections import Counter
from fractions import Fraction

import pytest
from django.utils import timezone

from crm.models import Absence
from onboarding.models import Project
from onboarding.states import OPEN_STATES, State

from .routing_helpers import fill, referent, routed, rule, team

pytestmark = pytest.mark.django_db


def open_counts(*referents):
    return [Project.objects.filter(referent=r, state__in=OPEN_STATES).count() for r in referents]


def test_many_routings_stay_within_capacity_and_even():
    a = referent("Anne", "Aubert", capacity=4)
    b = referent("Bruno", "Blanc", capacity=4)
    c = referent("Chloé", "Chevalier", capacity=8)
    rule("CCI", team=team("CCI", a, b, c))
    ratios_seen = []
    for _ in range(16):
        routed()
        counts = open_counts(a, b, c)
        ratios = [Fraction(n, r.capacity) for n, r in zip(counts, (a, b, c), strict=True)]
        ratios_seen.append(max(ratios) - min(ratios))
    assert open_counts(a, b, c) == [4, 4, 8]
    # Never more than one project apart, relative to capacity.
    assert max(ratios_seen) <= Fraction(1, 4)


def test_it_goes_to_the_queue_when_the_whole_team_is_full():
    a = referent("Anne", "Aubert", capacity=1)
    b = referent("Bruno", "Blanc", capacity=1)
    rule("CCI", team=team("CCI", a, b))
    routed(), routed()
    project, decision = routed()
    assert project.referent is None
    assert open_counts(a, b) == [1, 1]
    assert [cand["skipped"] for cand in decision.candidates] == ["full", "full"]


def test_load_is_relative_to_capacity():
    small = referent("Anne", "Aubert", capacity=10)
    big = referent("Bruno", "Blanc", capacity=40)
    fill(small, 3)   # 30 %
    fill(big, 10)    # 25 %
    rule("CCI", team=team("CCI", small, big))
    assert routed()[0].referent == big


def test_closed_projects_do_not_count_in_the_load():
    a = referent("Anne", "Aubert")
    b = referent("Bruno", "Blanc")
    fill(a, 5, state=State.INSTALLED)
    fill(a, 1, state=State.ABANDONED)
    fill(b, 1, state=State.ON_HOLD)
    rule("CCI", team=team("CCI", a, b))
    project, decision = routed()
    assert project.referent == a
    assert {cand["id"]: cand["open"] for cand in decision.candidates} == {a.pk: 0, b.pk: 1}


def test_ties_go_to_the_lowest_referent_id():
    a = referent("Zoé", "Zidane")
    b = referent("Albert", "Abadie")
    rule("CCI", team=team("CCI", b, a))
    assert routed()[0].referent == min((a, b), key=lambda r: r.pk)
    assert routed()[0].referent == max((a, b), key=lambda r: r.pk)


def test_an_absent_member_is_skipped():
    today = timezone.localdate()
    away = referent("Anne", "Aubert")
    there = referent("Bruno", "Blanc")
    fill(there, 5)
    Absence.objects.create(referent=away, starts_on=today - datetime.timedelta(days=2), ends_on=today)
    rule("CCI", team=team("CCI", away, there))
    project, decision = routed()
    assert project.referent == there
    assert {cand["id"]: cand["skipped"] for cand in decision.candidates} == {away.pk: "absent", there.pk: None}


def test_an_absence_that_is_over_or_not_begun_does_not_count():
    today = timezone.localdate()
    a = referent("Anne", "Aubert")
    b = referent("Bruno", "Blanc")
    fill(b, 2)
    Absence.objects.create(referent=a, starts_on=today - datetime.timedelta(days=9), ends_on=today - datetime.timedelta(days=1))
    Absence.objects.create(referent=a, starts_on=today + datetime.timedelta(days=1), ends_on=today + datetime.timedelta(days=9))
    rule("CCI", team=team("CCI", a, b))
    assert routed()[0].referent == a


def test_an_inactive_member_is_skipped():
    gone = referent("Anne", "Aubert", is_active=False)
    there = referent("Bruno", "Blanc")
    fill(there, 5)
    rule("CCI", team=team("CCI", gone, there))
    project, decision = routed()
    assert project.referent == there
    assert {cand["id"]: cand["skipped"] for cand in decision.candidates} == {gone.pk: "inactive", there.pk: None}


def test_a_member_whose_account_is_disabled_is_skipped():
    gone = referent("Anne", "Aubert")
    gone.user.is_active = False
    gone.user.save()
    there = referent("Bruno", "Blanc")
    fill(there, 5)
    rule("CCI", team=team("CCI", gone, there))
    assert routed()[0].referent == there


def test_a_rule_to_one_referent_who_is_absent_goes_to_the_queue():
    today = timezone.localdate()
    marie = referent("Marie", "Dupont")
    Absence.objects.create(referent=marie, starts_on=today, ends_on=today)
    referent("Paul", "Bernard")
    rule("Marie", to=marie)
    project, decision = routed()
    assert project.referent is None
    assert decision.rule.name == "Marie"
    assert decision.candidates[0]["skipped"] == "absent"


def test_the_first_matching_rule_wins_even_when_its_team_is_full():
    a = referent("Anne", "Aubert", capacity=1)
    fill(a, 1)
    backup = referent("Bruno", "Blanc")
    rule("CCI", priority=1, team=team("CCI", a))
    rule("Filet", priority=2, to=backup)
    project, _ = routed()
    assert project.referent is None


def test_every_member_is_spread_over_many_routings():
    members = [referent("Membre", f"N{i}", capacity=10) for i in range(5)]
    rule("Équipe", team=team("Équipe", *members))
    chosen = Counter(routed()[0].referent_id for _ in range(25))
    assert sorted(chosen.values()) == [5, 5, 5, 5, 5]
