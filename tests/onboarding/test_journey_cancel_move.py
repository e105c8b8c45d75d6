"""cancel_move: the move fell through after "settling" (the house sale, the
job): back to support rather than an abandon, with the reason in the log."""

import pytest

from onboarding.exceptions import ConditionMissing, TransitionPermissionDenied
from onboarding.models import Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.states import State
from onboarding.transitions import free_text_fields


@pytest.fixture
def settling(project, alice, walk_to):
    return walk_to(project, State.SETTLING)


def test_it_takes_a_settling_project_back_to_support_and_logs_the_reason(settling, bob):
    log = project_transition(project=settling, transition="cancel_move", user=bob,
                             fields={"reason": "La vente de la maison n'a pas abouti"}, note="Appel du 12")

    saved = Project.objects.get(pk=settling.pk)
    assert saved.state == State.ACCOMPANIED
    row = ProjectTransition.objects.get(pk=log.pk)
    assert (row.transition, row.from_state, row.to_state, row.by, row.note) == (
        "cancel_move", State.SETTLING, State.ACCOMPANIED, bob, "Appel du 12")
    assert row.fields == {"reason": "La vente de la maison n'a pas abouti"}


def test_it_forgets_the_planned_date_but_keeps_the_target_commune(settling, bob, territory):
    project_transition(project=settling, transition="cancel_move", user=bob, fields={"reason": "Emploi perdu"})
    saved = Project.objects.get(pk=settling.pk)
    assert (saved.move_date, saved.target_commune) == (None, territory["commune"])


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_it_refuses_a_cancelled_move_without_a_reason(reason, settling, bob, snapshot):
    before = snapshot(settling)
    fields = {} if reason is None else {"reason": reason}
    with pytest.raises(ConditionMissing) as info:
        project_transition(project=settling, transition="cancel_move", user=bob, fields=fields)
    assert info.value.details["missing"] == ["has_move_cancel_reason"]
    assert snapshot(settling) == before


def test_it_asks_a_new_reason_for_a_second_cancelled_move(settling, bob, good_fields):
    project_transition(project=settling, transition="cancel_move", user=bob, fields={"reason": "Emploi perdu"})
    project_transition(project=settling, transition="confirm_move", user=bob, fields=good_fields("confirm_move"))
    with pytest.raises(ConditionMissing):
        project_transition(project=settling, transition="cancel_move", user=bob)


def test_it_refuses_another_referent(settling, charlie, snapshot):
    before = snapshot(settling)
    with pytest.raises(TransitionPermissionDenied):
        project_transition(project=settling, transition="cancel_move", user=charlie, fields={"reason": "x"})
    assert snapshot(settling) == before


def test_it_blanks_the_reason_on_erasure_as_free_text():
    assert free_text_fields()["cancel_move"] == ("reason",)
