"""Reassignment follows routing's availability rules: nobody is handed a
project while absent or at capacity, unless the person reassigning says so
explicitly, and then the history says what was overridden."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.models import Absence
from onboarding.exceptions import ReassignmentInvalid
from onboarding.models import Project, RoutingDecision
from onboarding.services.routing import project_reassign
from onboarding.states import State

from .routing_helpers import fill

pytestmark = pytest.mark.django_db


def _make(charlie, situation):
    today = timezone.localdate()
    target = charlie.referent
    target.capacity = 3
    target.save(update_fields=["capacity"])
    if situation == "absent":
        Absence.objects.create(referent=target, starts_on=today - datetime.timedelta(days=2),
                               ends_on=today + datetime.timedelta(days=5))
    elif situation == "full":
        fill(target, 3)
    elif situation == "nearly full":
        fill(target, 2)
    elif situation == "back tomorrow... was away":
        Absence.objects.create(referent=target, starts_on=today - datetime.timedelta(days=5),
                               ends_on=today - datetime.timedelta(days=1))
    elif situation == "full of closed projects":
        fill(target, 3, state=State.INTEGRATED)
    return target


# situation of Charlie (capacity 3), override ticked, expected: refused (with why) or the stored reason
TABLE = [
    ("available", False, "Bob Durand → Charlie Petit : Congé"),
    ("nearly full", False, "Bob Durand → Charlie Petit : Congé"),
    ("back tomorrow... was away", False, "Bob Durand → Charlie Petit : Congé"),
    ("full of closed projects", False, "Bob Durand → Charlie Petit : Congé"),
    ("available", True, "Bob Durand → Charlie Petit : Congé"),  # nothing overridden, nothing said
    ("absent", False, "refused: Charlie Petit est en absence aujourd'hui"),
    ("full", False, "refused: Charlie Petit suit déjà 3 projets ouverts pour une capacité de 3"),
    ("absent", True,
     "Bob Durand → Charlie Petit : Congé (confié malgré les règles d'orientation : Charlie Petit absent aujourd'hui)"),
    ("full", True,
     "Bob Durand → Charlie Petit : Congé (confié malgré les règles d'orientation : "
     "Charlie Petit complet (3 projets ouverts / 3))"),
]


@pytest.mark.parametrize(("situation", "override", "expected"), TABLE)
def test_reassignment_follows_routings_availability(project, alice, bob, charlie, situation, override, expected):
    target = _make(charlie, situation)
    if expected.startswith("refused: "):
        with pytest.raises(ReassignmentInvalid) as error:
            project_reassign(project=project, referent=target, user=alice, reason="Congé",
                             override_availability=override)
        assert error.value.message.startswith(expected.removeprefix("refused: "))
        assert "Confier quand même" in error.value.message
        assert error.value.details.get("field") == "referent"
        assert Project.objects.get(pk=project.pk).referent == bob.referent
        assert not RoutingDecision.objects.exists()
    else:
        decision = project_reassign(project=project, referent=target, user=alice, reason="Congé",
                                    override_availability=override)
        assert decision.reason == expected
        assert Project.objects.get(pk=project.pk).referent == target


def test_the_override_does_not_bring_back_an_inactive_referent(project, alice, charlie):
    charlie.referent.is_active = False
    charlie.referent.save()
    with pytest.raises(ReassignmentInvalid, match="n'est plus actif"):
        project_reassign(project=project, referent=charlie.referent, user=alice, reason="x",
                         override_availability=True)


# --- the staff page ----------------------------------------------------------------------

def test_the_page_says_who_is_away_or_full_and_refuses_without_the_box(client, project, alice, charlie):
    target = _make(charlie, "absent")
    client.force_login(alice)
    url = reverse("project_reassign", args=[project.pk])
    page = client.get(url).content.decode()
    assert "Charlie Petit" in page and "(absent aujourd&#x27;hui)" in page
    assert "Confier quand même" in page
    response = client.post(url, {"referent": target.pk, "reason": "Congé"})
    assert response.status_code == 200
    assert "Charlie Petit est en absence aujourd&#x27;hui" in response.content.decode()
    assert not RoutingDecision.objects.exists()


def test_the_page_reassigns_with_the_box_and_the_history_says_so(client, project, alice, charlie):
    target = _make(charlie, "full")
    client.force_login(alice)
    response = client.post(reverse("project_reassign", args=[project.pk]),
                           {"referent": target.pk, "reason": "Congé", "override_availability": "on"})
    assert response.status_code == 302
    decision = RoutingDecision.objects.get()
    assert decision.referent == target
    assert decision.reason.endswith("(confié malgré les règles d'orientation : Charlie Petit complet (3 projets ouverts / 3))")


def test_the_admin_action_applies_the_same_rules(client, project, alice, bob, charlie):
    from onboarding.models import Project as P

    target = _make(charlie, "full")
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    client.force_login(alice)
    changelist = reverse("admin:onboarding_project_changelist")
    data = {"action": "reassign", "_selected_action": [project.pk], "apply": "1", "referent": target.pk,
            "reason": "Congé"}
    client.post(changelist, data)
    assert P.objects.get(pk=project.pk).referent == bob.referent
    client.post(changelist, {**data, "override_availability": "on"})
    assert P.objects.get(pk=project.pk).referent == target
    assert "complet" in RoutingDecision.objects.get().reason


def test_reassignment_decides_on_the_referents_row_not_the_callers_copy(project, alice, charlie):
    # The form read Charlie with room for 3; a coordinator lowered it to 1
    # meanwhile, and Charlie already follows one open project.
    stale = charlie.referent
    stale.capacity = 3
    stale.save(update_fields=["capacity"])
    fill(stale, 1)
    type(stale).objects.filter(pk=stale.pk).update(capacity=1)
    with pytest.raises(ReassignmentInvalid) as error:
        project_reassign(project=project, referent=stale, user=alice, reason="Congé")
    assert "suit déjà 1 projets ouverts pour une capacité de 1" in error.value.message
    assert not RoutingDecision.objects.exists()


def test_a_referent_deleted_meanwhile_is_refused_as_an_unknown_choice(project, alice, charlie):
    gone = charlie.referent
    type(gone).objects.filter(pk=gone.pk).delete()
    with pytest.raises(ReassignmentInvalid) as error:
        project_reassign(project=project, referent=gone, user=alice, reason="Congé")
    assert error.value.message == "Choisissez un référent dans la liste."
