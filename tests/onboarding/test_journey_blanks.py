"""A blank given to a transition (a commune cleared in the form, null or ""
in the API) is never dropped: it is applied where the transition can do
without the value, refused by name where it cannot. Decided per field in
onboarding.transitions:

- qualify: the target EPCI or commune may be cleared (either one suffices);
  both cleared, or the segment, is refused;
- confirm_move, mark_installed: the commune and the date are what the step
  records, so clearing them is refused;
- pause: the planned resume date may be cleared.
"""

import datetime

import pytest

from onboarding.exceptions import ConditionMissing
from onboarding.models import Project, ProjectTransition
from onboarding.models import conditions as c
from onboarding.services.journey import project_transition
from onboarding.states import State

APPLIED = [
    # (from, transition, blanked, the attribute left empty)
    (State.CONTACTED, "qualify", {"target_commune": ""}, "target_commune_id"),
    (State.CONTACTED, "qualify", {"target_commune": None}, "target_commune_id"),
    (State.CONTACTED, "pause", {"resume_on": None}, "resume_on"),
]
REFUSED = [
    (State.CONTACTED, "qualify", {"target_commune": "", "target_epci": ""}, c.has_target_territory),
    (State.CONTACTED, "qualify", {"segment": None}, c.has_segment),
    (State.CONTACTED, "qualify", {"needs": []}, c.has_need),
    (State.QUALIFIED, "confirm_move", {"target_commune": ""}, c.has_target_commune),
    (State.QUALIFIED, "confirm_move", {"move_date": None}, c.has_move_date),
    (State.SETTLING, "mark_installed", {"installed_commune": ""}, c.has_installation_commune),
    (State.SETTLING, "mark_installed", {"installed_on": ""}, c.has_installation_date),
]


def _ids(table):
    return [f"{row[1]}-{'-'.join(row[2])}-{row[2][next(iter(row[2]))]!r}" for row in table]


@pytest.fixture
def filled(project, territory, segment, need):
    """A project that already holds every value the transitions take."""
    def fill():
        Project.objects.filter(pk=project.pk).update(
            target_commune=territory["commune"], target_epci=territory["epci"], segment=segment,
            move_date=datetime.date.today() + datetime.timedelta(days=60),
            installed_commune=territory["commune"], installed_on=datetime.date.today(),
            resume_on=datetime.date.today() + datetime.timedelta(days=20),
        )
        project.needs.set([need])
        project.refresh_from_db()
        return project
    return fill


@pytest.mark.parametrize(("state", "name", "blanked", "attr"), APPLIED, ids=_ids(APPLIED))
def test_it_applies_a_blank_the_transition_can_do_without(state, name, blanked, attr, project, alice, walk_to,
                                                          good_fields, filled):
    walk_to(project, state)
    filled()
    fields = {**good_fields(name), **blanked}
    if name == "qualify":
        fields = {k: v for k, v in fields.items() if k != "target_epci"}  # kept: the EPCI is still aimed at

    log = project_transition(project=project, transition=name, user=alice, fields=fields)

    assert getattr(Project.objects.get(pk=project.pk), attr) is None
    blank_name = next(iter(blanked))
    assert ProjectTransition.objects.get(pk=log.pk).fields[blank_name] is None


@pytest.mark.parametrize(("state", "name", "blanked", "condition"), REFUSED, ids=_ids(REFUSED))
def test_it_refuses_by_name_a_blank_the_transition_needs(state, name, blanked, condition, project, alice, walk_to,
                                                         good_fields, filled, snapshot):
    walk_to(project, state)
    filled()
    before = snapshot(project)

    with pytest.raises(ConditionMissing) as info:
        project_transition(project=project, transition=name, user=alice,
                           fields={**good_fields(name), **blanked})

    assert info.value.details["missing"] == [condition.code]
    assert snapshot(project) == before


def test_it_leaves_a_field_not_sent_as_it_is(project, alice, walk_to, filled, territory):
    walk_to(project, State.QUALIFIED)
    filled()
    project_transition(project=project, transition="confirm_move", user=alice, fields={})
    assert Project.objects.get(pk=project.pk).target_commune == territory["commune"]
