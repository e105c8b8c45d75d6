"""Handing a project over: who may, the log, the e-mail, the page."""

import pytest
from django.core import mail
from django.urls import reverse

from onboarding.exceptions import ConcurrentChange, ReassignmentDenied, ReassignmentInvalid
from onboarding.models import Project, RoutingDecision
from onboarding.services.routing import project_reassign

from .routing_helpers import referent, team

pytestmark = pytest.mark.django_db


def stored(project):
    return Project.objects.get(pk=project.pk)


def test_a_coordinator_reassigns_and_it_is_logged(project, alice, bob, charlie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = project_reassign(project=project, referent=charlie.referent, user=alice, reason="Congé maternité")
    assert stored(project).referent == charlie.referent
    assert project.referent == charlie.referent
    row = RoutingDecision.objects.get(project=project, kind=RoutingDecision.Kind.REASSIGNMENT)
    assert row == decision
    assert (row.previous_referent, row.referent, row.by) == (bob.referent, charlie.referent, alice)
    assert row.reason == "Bob Durand → Charlie Petit : Congé maternité"


def test_the_new_referent_is_told_after_commit(project, alice, charlie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        project_reassign(project=project, referent=charlie.referent, user=alice, reason="Congé")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["charlie@example.org"]
    assert message.subject == f"Le projet n°{project.pk} vous est confié"
    assert "par Alice Martin" in message.body
    assert "Bob Durand → Charlie Petit : Congé" in message.body
    assert project.contact.last_name not in message.body


def test_the_referent_hands_over_to_a_colleague(project, bob, charlie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project_reassign(project=project, referent=charlie.referent, user=bob, reason="Hors de mon secteur")
    assert stored(project).referent == charlie.referent
    assert RoutingDecision.objects.get(project=project).by == bob


def test_another_referent_may_not_reassign(project, bob, charlie):
    with pytest.raises(ReassignmentDenied):
        project_reassign(project=project, referent=charlie.referent, user=charlie, reason="Je le prends")
    assert stored(project).referent == bob.referent
    assert not RoutingDecision.objects.exists()


def test_an_anonymous_visitor_may_not_reassign(project, bob, charlie):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ReassignmentDenied):
        project_reassign(project=project, referent=charlie.referent, user=AnonymousUser(), reason="x")
    assert stored(project).referent == bob.referent


def test_a_referent_may_not_take_a_project_from_the_queue(contact, charlie):
    from onboarding.services.projects import project_create

    queued = project_create(contact=contact, source="website")
    with pytest.raises(ReassignmentDenied):
        project_reassign(project=queued, referent=charlie.referent, user=charlie, reason="Je le prends")


def test_a_coordinator_assigns_a_project_from_the_queue(contact, alice, charlie):
    from onboarding.services.projects import project_create

    queued = project_create(contact=contact, source="website")
    decision = project_reassign(project=queued, referent=charlie.referent, user=alice, reason="Secteur de Charlie")
    assert stored(queued).referent == charlie.referent
    assert decision.previous_referent is None
    assert decision.reason == "file d'attente de la coordination → Charlie Petit : Secteur de Charlie"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(project, alice, bob, charlie, reason):
    with pytest.raises(ReassignmentInvalid) as error:
        project_reassign(project=project, referent=charlie.referent, user=alice, reason=reason)
    assert error.value.message == "Indiquez le motif de la réaffectation."
    assert stored(project).referent == bob.referent


def test_the_same_referent_again_is_refused(project, alice, bob):
    with pytest.raises(ReassignmentInvalid, match="déjà suivi par Bob Durand"):
        project_reassign(project=project, referent=bob.referent, user=alice, reason="x")


def test_an_inactive_referent_is_refused(project, alice, charlie):
    charlie.referent.is_active = False
    charlie.referent.save()
    with pytest.raises(ReassignmentInvalid, match="n'est plus actif"):
        project_reassign(project=project, referent=charlie.referent, user=alice, reason="x")


def test_two_reassignments_at_once_never_both_win(project, alice, bob, charlie):
    stale = Project.objects.get(pk=project.pk)
    project_reassign(project=project, referent=charlie.referent, user=alice, reason="Premier")
    other = referent("Denise", "Morel")
    with pytest.raises(ConcurrentChange):
        project_reassign(project=stale, referent=other, user=alice, reason="Second")
    assert stored(project).referent == charlie.referent
    assert RoutingDecision.objects.count() == 1


def test_the_team_is_kept_only_if_the_new_referent_belongs_to_it(project, alice, bob, charlie):
    cci = team("CCI", bob.referent, charlie.referent)
    Project.objects.filter(pk=project.pk).update(team=cci)
    project.refresh_from_db()
    project_reassign(project=project, referent=charlie.referent, user=alice, reason="x")
    assert stored(project).team == cci
    project_reassign(project=project, referent=referent("Denise", "Morel"), user=alice, reason="y")
    assert stored(project).team is None


# --- the page -------------------------------------------------------------------

def url(project):
    return reverse("project_reassign", args=[project.pk])


def test_the_page_asks_an_anonymous_visitor_to_log_in(client, project):
    response = client.get(url(project))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who, status", [("alice", 200), ("bob", 200), ("charlie", 404)])
def test_who_sees_the_page(client, project, alice, bob, charlie, who, status):
    client.force_login({"alice": alice, "bob": bob, "charlie": charlie}[who])
    assert client.get(url(project)).status_code == status


def test_a_team_colleague_who_sees_the_project_gets_403_not_404(client, project, bob, charlie):
    # They may see the project (read-only), so hiding it would be a lie; they
    # may not hand it over: the same answer as every other write (was 404).
    cci = team("CCI", bob.referent, charlie.referent)
    Project.objects.filter(pk=project.pk).update(team=cci)
    client.force_login(charlie)
    assert client.get(url(project)).status_code == 403
    assert client.post(url(project), {"referent": charlie.referent.pk, "reason": "x"}).status_code == 403
    project.refresh_from_db()
    assert project.referent == bob.referent


def test_charlie_cannot_post_either(client, project, bob, charlie):
    client.force_login(charlie)
    response = client.post(url(project), {"referent": charlie.referent.pk, "reason": "Je le prends"})
    assert response.status_code == 404
    assert stored(project).referent == bob.referent


def test_posting_the_form_reassigns(client, project, alice, charlie, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(project), {"referent": charlie.referent.pk, "reason": "Congé"})
    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", args=[project.pk])
    assert stored(project).referent == charlie.referent
    assert len(mail.outbox) == 1


def test_bob_handing_over_lands_on_his_workspace(client, project, bob, charlie):
    client.force_login(bob)
    response = client.post(url(project), {"referent": charlie.referent.pk, "reason": "Hors secteur"})
    assert response["Location"] == reverse("staff_home")


def test_the_form_without_reason_says_so(client, project, alice, bob, charlie):
    client.force_login(alice)
    response = client.post(url(project), {"referent": charlie.referent.pk, "reason": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert stored(project).referent == bob.referent


def test_the_form_does_not_offer_the_current_referent(client, project, alice, bob, charlie):
    client.force_login(alice)
    choices = client.get(url(project)).context["form"].fields["referent"].queryset
    assert charlie.referent in choices
    assert bob.referent not in choices


def test_the_page_shows_the_routing_history(client, project, alice, charlie):
    project_reassign(project=project, referent=charlie.referent, user=alice, reason="Congé maternité")
    client.force_login(alice)
    body = client.get(url(project)).content.decode()
    assert "Bob Durand → Charlie Petit : Congé maternité" in body
