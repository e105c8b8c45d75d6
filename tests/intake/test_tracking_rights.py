"""The tracking page's "Exercer mes droits": the person asks, through their
own link, for access, rectification, objection or restriction (erasure has
its own form: test_tracking_actions.py); each reaches the coordinators'
queue with its legal deadline, and the page lists what is pending."""

import pytest
from django.utils import timezone

from crm.models import PrivacyRequest
from crm.models.privacy import request_due_on
from onboarding.tracking_links import tracking_path
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import mails_to

pytestmark = pytest.mark.django_db

OTHER_RIGHTS = ["access", "rectification", "objection", "restriction"]


def ask(client, project, kind, message="Merci"):
    return client.post(tracking_path(project), {"action": "right", "right-kind": kind, "right-message": message})


@pytest.mark.parametrize("kind", OTHER_RIGHTS)
def test_each_right_is_asked_through_the_persons_own_link(client, project, contact, alice, kind,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, project, kind, "Ma demande")
    assert response.status_code == 302
    row = PrivacyRequest.objects.get()
    due = request_due_on(timezone.localdate())
    assert (row.contact, row.kind, row.message, row.channel, row.status, row.due_on) == (
        contact, kind, "Ma demande", "tracking_page", "received", due)
    [message] = mails_to("alice@example.org")
    assert f"/equipe/demandes-rgpd/{row.pk}/" in message.body
    assert "Camille" not in message.body and "camille.roux" not in message.body
    page = client.get(tracking_path(project)).content.decode()
    assert "Votre demande a bien été transmise" in page
    assert "Vos demandes en cours" in page
    assert f"réponse au plus tard le {due.day} " in page


def test_the_page_offers_each_right_with_a_plain_sentence(client, project):
    page = client.get(tracking_path(project)).content.decode()
    assert "Exercer mes droits" in page
    for sentence in ("recevoir une copie de mes données", "faire corriger des informations inexactes",
                     "m&#x27;opposer à l&#x27;utilisation de mes données", "faire geler l&#x27;utilisation"):
        assert sentence in page
    # The erasure keeps its own form and confirmation box.
    assert "Demander la suppression de mes données" in page


def test_a_right_already_asked_is_not_offered_twice(client, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, project, "access")
    response = client.get(tracking_path(project))
    assert "access" not in dict(response.context["rights_form"].fields["kind"].choices)
    # A second post (another tab) makes no second request.
    ask(client, project, "access")
    assert PrivacyRequest.objects.count() == 1


def test_a_rectification_says_what_to_correct(client, project):
    response = ask(client, project, "rectification", "")
    assert response.status_code == 200
    assert "Dites-nous ce qui doit être corrigé." in " ".join(response.context["rights_form"].errors["message"])
    assert not PrivacyRequest.objects.exists()


@pytest.mark.parametrize("kind", ["", "deletion", "n'importe"])
def test_a_choice_that_is_not_offered_is_refused_without_error(client, project, kind):
    # Erasure comes only through its form with the confirmation box.
    response = ask(client, project, kind)
    assert response.status_code == 200
    assert response.context["rights_form"].errors["kind"]
    assert not PrivacyRequest.objects.exists()


def test_an_answered_request_is_no_longer_pending_on_the_page(client, project, contact, alice):
    from onboarding.services.privacy_requests import privacy_request_answer

    ask(client, project, "objection")
    privacy_request_answer(request=PrivacyRequest.objects.get(), user=alice, status="answered", answer="Noté.")
    response = client.get(tracking_path(project))
    assert response.context["privacy_pending"] == []
    assert "objection" in dict(response.context["rights_form"].fields["kind"].choices)
