"""No rule, or nobody available: the coordinators' queue, and they are told."""

import pytest
from django.core import mail
from django.db import transaction

from onboarding.models import Project, RoutingDecision
from onboarding.services.routing import route_project

from .routing_helpers import fill, new_project, referent, routed, rule

pytestmark = pytest.mark.django_db


def test_without_any_rule_the_project_waits_in_the_queue(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project, decision = routed()
    assert Project.objects.get(pk=project.pk).referent is None
    assert decision.referent is None
    assert decision.reason == "Aucune règle d'orientation ne s'applique : file d'attente de la coordination."


def test_the_coordinators_are_told_after_commit(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        project, _ = routed()
        assert mail.outbox == []
    # After the commit: the e-mail's hand-over, and the ROME codes read from the occupation (jobs).
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == f"Projet n°{project.pk} en attente dans la file de la coordination"
    assert "Aucune règle d'orientation ne s'applique" in message.body
    assert f"/equipe/projets/{project.pk}/reassigner/" in message.body


def test_the_e_mail_names_no_prospect(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project, _ = routed()
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert project.contact.last_name not in body
    assert project.contact.email not in body


def test_nobody_is_told_when_the_transaction_rolls_back(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                routed()
                raise RuntimeError("intake failed later")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not RoutingDecision.objects.exists()


def test_nobody_available_goes_to_the_queue_and_is_told(alice, django_capture_on_commit_callbacks):
    marie = referent("Marie", "Dupont", capacity=2)
    fill(marie, 2)
    rule("Marie", to=marie)
    with django_capture_on_commit_callbacks(execute=True):
        project, decision = routed()
    assert project.referent is None
    assert decision.rule.name == "Marie"
    assert decision.reason == (
        "« Marie » → Marie Dupont → personne de disponible (1 complet) : file d'attente de la coordination"
    )
    assert len(mail.outbox) == 1


def test_an_assigned_project_tells_nobody(alice, django_capture_on_commit_callbacks):
    rule("Tout", to=referent("Marie", "Dupont"))
    with django_capture_on_commit_callbacks(execute=True):
        routed()
    assert mail.outbox == []


def test_a_late_notification_for_a_project_assigned_since_sends_nothing(alice, django_capture_on_commit_callbacks):
    marie = referent("Marie", "Dupont")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        project = new_project()
        route_project(project=project)
    Project.objects.filter(pk=project.pk).update(referent=marie)
    callbacks[0]()
    assert mail.outbox == []


def test_only_active_coordinators_with_an_address_are_told(alice, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group, User

    from crm.access import COORDINATOR_GROUP

    group = Group.objects.get(name=COORDINATOR_GROUP)
    User.objects.create_user("gone", email="gone@example.org", is_active=False).groups.add(group)
    User.objects.create_user("silent", email="").groups.add(group)
    with django_capture_on_commit_callbacks(execute=True):
        routed()
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_a_rule_naming_a_referent_of_another_network_sends_the_project_to_the_queue(alice):
    """A shared rule (no network) naming one network's referent matches a
    project of another network: nobody of that network to give it to. The
    project waits for the coordinators, with the reason, never a crash."""
    from crm.models import Network

    marie = referent("Marie", "Dupont")
    other = Network.objects.create(slug="autre", name="Autre", programme="Autre programme")
    other.members.add(marie.user)
    Network.objects.order_by("pk").first().members.remove(marie.user)
    rule("Tout vers Marie", to=marie)
    project, decision = routed()
    assert Project.objects.get(pk=project.pk).referent is None
    assert decision.reason == ("La règle « Tout vers Marie » s'applique mais son référent ne travaille pas pour "
                               "le réseau de ce projet : file d'attente de la coordination.")
