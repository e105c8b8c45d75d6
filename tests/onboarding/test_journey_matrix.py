"""Every (state, transition) pair: the declared table, written out by hand from
DESIGN.md, against what the service does."""

import pytest

from onboarding.exceptions import TransitionNotAllowedFromState
from onboarding.models import Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.states import State
from onboarding.transitions import TRANSITION_NAMES

ALLOWED = {
    State.NEW: {"make_contact", "pause", "abandon", "reject"},
    State.CONTACTED: {"qualify", "pause", "abandon"},
    State.QUALIFIED: {"start_support", "confirm_move", "pause", "abandon"},
    State.ACCOMPANIED: {"confirm_move", "pause", "abandon"},
    State.SETTLING: {"cancel_move", "mark_installed", "pause", "abandon"},
    State.INSTALLED: {"close_follow_up"},
    State.INTEGRATED: set(),
    State.ON_HOLD: {"resume", "abandon"},
    State.ABANDONED: {"reopen"},
    State.REJECTED: {"reopen"},  # coordinators only (test_journey_reopen)
}
TARGET = {
    "make_contact": State.CONTACTED,
    "qualify": State.QUALIFIED,
    "start_support": State.ACCOMPANIED,
    "confirm_move": State.SETTLING,
    "cancel_move": State.ACCOMPANIED,
    "mark_installed": State.INSTALLED,
    "close_follow_up": State.INTEGRATED,
    "pause": State.ON_HOLD,
    "resume": State.CONTACTED,  # the conftest walks to on_hold from contacted
    "abandon": State.ABANDONED,
    "reopen": State.NEW,  # the conftest abandons and rejects from new: never contacted
    "reject": State.REJECTED,
}

PAIRS = [(state, name) for state in State for name in TRANSITION_NAMES]
ALLOWED_PAIRS = [(s, n) for s, n in PAIRS if n in ALLOWED[s]]
REFUSED_PAIRS = [(s, n) for s, n in PAIRS if n not in ALLOWED[s]]


def _id(pair):
    return f"{pair[0].value}-{pair[1]}" if isinstance(pair, tuple) else None


def test_it_covers_all_ten_states_and_twelve_transitions():
    assert (len(State), len(TRANSITION_NAMES), len(PAIRS)) == (10, 12, 120)
    assert set(TRANSITION_NAMES) == set(TARGET)


@pytest.mark.parametrize("pair", ALLOWED_PAIRS, ids=_id)
def test_it_applies_an_allowed_transition(pair, project, alice, walk_to, good_fields):
    state, name = pair
    walk_to(project, state)
    before = ProjectTransition.objects.filter(project=project).count()

    log = project_transition(project=project, transition=name, user=alice, fields=good_fields(name, project))

    assert Project.objects.get(pk=project.pk).state == TARGET[name]
    assert project.state == TARGET[name]
    assert ProjectTransition.objects.filter(project=project).count() == before + 1
    row = ProjectTransition.objects.get(pk=log.pk)
    assert (row.transition, row.from_state, row.to_state, row.by) == (name, state, TARGET[name], alice)


@pytest.mark.parametrize("pair", REFUSED_PAIRS, ids=_id)
def test_it_refuses_a_transition_not_declared_from_the_state(pair, project, alice, walk_to, good_fields, snapshot):
    state, name = pair
    walk_to(project, state)
    before = snapshot(project)

    with pytest.raises(TransitionNotAllowedFromState) as info:
        project_transition(project=project, transition=name, user=alice, fields=good_fields(name, project))

    assert sorted(info.value.details["allowed"]) == sorted(ALLOWED[state])
    assert info.value.details["state"] == state
    assert snapshot(project) == before
    assert project.state == state
