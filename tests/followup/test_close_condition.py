"""close_follow_up and the check-ins: possible once the last one (24 months)
is answered or expired, or the person left; before that, coordinators
only, with a written reason. One rule, read by the staff page's buttons and
the API alike (onboarding.services.journey)."""

import datetime

import pytest

from followup.models import CheckIn, CheckInAnswer
from onboarding.exceptions import ConditionMissing, TransitionPermissionDenied
from onboarding.models import Interaction
from onboarding.services.journey import available_transitions, project_transition

D = datetime.date

# last check-in's status, who, reason written -> closes, or the refusal raised
TABLE = [
    ("scheduled", "bob", "", TransitionPermissionDenied),
    ("sent", "bob", "Raison", TransitionPermissionDenied),
    ("scheduled", "alice", "", ConditionMissing),
    ("sent", "alice", "La famille est suivie par le CCAS", True),
    ("answered", "bob", "", True),
    ("expired", "bob", "", True),
    ("expired", "alice", "", True),
]


@pytest.mark.parametrize(("status", "who", "reason", "expected"), TABLE)
def test_close_follow_up_waits_for_the_last_check_in(status, who, reason, expected, installed, alice, bob):
    check_ins = installed(D(2025, 1, 10))
    project = check_ins[24].project
    Interaction.objects.create(project=project, kind="call", summary="Appel de suivi")
    CheckIn.objects.filter(pk=check_ins[24].pk).update(status=status)
    user = {"alice": alice, "bob": bob}[who]
    assert ("close_follow_up" in available_transitions(project, user)) == (expected is not TransitionPermissionDenied)
    if expected is True:
        project_transition(project=project, transition="close_follow_up", user=user, fields={"reason": reason})
        project.refresh_from_db()
        assert project.state == "integrated"
    else:
        with pytest.raises(expected):
            project_transition(project=project, transition="close_follow_up", user=user, fields={"reason": reason})


def test_an_answer_counts_as_the_follow_up_exchange(installed, bob):
    check_ins = installed(D(2025, 1, 10))
    project = check_ins[24].project
    CheckIn.objects.filter(pk=check_ins[24].pk).update(status="answered")
    CheckInAnswer.objects.create(check_in=check_ins[24], answered_at=datetime.datetime.now(datetime.UTC),
                                 still_here=True, work="found", partner_work="na", school="na", ambassador="no")
    project_transition(project=project, transition="close_follow_up", user=bob)
    project.refresh_from_db()
    assert project.state == "integrated"


def test_the_staff_page_offers_the_early_close_to_coordinators_only(client, installed, alice, bob):
    project = installed(D(2025, 1, 10))[24].project
    Interaction.objects.create(project=project, kind="call", summary="Appel de suivi")
    url = f"/equipe/projets/{project.pk}/"
    client.force_login(bob)
    assert "transitions/close_follow_up/" not in client.get(url).content.decode()
    client.force_login(alice)
    assert "transitions/close_follow_up/" in client.get(url).content.decode()


def test_an_early_close_cancels_the_check_ins_not_sent(installed, alice, django_capture_on_commit_callbacks):
    project = installed(D(2025, 1, 10))[24].project
    Interaction.objects.create(project=project, kind="call", summary="Appel de suivi")
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, transition="close_follow_up", user=alice,
                           fields={"reason": "Suivi assuré par la mairie"})
    assert set(CheckIn.objects.filter(project=project).values_list("status", flat=True)) == {"cancelled"}
