"""What a prospect does from the tracking page: correct their details, ask for
deletion, get a fresh link (without learning whether an address exists)."""

import pytest
from django.core import mail
from django.urls import reverse

from crm.models import Contact, PrivacyRequest
from onboarding.tracking_links import public_id_from_token, tracking_path
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import mails_to, tracking_link_in

pytestmark = pytest.mark.django_db


def correct(client, project, **values):
    data = {"action": "contact", "email": "camille.roux@example.org", "phone": "", "current_city": ""}
    data.update(values)
    return client.post(tracking_path(project), data)


def test_the_prospect_corrects_their_contact_details(client, project, contact):
    response = correct(client, project, email="camille@nouveau.example", phone="+33 6 98 76 54 32",
                       current_city="Nantes")
    assert response.status_code == 302
    # Back to the person's own tracking page: the same address but for the
    # token's timestamp, which may have ticked over a second since.
    location, expected = response["Location"], tracking_path(project)
    assert location.rsplit("/", 2)[0] == expected.rsplit("/", 2)[0]
    assert public_id_from_token(location.rstrip("/").rsplit("/", 1)[1]) == project.public_id
    contact.refresh_from_db()
    assert (contact.email, contact.phone, contact.current_city) == (
        "camille@nouveau.example", "06 98 76 54 32", "Nantes",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Vos coordonnées sont à jour." in page


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"phone": "0612"}, "phone", "Ce numéro de téléphone n'est pas valide."),
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse"),
        ({"current_city": "x" * 151}, "current_city", "au plus 150 caractères"),
    ],
)
def test_a_bad_correction_changes_nothing(client, project, contact, values, field, message):
    response = correct(client, project, **values)
    assert response.status_code == 200
    assert message in " ".join(response.context["contact_form"].errors[field])
    contact.refresh_from_db()
    assert (contact.email, contact.phone) == ("camille.roux@example.org", "")


def test_an_address_of_another_contact_cannot_be_taken(client, project, contact):
    Contact.objects.create(first_name="Other", last_name="Person", email="other@example.org", network=project.network)
    response = correct(client, project, email="OTHER@example.org")
    assert response.status_code == 200
    assert "ne peut pas être utilisée" in " ".join(response.context["contact_form"].errors["email"])
    contact.refresh_from_db()
    assert contact.email == "camille.roux@example.org"


def test_the_deletion_request_reaches_the_coordinators(client, project, contact, alice,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(tracking_path(project), {"action": "delete", "confirm": "on",
                                                        "message": "Je ne viens plus."})
    assert response.status_code == 302
    request = PrivacyRequest.objects.get()
    assert (request.contact, request.kind, request.message) == (contact, "deletion", "Je ne viens plus.")
    assert (request.status, request.answered_at) == ("received", None)
    [message] = mails_to("alice@example.org")
    assert f"n°{request.pk}" in message.subject
    assert f"/equipe/demandes-rgpd/{request.pk}/" in message.body
    # Coordinators get a number and a link, not the person's details.
    assert "Camille" not in message.body and "camille.roux" not in message.body
    page = client.get(tracking_path(project)).content.decode()
    assert "Vous avez demandé la suppression de vos données" in page


def test_a_deletion_request_needs_the_box_ticked(client, project):
    response = client.post(tracking_path(project), {"action": "delete", "message": "?"})
    assert response.status_code == 200
    assert "Cochez la case" in " ".join(response.context["deletion_form"].errors["confirm"])
    assert not PrivacyRequest.objects.exists()


def test_a_second_deletion_request_is_not_duplicated(client, project, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(tracking_path(project), {"action": "delete", "confirm": "on"})
        client.post(tracking_path(project), {"action": "delete", "confirm": "on"})
    assert PrivacyRequest.objects.count() == 1
    assert len(mails_to("alice@example.org")) == 1


def test_a_fresh_link_goes_to_the_address_on_file(client, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tracking_resend", args=["programme"]), {"email": "CAMILLE.ROUX@example.org"})
    assert response["Location"] == reverse("tracking_resend_sent", args=["programme"])
    [message] = mail.outbox
    assert message.to == ["camille.roux@example.org"]
    assert client.get(tracking_link_in(message)).status_code == 200


def test_the_resend_page_never_reveals_whether_an_address_exists(client, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("tracking_resend", args=["programme"]), {"email": "camille.roux@example.org"}, follow=True)
        unknown = client.post(reverse("tracking_resend", args=["programme"]), {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert "Si cette adresse correspond à un projet" in unknown.content.decode()
    assert [m.to for m in mail.outbox] == [["camille.roux@example.org"]]


def test_the_resend_page_is_rate_limited(client, db, settings):
    settings.INTAKE_RATE_LIMIT = "2/h"
    for _ in range(2):
        client.post(reverse("tracking_resend", args=["programme"]), {"email": "nobody@example.org"})
    assert client.post(reverse("tracking_resend", args=["programme"]), {"email": "nobody@example.org"}).status_code == 429
