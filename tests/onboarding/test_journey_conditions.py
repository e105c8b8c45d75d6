"""Each condition on its own: a refusal names what is missing and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from onboarding.exceptions import ConditionMissing
from onboarding.models import Interaction, Project, ProjectTransition
from onboarding.models import conditions as c
from onboarding.services.journey import project_transition
from onboarding.states import State


def _refused(project, snapshot, name, user, fields, condition):
    """Apply `name`, expect ConditionMissing naming only `condition`, and nothing changed."""
    before = snapshot(project)
    with pytest.raises(ConditionMissing) as info:
        project_transition(project=project, transition=name, user=user, fields=fields)
    assert info.value.details["missing"] == [condition.code]
    assert snapshot(project) == before


def _without(fields, key):
    return {k: v for k, v in fields.items() if k != key}


# --- qualify -------------------------------------------------------------------

def test_it_refuses_qualify_without_a_segment(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.CONTACTED)
    _refused(project, snapshot, "qualify", alice, _without(good_fields("qualify"), "segment"), c.has_segment)


def test_it_refuses_qualify_without_a_need(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.CONTACTED)
    _refused(project, snapshot, "qualify", alice, {**good_fields("qualify"), "needs": []}, c.has_need)


def test_it_refuses_qualify_without_a_target_territory(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.CONTACTED)
    fields = _without(good_fields("qualify"), "target_epci")
    _refused(project, snapshot, "qualify", alice, fields, c.has_target_territory)


def test_it_rolls_back_the_needs_set_by_a_refused_qualify(project, alice, walk_to, good_fields):
    walk_to(project, State.CONTACTED)
    with pytest.raises(ConditionMissing):
        project_transition(
            project=project, transition="qualify", user=alice, fields=_without(good_fields("qualify"), "segment")
        )
    assert not Project.objects.get(pk=project.pk).needs.exists()


def test_it_qualifies_with_a_target_epci(project, alice, walk_to, good_fields, territory):
    walk_to(project, State.CONTACTED)
    project_transition(project=project, transition="qualify", user=alice, fields=good_fields("qualify"))
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.target_epci, saved.target_commune) == (State.QUALIFIED, territory["epci"], None)
    assert list(saved.needs.values_list("code", flat=True)) == ["emploi"]


def test_it_qualifies_with_a_target_commune(project, alice, walk_to, good_fields, territory):
    walk_to(project, State.CONTACTED)
    fields = {**_without(good_fields("qualify"), "target_epci"), "target_commune": territory["commune"].insee}
    project_transition(project=project, transition="qualify", user=alice, fields=fields)
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.target_epci, saved.target_commune) == (State.QUALIFIED, None, territory["commune"])


# --- confirm_move ----------------------------------------------------------------

def test_it_refuses_confirm_move_without_a_target_commune(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.QUALIFIED)
    fields = _without(good_fields("confirm_move"), "target_commune")
    _refused(project, snapshot, "confirm_move", alice, fields, c.has_target_commune)


def test_it_refuses_confirm_move_without_a_move_date(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.QUALIFIED)
    fields = _without(good_fields("confirm_move"), "move_date")
    _refused(project, snapshot, "confirm_move", alice, fields, c.has_move_date)


def test_it_names_both_missing_conditions_of_confirm_move(project, alice, walk_to, snapshot):
    walk_to(project, State.ACCOMPANIED)
    before = snapshot(project)
    with pytest.raises(ConditionMissing) as info:
        project_transition(project=project, transition="confirm_move", user=alice)
    assert info.value.details["missing"] == ["has_target_commune", "has_move_date"]
    assert snapshot(project) == before


# --- mark_installed --------------------------------------------------------------

def test_it_refuses_mark_installed_without_a_commune(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.SETTLING)
    fields = _without(good_fields("mark_installed"), "installed_commune")
    _refused(project, snapshot, "mark_installed", alice, fields, c.has_installation_commune)


def test_it_refuses_mark_installed_without_a_date(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.SETTLING)
    fields = _without(good_fields("mark_installed"), "installed_on")
    _refused(project, snapshot, "mark_installed", alice, fields, c.has_installation_date)


def test_it_refuses_mark_installed_with_a_date_in_the_future(project, alice, walk_to, good_fields, snapshot):
    walk_to(project, State.SETTLING)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    fields = {**good_fields("mark_installed"), "installed_on": tomorrow.isoformat()}
    _refused(project, snapshot, "mark_installed", alice, fields, c.installation_date_not_in_future)


def test_it_marks_installed_today(project, alice, walk_to, good_fields, territory):
    walk_to(project, State.SETTLING)
    fields = {**good_fields("mark_installed"), "installed_on": timezone.localdate().isoformat()}
    project_transition(project=project, transition="mark_installed", user=alice, fields=fields)
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.installed_on, saved.installed_commune) == (
        State.INSTALLED, timezone.localdate(), territory["commune"]
    )


# --- close_follow_up ------------------------------------------------------------

def test_it_refuses_close_follow_up_without_an_exchange(project, alice, walk_to, snapshot):
    walk_to(project, State.INSTALLED)
    _refused(project, snapshot, "close_follow_up", alice, {}, c.has_follow_up_after_installation)


def test_it_refuses_close_follow_up_with_an_exchange_before_installation(project, alice, walk_to, snapshot):
    walk_to(project, State.INSTALLED)
    saved = Project.objects.get(pk=project.pk)
    before_installation = timezone.now() - datetime.timedelta(days=60)
    assert timezone.localdate(before_installation) < saved.installed_on
    Interaction.objects.create(project=project, kind="call", summary="Avant", happened_at=before_installation)
    _refused(project, snapshot, "close_follow_up", alice, {}, c.has_follow_up_after_installation)


def test_it_closes_follow_up_after_an_exchange_following_installation(project, alice, walk_to):
    walk_to(project, State.INSTALLED)
    Interaction.objects.create(project=project, kind="call", summary="Suivi à 6 mois")
    project_transition(project=project, transition="close_follow_up", user=alice)
    assert Project.objects.get(pk=project.pk).state == State.INTEGRATED


# --- pause and resume ----------------------------------------------------------------

def test_it_refuses_pause_without_a_reason(project, alice, snapshot):
    _refused(project, snapshot, "pause", alice, {}, c.has_pause_reason)


def test_it_refuses_pause_with_a_blank_reason(project, alice, snapshot):
    _refused(project, snapshot, "pause", alice, {"reason": "   "}, c.has_pause_reason)


def test_it_records_where_a_project_was_paused_from(project, alice, walk_to, good_fields):
    walk_to(project, State.QUALIFIED)
    project_transition(project=project, transition="pause", user=alice, fields=good_fields("pause"))
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.paused_from, saved.pause_reason) == (
        State.ON_HOLD, State.QUALIFIED, "Attend la réponse d'un employeur"
    )


@pytest.mark.parametrize(
    "state", [State.NEW, State.CONTACTED, State.QUALIFIED, State.ACCOMPANIED, State.SETTLING]
)
def test_it_resumes_to_the_state_paused_from(state, project, alice, walk_to, good_fields):
    walk_to(project, state)
    project_transition(
        project=project, transition="pause", user=alice,
        fields={**good_fields("pause"), "resume_on": "2030-01-15"},
    )
    log = project_transition(project=project, transition="resume", user=alice)
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, log.from_state, log.to_state) == (state, State.ON_HOLD, state)
    assert (saved.paused_from, saved.pause_reason, saved.resume_on) == ("", "", None)


def test_it_asks_a_new_reason_to_pause_again_after_abandon_and_reopen(project, alice, good_fields, snapshot):
    for name in ("make_contact", "pause", "abandon", "reopen"):
        project_transition(project=project, transition=name, user=alice, fields=good_fields(name))
    assert Project.objects.get(pk=project.pk).state == State.CONTACTED
    _refused(project, snapshot, "pause", alice, {}, c.has_pause_reason)


def test_it_ends_the_pause_when_abandoning_from_on_hold(project, alice, good_fields):
    project_transition(
        project=project, transition="pause", user=alice, fields={**good_fields("pause"), "resume_on": "2030-01-15"}
    )
    project_transition(project=project, transition="abandon", user=alice, fields=good_fields("abandon"))
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.paused_from, saved.pause_reason, saved.resume_on) == (State.ABANDONED, "", "", None)


# --- abandon, reopen, reject ------------------------------------------------------

def test_it_refuses_abandon_without_a_reason(project, alice, snapshot):
    _refused(project, snapshot, "abandon", alice, {}, c.has_abandon_reason)


def test_it_abandons_with_a_reason_from_the_list(project, alice):
    project_transition(project=project, transition="abandon", user=alice, fields={"reason": "other_territory"})
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.abandon_reason) == (State.ABANDONED, "other_territory")


def test_it_reopens_to_contacted_and_forgets_the_abandon_reason(project, alice, walk_to):
    # Reopening a project abandoned before anybody reached the person: test_journey_reopen.
    project_transition(project=project, transition="make_contact", user=alice)
    project_transition(project=project, transition="abandon", user=alice, fields={"reason": "job"})
    log = project_transition(project=project, transition="reopen", user=alice)
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.abandon_reason) == (State.CONTACTED, "")
    assert (log.from_state, log.to_state) == (State.ABANDONED, State.CONTACTED)


def test_it_refuses_reject_without_a_reason(project, alice, snapshot):
    _refused(project, snapshot, "reject", alice, {}, c.has_reject_reason)


def test_it_refuses_a_duplicate_that_names_no_original(project, alice, snapshot):
    _refused(project, snapshot, "reject", alice, {"reason": "duplicate"}, c.duplicate_names_original)


def test_it_refuses_a_duplicate_of_itself(project, alice, snapshot):
    _refused(
        project, snapshot, "reject", alice, {"reason": "duplicate", "duplicate_of": project.pk},
        c.duplicate_names_original,
    )


def test_it_rejects_a_duplicate_of_another_project(project, alice, contact):
    original = Project.objects.create(contact=contact, source="website")
    project_transition(
        project=project, transition="reject", user=alice, fields={"reason": "duplicate", "duplicate_of": original.pk}
    )
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.reject_reason, saved.duplicate_of) == (State.REJECTED, "duplicate", original)


def test_it_forgets_the_original_when_rejecting_for_another_reason(project, alice, contact):
    original = Project.objects.create(contact=contact, source="website")
    project_transition(
        project=project, transition="reject", user=alice, fields={"reason": "spam", "duplicate_of": original.pk}
    )
    saved = Project.objects.get(pk=project.pk)
    assert (saved.state, saved.reject_reason, saved.duplicate_of) == (State.REJECTED, "spam", None)


# --- make_contact ------------------------------------------------------------------

def test_it_sets_first_contacted_at_on_make_contact(project, bob):
    assert Project.objects.get(pk=project.pk).first_contacted_at is None
    start = timezone.now()
    project_transition(project=project, transition="make_contact", user=bob)
    saved = Project.objects.get(pk=project.pk)
    assert saved.state == State.CONTACTED
    assert start <= saved.first_contacted_at <= timezone.now()


def test_it_keeps_the_first_contact_date_through_abandon_and_reopen(project, bob, good_fields):
    project_transition(project=project, transition="make_contact", user=bob)
    first = Project.objects.get(pk=project.pk).first_contacted_at
    project_transition(project=project, transition="abandon", user=bob, fields=good_fields("abandon"))
    project_transition(project=project, transition="reopen", user=bob)
    assert Project.objects.get(pk=project.pk).first_contacted_at == first
    assert ProjectTransition.objects.filter(project=project, transition="make_contact").count() == 1
