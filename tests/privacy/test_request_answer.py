"""A coordinator answers a request from its page: the answer is e-mailed to
the person through the outbox; an erasure answered erases the person in the
same transaction, and the confirmation still reaches the address they had."""

import pytest
from django.urls import reverse

from crm.models import Contact, OutboxEmail, PrivacyRequest
from crm.outbox import outbox_sweep
from onboarding.services.privacy_requests import (
    PrivacyRequestError,
    privacy_request_answer,
    privacy_request_receive,
)
from tests.privacy.conftest import mails_to

pytestmark = pytest.mark.django_db

Kind, Status = PrivacyRequest.Kind, PrivacyRequest.Status


def _receive(contact, kind, message="", **kwargs):
    return privacy_request_receive(contact=contact, kind=kind, message=message, **kwargs)[0]


def _answer(client, row, **data):
    return client.post(reverse("privacy_request_detail", args=[row.pk]), data)


def test_an_access_request_is_answered_by_email(client, project, contact, alice,
                                                django_capture_on_commit_callbacks):
    row = _receive(contact, Kind.ACCESS, "Par courrier svp")
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(client, row, status="answered", answer="Vos données sont jointes par courrier.")
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.answer, row.answered_by) == ("answered", "Vos données sont jointes par courrier.", alice)
    assert row.answered_at is not None
    [message] = mails_to("camille.roux@example.org")
    assert "Vos données sont jointes par courrier." in message.body
    assert "Bonjour Camille" in message.body


def test_in_progress_sends_nothing_and_needs_no_answer(client, project, contact, alice,
                                                       django_capture_on_commit_callbacks):
    row = _receive(contact, Kind.OBJECTION)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert _answer(client, row, status="in_progress", answer="").status_code == 302
    row.refresh_from_db()
    assert (row.status, row.answered_at) == ("in_progress", None)
    assert mails_to("camille.roux@example.org") == []


def test_an_answer_or_a_refusal_needs_its_text(client, project, contact, alice):
    row = _receive(contact, Kind.OBJECTION)
    client.force_login(alice)
    response = _answer(client, row, status="refused", answer="  ")
    assert response.status_code == 400
    assert "Écrivez la réponse" in " ".join(response.context["answer_form"].errors["answer"])
    row.refresh_from_db()
    assert row.status == "received"


def test_a_refusal_tells_the_person_where_to_complain(project, contact, alice, django_capture_on_commit_callbacks):
    row = _receive(contact, Kind.OBJECTION)
    with django_capture_on_commit_callbacks(execute=True):
        privacy_request_answer(request=row, user=alice, status=Status.REFUSED,
                               answer="Vos données servent à suivre votre projet en cours.")
    [message] = mails_to("camille.roux@example.org")
    assert "CNIL" in message.body


@pytest.mark.parametrize("status", [Status.ANSWERED, Status.REFUSED, Status.IN_PROGRESS])
def test_a_closed_request_cannot_be_answered_again(project, contact, alice, status):
    row = _receive(contact, Kind.ACCESS)
    privacy_request_answer(request=row, user=alice, status=Status.REFUSED, answer="Non.")
    with pytest.raises(PrivacyRequestError):
        privacy_request_answer(request=row, user=alice, status=status, answer="Oui.")
    row.refresh_from_db()
    assert (row.status, row.answer) == ("refused", "Non.")


def test_the_erasure_answer_erases_the_person_and_their_confirmation_is_sent(
        client, project, contact, alice, django_capture_on_commit_callbacks):
    row = _receive(contact, Kind.ERASURE, "Nous restons à Lyon.")
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(client, row, status="answered", answer="Vos données sont effacées.",
                           confirm_erasure="on")
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.erased_at is not None and contact.email == ""
    row.refresh_from_db()
    # The proof stays, the text goes.
    assert (row.status, row.kind, row.answered_by, row.message, row.answer) == (
        "answered", "deletion", alice, "", "")
    [message] = mails_to("camille.roux@example.org")
    assert "Vos données sont effacées." in message.body
    assert "nous n'avons plus votre adresse" in message.body
    # Sent, the row forgets the address it carried.
    confirmation = OutboxEmail.objects.get(kind="onboarding.privacy_request_answered")
    assert (confirmation.status, confirmation.args) == ("sent", {})


def test_the_outbox_eraser_does_not_cancel_the_erasure_confirmation(project, contact, alice, settings):
    """Without a worker: the confirmation waits in the outbox after the
    erasure (whose eraser forgot every other e-mail about the person), and
    the sweep sends it."""
    row = _receive(contact, Kind.ERASURE)
    assert OutboxEmail.objects.filter(contact_id=contact.pk).exists()  # the coordinators' alert
    privacy_request_answer(request=row, user=alice, status=Status.ANSWERED, answer="C'est fait.")
    assert not OutboxEmail.objects.filter(contact_id=contact.pk).exists()
    [pending] = OutboxEmail.objects.filter(kind="onboarding.privacy_request_answered")
    assert pending.status == "pending"
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    outbox_sweep()
    [message] = mails_to("camille.roux@example.org")
    assert "C'est fait." in message.body


def test_the_erasure_answer_needs_the_box_ticked(client, project, contact, alice):
    row = _receive(contact, Kind.ERASURE)
    client.force_login(alice)
    response = _answer(client, row, status="answered", answer="C'est fait.")
    assert response.status_code == 400
    assert "Cochez la case" in " ".join(response.context["answer_form"].errors["confirm_erasure"])
    contact.refresh_from_db()
    assert contact.erased_at is None


def test_an_erasure_refused_keeps_the_person(project, contact, alice, django_capture_on_commit_callbacks):
    row = _receive(contact, Kind.ERASURE)
    with django_capture_on_commit_callbacks(execute=True):
        privacy_request_answer(request=row, user=alice, status=Status.REFUSED,
                               answer="Une procédure en cours nous oblige à garder votre dossier.")
    assert Contact.objects.get(pk=contact.pk).erased_at is None
    [message] = mails_to("camille.roux@example.org")
    assert "procédure en cours" in message.body


def test_a_person_erased_since_gets_no_answer_to_another_request(project, contact, alice,
                                                                 django_capture_on_commit_callbacks):
    access = _receive(contact, Kind.ACCESS)
    erasure = _receive(contact, Kind.ERASURE)
    with django_capture_on_commit_callbacks(execute=True):
        privacy_request_answer(request=erasure, user=alice, status=Status.ANSWERED, answer="Effacé.")
    access.refresh_from_db()
    # Answered by the erasure itself; nothing more to send to an address that is gone.
    assert access.status == "answered"
    with pytest.raises(PrivacyRequestError):
        privacy_request_answer(request=access, user=alice, status=Status.ANSWERED, answer="?")


def test_a_rectification_request_links_to_the_contacts_edit_page(client, project, contact, alice):
    row = _receive(contact, Kind.RECTIFICATION, "Mon nom s'écrit Rousse")
    client.force_login(alice)
    page = client.get(reverse("privacy_request_detail", args=[row.pk])).content.decode()
    assert reverse("project_edit", args=[project.pk]) in page
    assert "Mon nom s&#x27;écrit Rousse" in page
    assert "camille.roux@example.org" in page


@pytest.mark.parametrize("who", ["bob", "gaelle"])
def test_only_a_coordinator_of_the_persons_network_answers_or_extends(project, contact, request, who):
    from django.core.exceptions import PermissionDenied

    from onboarding.services.privacy_requests import privacy_request_extend

    user = request.getfixturevalue(who)
    row = _receive(contact, Kind.ACCESS)
    with pytest.raises(PermissionDenied):
        privacy_request_answer(request=row, user=user, status=Status.ANSWERED, answer="Voici.")
    with pytest.raises(PermissionDenied):
        privacy_request_extend(request=row, user=user, reason="Complexe")
    row.refresh_from_db()
    assert (row.status, row.extended_at) == ("received", None)
