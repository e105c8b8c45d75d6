"""Prospects from abroad: the public side in English (form, errors, thanks,
e-mail, tracking page), the language remembered (cookie; on the contact
for what we write to them), the staff side and the admin in French whatever
the browser asks, the API's messages following Accept-Language."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from crm.models import Contact, OutboxEmail, PrivacyRequest
from onboarding.services.privacy_requests import privacy_request_answer
from onboarding.tracking_links import tracking_path
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import DEFAULT_SLUG, mails_to, tracking_link_in, valid_form

pytestmark = pytest.mark.django_db

FORM = reverse("intake_form", args=[DEFAULT_SLUG])


@pytest.fixture
def english(client):
    """A browser that chose English with the switch (the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_prospect_submits_the_form_in_english_and_is_answered_in_english(
        english, territory, django_capture_on_commit_callbacks):
    refused = english.post(FORM, valid_form(first_name="", consent=None))
    html = refused.content.decode()
    assert '<html lang="en">' in html
    assert "We need your agreement to handle your project." in html  # our own message
    assert "This field is required." in html  # Django's, in English too
    assert re.search(r">\s*A home to rent\s*</label>", html)  # the needs, named in English (crm Need.name_en)

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(FORM, valid_form(email="emily@example.org"))
    assert response["Location"] == reverse("intake_thanks", args=[DEFAULT_SLUG])
    assert "Thank you, your project is recorded" in english.get(response["Location"]).content.decode()

    contact = Contact.objects.get(email="emily@example.org")
    assert contact.language == "en"
    row = OutboxEmail.objects.get(kind="onboarding.intake_confirmation")
    assert row.language == "en"
    [message] = mails_to("emily@example.org")
    assert message.subject.startswith("Your plan to settle here is recorded")
    assert "Follow your project" in message.body
    assert '<html lang="en">' in message.alternatives[0][0]

    english.cookies.clear()  # the link opened elsewhere: the person's language, from their contact
    tracking = english.get(tracking_link_in(message)).content.decode()
    assert '<html lang="en">' in tracking
    assert "Following your plan to settle here" in tracking
    assert "A home to rent" in tracking  # a need, in English


def test_the_language_switch_keeps_the_page_and_only_goes_back_to_this_site(client, territory,
                                                                            django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        back = client.post(reverse("language_switch"), {"language": "en", "next": FORM})
    assert back.status_code == 302 and back["Location"] == FORM
    assert back.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(FORM).content.decode()

    away = client.post(reverse("language_switch"), {"language": "fr", "next": "https://elsewhere.example/"})
    assert away["Location"] == reverse("home")
    unknown = client.post(reverse("language_switch"), {"language": "xx", "next": FORM})
    assert unknown["Location"] == FORM and settings.LANGUAGE_COOKIE_NAME not in unknown.cookies


def test_switching_language_mid_form_keeps_what_was_typed_and_saves_nothing(client, territory):
    typed = valid_form(first_name="Emily", consent=None, switch_language="en")
    response = client.post(FORM, typed)
    html = response.content.decode()
    assert '<html lang="en">' in html and 'value="Emily"' in html
    assert "We need your agreement" not in html  # not judged: it was not sent
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert not Contact.objects.exists()


def test_the_tracking_page_switch_stores_the_language_for_the_e_mails(client, project, alice,
                                                                     django_capture_on_commit_callbacks):
    path = tracking_path(project)
    response = client.post(path, {"action": "language", "language": "en"})
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    project.contact.refresh_from_db()
    assert project.contact.language == "en"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"action": "right", "right-kind": PrivacyRequest.Kind.ACCESS})
        request = PrivacyRequest.objects.get()
        privacy_request_answer(request=request, user=alice, status=PrivacyRequest.Status.ANSWERED,
                               answer="Voici vos données.")
    # The coordinators are told in French; the person is answered in English.
    assert OutboxEmail.objects.get(kind="intake.privacy_request").language == "fr"
    assert OutboxEmail.objects.get(kind="onboarding.privacy_request_answered").language == "en"
    [answer] = mails_to(project.contact.email)
    assert answer.subject.startswith("Answer to your request")


def test_staff_pages_and_the_admin_stay_french_for_an_english_browser(client, english, alice, project):
    project.contact.language = "en"
    project.contact.save()
    client.force_login(alice)
    staff = client.get(reverse("project_detail", kwargs={"pk": project.pk}), HTTP_ACCEPT_LANGUAGE="en-GB")
    admin = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-GB")
    for response in (staff, admin):
        assert response.status_code == 200
        assert '<html lang="fr"' in response.content.decode()
    page = staff.content.decode()
    assert "Anglais" in page and "lui écrire dans cette langue" in page  # the referent knows
    assert "Déconnexion" in admin.content.decode()  # Django's own admin text, in French too


@pytest.mark.parametrize(("accept", "message"), [
    ("en-GB,en;q=0.9", "Invalid or revoked API key."),
    ("fr-FR", "Clé d'API invalide ou révoquée."),
    ("", "Clé d'API invalide ou révoquée."),
])
def test_the_api_answers_in_the_language_asked(client, db, accept, message):
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION="Token not-a-key-we-ever-issued",
                          HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == message


def test_a_french_prospect_is_written_to_in_french(client, territory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, valid_form())
    assert Contact.objects.get().language == "fr"
    assert OutboxEmail.objects.get(kind="onboarding.intake_confirmation").language == "fr"
    assert mail.outbox[0].subject.startswith("Votre projet d'installation est bien enregistré")
