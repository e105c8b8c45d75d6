"""The dates a transition sets must be believable for the territory.

- `mark_installed`: people contact the service before moving or shortly after
  arriving, so an installation date is neither in the future nor more than
  12 months before the project was created.
- `confirm_move`: a decided move is not in the past (the kit would announce
  it), nor more than 3 years ahead (a wish, not a decided move).

Each table is written from those rules, boundaries included; the creation
day is set by hand so that "12 months before" is a known day.
"""

import datetime

import pytest
from django.utils import timezone

from onboarding.exceptions import ConditionMissing
from onboarding.models import Project
from onboarding.services.journey import project_transition
from onboarding.states import State

TODAY = datetime.date(2026, 3, 31)


@pytest.fixture
def today(monkeypatch):
    """Pin "today" for the conditions (timezone.localdate), not the database clock."""
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: (
        TODAY if value is None else _real_localdate(value, timezone)))
    return TODAY


_real_localdate = timezone.localdate


def _created_on(project, day):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    Project.objects.filter(pk=project.pk).update(created_at=at)
    project.created_at = at


# (days relative to the creation day or to today, accepted?)
INSTALLED_ON = [
    ("today", TODAY, True),
    ("yesterday", TODAY - datetime.timedelta(days=1), True),
    ("tomorrow: in the future", TODAY + datetime.timedelta(days=1), False),
    ("next year", datetime.date(2027, 3, 31), False),
    ("the creation day", datetime.date(2026, 2, 15), True),
    ("12 months before the creation day, to the day", datetime.date(2025, 2, 15), True),
    ("the day before that", datetime.date(2025, 2, 14), False),
    ("01/01/1990", datetime.date(1990, 1, 1), False),
]


@pytest.mark.parametrize(("case", "installed_on", "accepted"), INSTALLED_ON, ids=[c[0] for c in INSTALLED_ON])
def test_it_accepts_an_installation_date_only_within_the_year_before_creation_and_not_after_today(
    case, installed_on, accepted, today, project, alice, walk_to, territory, snapshot
):
    walk_to(project, State.SETTLING)
    _created_on(project, datetime.date(2026, 2, 15))
    fields = {"installed_commune": territory["commune"].insee, "installed_on": installed_on.isoformat()}
    if accepted:
        project_transition(project=project, transition="mark_installed", user=alice, fields=fields)
        saved = Project.objects.get(pk=project.pk)
        assert (saved.state, saved.installed_on) == (State.INSTALLED, installed_on)
    else:
        before = snapshot(project)
        with pytest.raises(ConditionMissing) as info:
            project_transition(project=project, transition="mark_installed", user=alice, fields=fields)
        assert len(info.value.details["missing"]) == 1
        assert snapshot(project) == before


def test_it_names_the_earliest_installation_date_in_french(today, project, alice, walk_to, territory):
    walk_to(project, State.SETTLING)
    _created_on(project, datetime.date(2026, 2, 15))
    with pytest.raises(ConditionMissing) as info:
        project_transition(project=project, transition="mark_installed", user=alice, fields={
            "installed_commune": territory["commune"].insee, "installed_on": "1990-01-01"})
    assert info.value.details["missing"] == ["installation_date_within_a_year_before_creation"]
    assert ("la date d'installation ne peut pas précéder de plus de 12 mois la création du projet "
            "(le 15/02/2026) : le 15/02/2025 au plus tôt") in info.value.message


def test_it_counts_12_months_before_a_29_february_creation_as_28_february(today, project, alice, walk_to,
                                                                          territory):
    walk_to(project, State.SETTLING)
    _created_on(project, datetime.date(2024, 2, 29))
    fields = {"installed_commune": territory["commune"].insee}
    with pytest.raises(ConditionMissing):
        project_transition(project=project, transition="mark_installed", user=alice,
                           fields={**fields, "installed_on": "2023-02-27"})
    project_transition(project=project, transition="mark_installed", user=alice,
                       fields={**fields, "installed_on": "2023-02-28"})
    assert Project.objects.get(pk=project.pk).state == State.INSTALLED


MOVE_DATE = [
    ("today", TODAY, True),
    ("yesterday: in the past", TODAY - datetime.timedelta(days=1), False),
    ("in 2020", datetime.date(2020, 6, 1), False),
    ("next month", datetime.date(2026, 4, 30), True),
    ("3 years ahead, to the day", datetime.date(2029, 3, 31), True),
    ("the day after that", datetime.date(2029, 4, 1), False),
    ("in 2040", datetime.date(2040, 1, 1), False),
]


@pytest.mark.parametrize(("case", "move_date", "accepted"), MOVE_DATE, ids=[c[0] for c in MOVE_DATE])
@pytest.mark.parametrize("from_state", [State.QUALIFIED, State.ACCOMPANIED])
def test_it_accepts_a_planned_move_only_from_today_to_3_years_ahead(
    case, move_date, accepted, from_state, today, project, alice, walk_to, territory, snapshot
):
    walk_to(project, from_state)
    fields = {"target_commune": territory["commune"].insee, "move_date": move_date.isoformat()}
    if accepted:
        project_transition(project=project, transition="confirm_move", user=alice, fields=fields)
        saved = Project.objects.get(pk=project.pk)
        assert (saved.state, saved.move_date) == (State.SETTLING, move_date)
    else:
        before = snapshot(project)
        with pytest.raises(ConditionMissing) as info:
            project_transition(project=project, transition="confirm_move", user=alice, fields=fields)
        assert len(info.value.details["missing"]) == 1
        assert snapshot(project) == before


@pytest.mark.parametrize(("move_date", "code", "message"), [
    ("2020-06-01", "move_date_not_in_past",
     "la date d'emménagement prévue ne peut pas être passée : le 31/03/2026 au plus tôt"),
    ("2040-01-01", "move_date_within_three_years",
     "la date d'emménagement prévue ne peut pas être à plus de 3 ans : le 31/03/2029 au plus tard"),
])
def test_it_names_the_bound_of_the_planned_move_in_french(move_date, code, message, today, project, alice, walk_to,
                                                        territory):
    walk_to(project, State.QUALIFIED)
    with pytest.raises(ConditionMissing) as info:
        project_transition(project=project, transition="confirm_move", user=alice, fields={
            "target_commune": territory["commune"].insee, "move_date": move_date})
    assert info.value.details["missing"] == [code]
    assert message in info.value.message


def test_it_refuses_a_move_date_left_in_the_past_by_an_earlier_edit(today, project, alice, walk_to, territory):
    walk_to(project, State.QUALIFIED)
    Project.objects.filter(pk=project.pk).update(move_date=datetime.date(2025, 9, 1))
    project.refresh_from_db()
    with pytest.raises(ConditionMissing):
        project_transition(project=project, transition="confirm_move", user=alice,
                           fields={"target_commune": territory["commune"].insee})
