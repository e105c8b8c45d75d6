"""Nudges before a lead goes cold: who hears of a waiting project, and when.

The ladder is written from the programme's rule, counted by hand on the
calendar: the referent the first day past the limit, the team three working
days after it, the coordinators five (weekends and French public holidays
do not count)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from onboarding.models import Interaction, Nudge, Project
from onboarding.services.deadlines import deadlines_digest_send
from onboarding.services.nudges import (
    AlreadyContacted,
    nudges_cross,
    open_nudges,
    prospect_not_contacted,
    working_days_back,
)
from onboarding.states import State
from onboarding.tasks import send_daily_digest
from onboarding.timeline import project_timeline

from .routing_helpers import fill, referent, team

D = datetime.date
L = Nudge.Level


def _new_project(owner, due_on, *, team_=None):
    project = fill(owner, 1)[0]
    Project.objects.filter(pk=project.pk).update(first_contact_due_on=due_on, team=team_)
    return Project.objects.get(pk=project.pk)


def _levels(project, kind=Nudge.Kind.FIRST_CONTACT):
    return sorted(Nudge.objects.filter(project=project, kind=kind).values_list("level", flat=True))


# due date, day of the pass, levels reached (1 referent, 2 team, 3 coordinators)
LADDER = [
    # Friday 10 July 2026; Tuesday 14 July is the Fête nationale.
    (D(2026, 7, 10), D(2026, 7, 10), []),         # due today: not late
    (D(2026, 7, 10), D(2026, 7, 11), [1]),        # the day after: the referent
    (D(2026, 7, 10), D(2026, 7, 15), [1]),        # 13, 15: two working days
    (D(2026, 7, 10), D(2026, 7, 16), [1, 2]),     # 13, 15, 16: the team
    (D(2026, 7, 10), D(2026, 7, 17), [1, 2]),
    (D(2026, 7, 10), D(2026, 7, 20), [1, 2, 3]),  # 13, 15, 16, 17, 20: the coordinators
    # Thursday 24 December 2026: Christmas, a weekend, New Year's Day.
    (D(2026, 12, 24), D(2026, 12, 29), [1]),      # 28, 29
    (D(2026, 12, 24), D(2026, 12, 30), [1, 2]),   # 28, 29, 30
    (D(2026, 12, 24), D(2027, 1, 1), [1, 2]),     # 31; 1 January is a holiday
    (D(2026, 12, 24), D(2027, 1, 4), [1, 2, 3]),  # 31, 4 January
    # Friday 23 October 2026; the clocks go back on Sunday 25.
    (D(2026, 10, 23), D(2026, 10, 28), [1, 2]),   # 26, 27, 28
    (D(2026, 10, 23), D(2026, 10, 29), [1, 2]),
    (D(2026, 10, 23), D(2026, 10, 30), [1, 2, 3]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("due_on, today, levels", LADDER, ids=[f"{d}-{t}" for d, t, _ in LADDER])
def test_a_late_first_contact_climbs_the_ladder_on_working_days(due_on, today, levels):
    project = _new_project(referent("Marie", "Dupont"), due_on)
    nudges_cross(today=today)
    assert _levels(project) == levels


def test_working_days_back_is_the_inverse_of_counting_them():
    from onboarding.services.deadlines import working_days_between

    for today in (D(2026, 7, 16), D(2027, 1, 4), D(2026, 10, 30)):
        for n in (3, 5):
            limit = working_days_back(today, n)
            assert working_days_between(limit, today) == n
            assert working_days_between(limit + datetime.timedelta(days=1), today) < n


@pytest.mark.django_db
def test_a_pass_run_twice_or_after_missed_days_writes_each_threshold_once():
    project = _new_project(referent("Marie", "Dupont"), D(2026, 7, 10))
    assert nudges_cross(today=D(2026, 7, 20)) == 3  # the beat was down all week: all three at once
    assert nudges_cross(today=D(2026, 7, 20)) == 0
    assert nudges_cross(today=D(2026, 7, 21)) == 0
    assert Nudge.objects.filter(project=project).count() == 3


@pytest.mark.django_db
def test_a_contacted_project_climbs_no_further_and_leaves_the_dashboards():
    marie = referent("Marie", "Dupont")
    project = _new_project(marie, D(2026, 7, 10))
    nudges_cross(today=D(2026, 7, 16))
    assert open_nudges(Project.objects.all())[1] == 1
    Project.objects.filter(pk=project.pk).update(state=State.CONTACTED, first_contacted_at=timezone.now())
    nudges_cross(today=D(2026, 7, 20))
    assert _levels(project) == [1, 2]
    assert open_nudges(Project.objects.all()) == ([], 0)


@pytest.mark.django_db
def test_a_project_without_news_is_nudged_and_news_restarts_the_clock(settings):
    settings.NUDGE_SILENT_WEEKS = {"contacted": 4}
    marie = referent("Marie", "Dupont")
    project = fill(marie, 1, state=State.CONTACTED)[0]
    # Last news on Monday 1 June 2026 at 00:30 in Paris (Sunday evening in UTC).
    news = datetime.datetime(2026, 5, 31, 22, 30, tzinfo=datetime.UTC)
    Project.objects.filter(pk=project.pk).update(created_at=news)
    nudges_cross(today=D(2026, 6, 29))  # four weeks later: still within the silence allowed
    assert _levels(project, Nudge.Kind.SILENT) == []
    nudges_cross(today=D(2026, 6, 30))
    assert list(Nudge.objects.filter(project=project).values_list("kind", "level", "anchor")) == [
        (Nudge.Kind.SILENT, L.REFERENT, D(2026, 6, 1))]  # the day in Paris, not in UTC
    assert open_nudges(Project.objects.all())[1] == 1
    Interaction.objects.create(project=project, kind=Interaction.Kind.CALL, summary="Point d'étape",
                               happened_at=datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC))
    assert open_nudges(Project.objects.all()) == ([], 0)  # the news answers the nudge
    nudges_cross(today=D(2026, 7, 10))  # the call restarted the clock: nothing more
    assert _levels(project, Nudge.Kind.SILENT) == [1]


# --- the digest tells each one once ------------------------------------------------------

@pytest.fixture
def ladder_world(db, alice):
    marie = referent("Marie", "Dupont")
    paul = referent("Paul", "Bernard")
    team_ = team("Équipe Figeac", marie, paul)
    project = _new_project(marie, D(2026, 7, 10), team_=team_)
    return {"marie": marie, "paul": paul, "project": project}


@pytest.fixture
def day(django_capture_on_commit_callbacks):
    """The morning task: the pass, then the digest and its e-mails."""

    def run(today):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            send_daily_digest.run(today=today.isoformat())
        return {tuple(message.to): message for message in mail.outbox}

    return run


def test_the_team_hears_on_the_day_it_is_reached_and_only_then(ladder_world, day):
    paul, project = ladder_world["paul"], ladder_world["project"]
    assert (paul.user.email,) not in day(D(2026, 7, 15))
    sent = day(D(2026, 7, 16))
    body = sent[(paul.user.email,)].body
    assert f"Projet n°{project.pk} – Premier contact attendu le 10/07/2026 toujours pas fait : équipe prévenue." in body
    assert (paul.user.email,) not in day(D(2026, 7, 17))  # told once


def test_the_coordinators_hear_on_the_fifth_working_day_and_their_dashboard_shows_it(ladder_world, day, client,
                                                                                       alice):
    project = ladder_world["project"]
    assert ("alice@example.org",) not in day(D(2026, 7, 17))
    message = day(D(2026, 7, 20))[("alice@example.org",)]
    assert message.subject == "1 projet attend toujours malgré les relances"
    assert "coordination prévenue" in message.body
    assert ("alice@example.org",) not in day(D(2026, 7, 21))
    client.force_login(alice)
    page = client.get("/equipe/").content.decode()
    assert "Projets à relancer" in page
    assert f'href="/equipe/projets/{project.pk}/"' in page


def test_a_second_digest_the_same_morning_sends_nothing_more(ladder_world, django_capture_on_commit_callbacks):
    nudges_cross(today=D(2026, 7, 16))
    with django_capture_on_commit_callbacks(execute=True):
        first = deadlines_digest_send(today=D(2026, 7, 16))
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_digest_send(today=D(2026, 7, 16)) == 0
    assert first == len(mail.outbox)


def test_a_nudge_written_after_the_morning_digest_is_told_the_next_morning(ladder_world, day):
    marie, project = ladder_world["marie"], ladder_world["project"]
    day(D(2026, 7, 13))
    prospect_not_contacted(project=project, today=D(2026, 7, 13))  # in the afternoon
    told = day(D(2026, 7, 14))
    assert "ne pas avoir encore été contactée" in told[("alice@example.org",)].body
    assert "ne pas avoir encore été contactée" in told[(marie.user.email,)].body


# --- the person's word ---------------------------------------------------------------------

@pytest.mark.django_db
def test_the_person_says_once_that_nobody_called_and_it_goes_to_the_history():
    project = _new_project(referent("Marie", "Dupont"), D(2026, 7, 10))
    assert prospect_not_contacted(project=project) is True
    assert prospect_not_contacted(project=project) is False
    entries = [entry for entry in project_timeline(project) if entry.kind == "nudge"]
    assert [entry.title for entry in entries] == ["La personne dit ne pas avoir été contactée"]


@pytest.mark.django_db
def test_a_contacted_person_cannot_say_nobody_called():
    project = _new_project(referent("Marie", "Dupont"), D(2026, 7, 10))
    Project.objects.filter(pk=project.pk).update(state=State.CONTACTED, first_contacted_at=timezone.now())
    project.refresh_from_db()
    with pytest.raises(AlreadyContacted):
        prospect_not_contacted(project=project)
    assert not Nudge.objects.exists()

