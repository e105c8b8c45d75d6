"""Random walks through the journey, checked against a model of the machine
written here from DESIGN.md (not read from django_fsm), and the log replayed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from onboarding.exceptions import ConditionMissing, TransitionNotAllowedFromState, TransitionPermissionDenied
from onboarding.models import Interaction, Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from onboarding.states import Channel
from onboarding.transitions import TRANSITION_NAMES

ACTIVE = ("new", "contacted", "qualified", "accompanied", "settling")
RESUME = object()  # resume goes back to the state the project was paused from
REOPEN = object()  # reopen goes back to contacted if the person was ever contacted, else to new
TABLE = {
    ("new", "make_contact"): "contacted",
    ("contacted", "qualify"): "qualified",
    ("qualified", "start_support"): "accompanied",
    ("qualified", "confirm_move"): "settling",
    ("accompanied", "confirm_move"): "settling",
    ("settling", "cancel_move"): "accompanied",
    ("settling", "mark_installed"): "installed",
    ("installed", "close_follow_up"): "integrated",
    **{(state, "pause"): "on_hold" for state in ACTIVE},
    ("on_hold", "resume"): RESUME,
    **{(state, "abandon"): "abandoned" for state in (*ACTIVE, "on_hold")},
    ("abandoned", "reopen"): REOPEN,
    ("rejected", "reopen"): "new",  # coordinators only
    ("new", "reject"): "rejected",
}
# What each transition needs known, what its fields make known, what it forgets.
NEEDS = {
    "qualify": {"segment", "need", "territory"},
    "confirm_move": {"target_commune", "move_date"},
    "cancel_move": {"move_cancel_reason"},
    "mark_installed": {"installed"},
    "close_follow_up": {"installed"},  # and the exchange logged at the start
    "pause": {"pause_reason"},
    "abandon": {"abandon_reason"},
    "reject": {"reject_reason"},
}
GIVES = {name: needs for name, needs in NEEDS.items() if name != "close_follow_up"}
FORGETS = {
    "resume": {"pause_reason"}, "abandon": {"pause_reason"}, "reopen": {"abandon_reason", "reject_reason"},
    # The reason is the log's alone; the planned date no longer holds.
    "cancel_move": {"move_cancel_reason", "move_date"},
}
COORDINATORS = {"alice"}
ACTORS = ("alice", "bob", "charlie", "anonymous", "system", "nobody")
PERMITTED = {"alice", "bob", "system"}


class Machine:
    def __init__(self):
        self.state, self.paused_from, self.known, self.contacted = "new", None, set(), False

    def allowed(self):
        return sorted(name for (state, name) in TABLE if state == self.state)

    def expect(self, name, actor, with_fields):
        """The outcome: an exception class, or the target state.

        Permission comes first: a refusal must not tell an outsider the state.
        """
        if actor not in PERMITTED:
            return TransitionPermissionDenied
        if (self.state, name) not in TABLE:
            return TransitionNotAllowedFromState
        if (self.state, name) == ("rejected", "reopen") and actor not in COORDINATORS:
            return TransitionPermissionDenied
        if not NEEDS.get(name, set()) <= self.known | (GIVES.get(name, set()) if with_fields else set()):
            return ConditionMissing
        target = TABLE[(self.state, name)]
        if target is REOPEN:
            return "contacted" if self.contacted else "new"
        return self.paused_from if target is RESUME else target

    def apply(self, name, with_fields):
        target = self.expect(name, "alice", with_fields)
        if with_fields:
            self.known |= GIVES.get(name, set())
        self.known -= FORGETS.get(name, set())
        self.paused_from = self.state if name == "pause" else None if name in ("resume", "abandon") else self.paused_from
        self.contacted = self.contacted or name == "make_contact"
        self.state = target


@st.composite
def steps(draw):
    """Two draws in three make a move the model allows, forward ones favoured,
    so that walks go deep."""
    machine, drawn = Machine(), []
    for _ in range(draw(st.integers(min_value=5, max_value=40))):
        if draw(st.integers(0, 2)) and machine.allowed():
            forward = [name for name in machine.allowed() if name not in ("pause", "abandon", "reject")]
            name = draw(st.sampled_from(machine.allowed() + forward * 3))
            actor, with_fields = draw(st.sampled_from(sorted(PERMITTED))), draw(st.integers(0, 3)) > 0
        else:
            name = draw(st.sampled_from(TRANSITION_NAMES))
            actor, with_fields = draw(st.sampled_from(ACTORS)), draw(st.booleans())
        if not isinstance(machine.expect(name, actor, with_fields), type):
            machine.apply(name, with_fields)
        drawn.append((name, actor, with_fields))
    return drawn


@pytest.fixture
def users(alice, bob, charlie):
    return {
        "alice": (alice, Channel.UI),
        "bob": (bob, Channel.API),
        "charlie": (charlie, Channel.UI),
        "anonymous": (AnonymousUser(), Channel.UI),
        "system": (None, Channel.SYSTEM),
        "nobody": (None, Channel.UI),
    }


def _assert_log_replays(project):
    rows = list(ProjectTransition.objects.filter(project=project).order_by("at", "id"))
    assert (rows[0].transition, rows[0].from_state, rows[0].to_state) == ("create", "", "new")
    for previous, row in zip(rows, rows[1:], strict=False):
        assert row.from_state == previous.to_state, (previous, row)
    assert rows[-1].to_state == Project.objects.get(pk=project.pk).state
    return rows


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(walk=steps())
def test_it_never_accepts_a_move_the_table_refuses(walk, contact, bob, users, good_fields):
    project = project_create(contact=contact, source="website", referent=bob.referent)
    Interaction.objects.create(project=project, kind="call", summary="Suivi", happened_at=timezone.now())
    machine, accepted = Machine(), ["create"]

    for name, actor, with_fields in walk:
        user, channel = users[actor]
        expected = machine.expect(name, actor, with_fields)
        fields = good_fields(name) if with_fields else {}
        if isinstance(expected, type):
            with pytest.raises(expected):
                project_transition(project=project, transition=name, user=user, channel=channel, fields=fields)
        else:
            log = project_transition(project=project, transition=name, user=user, channel=channel, fields=fields)
            assert (log.from_state, log.to_state) == (machine.state, expected)
            machine.apply(name, with_fields)
            accepted.append(name)
        assert Project.objects.get(pk=project.pk).state == machine.state == project.state

        event(f"visits {machine.state}")

    rows = _assert_log_replays(project)
    assert [row.transition for row in rows] == accepted
