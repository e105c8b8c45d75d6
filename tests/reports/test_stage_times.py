"""The time in each stage the services keep with the log (onboarding.ProjectStageTime)
is what the whole log gives: per project and state, and in the report's figures."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from crm.models import Contact
from onboarding.exceptions import ConditionMissing
from onboarding.models import Interaction, Project
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from reports.filters import ReportFilters
from reports.selectors import report_scope, time_in_stage
from tests.onboarding.stage_time_helpers import assert_kept_stage_times_match_the_log
from tests.onboarding.test_journey_property import Machine

from .stage_time_reference import assert_same_figures, time_in_stage_from_log
from .test_dataset import build_dataset, happening_at, late_recorded_move, system_closures

PERIODS = {
    "year-2025": ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31)),
    "spring-2025": ReportFilters(start=datetime.date(2025, 3, 1), end=datetime.date(2025, 5, 31)),
    "autumn-to-january": ReportFilters(start=datetime.date(2025, 10, 1), end=datetime.date(2026, 1, 31)),
}


def _figures_agree(filters):
    scope = report_scope(Project.objects.all(), filters)
    assert_same_figures(time_in_stage(scope, filters), time_in_stage_from_log(scope, filters))


@pytest.mark.parametrize("period", list(PERIODS), ids=list(PERIODS))
def test_the_hand_made_datasets_kept_stage_times_are_those_of_its_log(period, alice, bob, charlie, territory):
    data = build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)
    late_recorded_move(data, alice=alice, bob=bob)
    system_closures(data)
    assert_kept_stage_times_match_the_log()
    _figures_agree(PERIODS[period])
    assert time_in_stage(report_scope(Project.objects.all(), PERIODS[period]), PERIODS[period])


def _fields(name, moment, territory, segment, need):
    day = timezone.localdate(moment)
    return {
        "qualify": {"segment": segment.code, "needs": [need.code], "target_epci": territory["epci"].siren},
        "confirm_move": {"target_commune": territory["commune"].insee,
                         "move_date": (day + datetime.timedelta(days=30)).isoformat()},
        "cancel_move": {"reason": "La vente de la maison n'a pas abouti"},
        "mark_installed": {"installed_commune": territory["commune"].insee, "installed_on": day.isoformat()},
        "pause": {"reason": "Attend la réponse d'un employeur"},
        "abandon": {"reason": "job"},
        "reject": {"reason": "spam"},
    }.get(name, {})


@st.composite
def journeys(draw):
    """Projects, each a list of (choice among the allowed moves, hours since the previous row)."""
    return draw(st.lists(
        st.lists(st.tuples(st.integers(0, 20), st.integers(0, 24 * 90)), min_size=0, max_size=15),
        min_size=1, max_size=4,
    ))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(projects=journeys(), start_hours=st.integers(0, 24 * 365))
def test_random_journeys_kept_stage_times_are_those_of_their_log(projects, start_hours, alice, bob, territory,
                                                                  segment, need):
    for number, moves in enumerate(projects, start=Contact.objects.count()):
        moment = datetime.datetime(2024, 6, 1, 9, tzinfo=datetime.UTC) + datetime.timedelta(hours=start_hours)
        contact = Contact.objects.create(first_name="Aléa", last_name="Test", email=f"alea{number}@example.org")
        with happening_at(moment):
            project = project_create(contact=contact, source="website", referent=bob.referent)
        machine = Machine()
        for choice, hours in moves:
            if not machine.allowed():
                break
            # Forward moves favoured, so that journeys go deep.
            options = machine.allowed() + [n for n in machine.allowed() if n not in ("pause", "abandon", "reject")] * 3
            name = options[choice % len(options)]
            moment += datetime.timedelta(hours=hours)
            with happening_at(moment):
                if name == "close_follow_up":
                    Interaction.objects.create(project=project, kind="call", summary="Suivi", happened_at=moment)
                try:
                    project_transition(project=project, transition=name, user=alice,
                                       fields=_fields(name, moment, territory, segment, need))
                except ConditionMissing:
                    event(f"{name} refused on its date")
                    continue
            machine.apply(name, True)
            event(f"reaches {machine.state}")
    assert_kept_stage_times_match_the_log()
    for filters in PERIODS.values():
        _figures_agree(filters)
