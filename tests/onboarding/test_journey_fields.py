"""Bad values given to a transition: InvalidTransitionField, nothing changed."""

import datetime

import pytest
from django.utils import timezone

from onboarding.exceptions import InvalidTransitionField, UnknownTransition
from onboarding.models import ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.states import State


def _invalid(project, snapshot, name, user, fields, field, **kwargs):
    before = snapshot(project)
    with pytest.raises(InvalidTransitionField) as info:
        project_transition(project=project, transition=name, user=user, fields=fields, **kwargs)
    assert info.value.details["field"] == field
    assert snapshot(project) == before
    return info.value


@pytest.mark.parametrize("value", ["15/07/2026", "demain", "2026-02-30", "2026-13-01"])
def test_it_refuses_a_bad_move_date(value, project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.QUALIFIED)
    fields = {**good_fields("confirm_move"), "move_date": value}
    _invalid(project, snapshot, "confirm_move", alice, fields, "move_date")


def test_it_refuses_a_bad_installation_date(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.SETTLING)
    fields = {**good_fields("mark_installed"), "installed_on": "2026-02-30"}
    _invalid(project, snapshot, "mark_installed", alice, fields, "installed_on")


def test_it_refuses_an_unknown_commune_insee_code(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.QUALIFIED)
    fields = {**good_fields("confirm_move"), "target_commune": "99999"}
    error = _invalid(project, snapshot, "confirm_move", alice, fields, "target_commune")
    assert "99999" in error.message


def test_it_refuses_an_unknown_need_code(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.CONTACTED)
    fields = {**good_fields("qualify"), "needs": ["emploi", "licorne"]}
    error = _invalid(project, snapshot, "qualify", alice, fields, "needs")
    assert "licorne" in error.message


def test_it_refuses_needs_given_as_a_string(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.CONTACTED)
    _invalid(project, snapshot, "qualify", alice, {**good_fields("qualify"), "needs": "emploi"}, "needs")


def test_it_refuses_an_unknown_segment_code(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.CONTACTED)
    _invalid(project, snapshot, "qualify", alice, {**good_fields("qualify"), "segment": "licorne"}, "segment")


def test_it_refuses_an_unknown_epci_siren(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.CONTACTED)
    fields = {**good_fields("qualify"), "target_epci": "000000000"}
    _invalid(project, snapshot, "qualify", alice, fields, "target_epci")


def test_it_refuses_a_field_the_transition_does_not_take(project, alice, snapshot):
    _invalid(project, snapshot, "make_contact", alice, {"move_date": "2026-07-15"}, "move_date")


def test_it_refuses_an_unknown_field_next_to_good_ones(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.CONTACTED)
    _invalid(project, snapshot, "qualify", alice, {**good_fields("qualify"), "colour": "blue"}, "colour")


def test_it_refuses_an_abandon_reason_not_in_the_list(project, alice, snapshot):
    _invalid(project, snapshot, "abandon", alice, {"reason": "bored"}, "reason")


def test_it_refuses_a_reject_reason_not_in_the_list(project, alice, snapshot):
    _invalid(project, snapshot, "reject", alice, {"reason": "ugly"}, "reason")


def test_it_refuses_a_duplicate_of_a_project_that_does_not_exist(project, alice, snapshot):
    _invalid(project, snapshot, "reject", alice, {"reason": "duplicate", "duplicate_of": "nope"}, "duplicate_of")


def test_it_refuses_a_pause_reason_too_long(project, alice, snapshot):
    _invalid(project, snapshot, "pause", alice, {"reason": "x" * 301}, "reason")


def test_it_refuses_a_note_too_long(project, alice, snapshot):
    _invalid(project, snapshot, "make_contact", alice, {}, "note", note="x" * 5001)


def test_it_refuses_an_unknown_channel(project, alice, snapshot):
    _invalid(project, snapshot, "make_contact", alice, {}, "channel", channel="carrier-pigeon")


def test_it_refuses_an_unknown_transition(project, alice, snapshot):
    before = snapshot(project)
    with pytest.raises(UnknownTransition) as info:
        project_transition(project=project, transition="teleport", user=alice)
    assert "make_contact" in info.value.details["allowed"]
    assert snapshot(project) == before


def test_it_records_the_cleaned_fields_in_the_log(project, alice, walk_to, good_fields, territory):
    walk_to(project, State.QUALIFIED)
    move_date = (timezone.localdate() + datetime.timedelta(days=45)).isoformat()
    log = project_transition(
        project=project, transition="confirm_move", user=alice,
        fields={"target_commune": f" {territory['commune'].insee} ", "move_date": move_date},
    )
    row = ProjectTransition.objects.get(pk=log.pk)
    assert row.fields == {"target_commune": territory["commune"].insee, "move_date": move_date}
