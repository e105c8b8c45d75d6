"""An ambassador, or a prospect put in touch with one, who reads English:
the sign-up and own pages in English, and every e-mail written to them
built in their contact's language (the outbox row's)."""

import time

from django.conf import settings
from django.core import mail
from django.urls import reverse

from ambassadors.links import own_path
from ambassadors.models import Ambassador, Share
from ambassadors.proposals import KIND
from crm.models import Contact, OutboxEmail
from onboarding.bot_guards import started_token
from onboarding.services.proposals import proposal_accept, proposal_create
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import DEFAULT_SLUG


def test_a_resident_signs_up_in_english_and_is_written_to_in_english(cast, client,
                                                                     django_capture_on_commit_callbacks):
    Share.objects.filter(code="cafe").update(name_en="A coffee with a newcomer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("ambassador_sign_up", args=[DEFAULT_SLUG])).content.decode()
    assert '<html lang="en">' in page and "Become an ambassador" in page
    assert "A coffee with a newcomer" in page  # the coordinators' share, in English (Share.name_en)
    assert 'name="language" value="fr"' in page  # the switch, back to French
    assert "I agree that the programme&#x27;s team may contact me" in page  # the consent (an _l string)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ambassador_sign_up", args=[DEFAULT_SLUG]), {
            "first_name": "Emily", "last_name": "Hart", "email": "emily.hart@example.org", "commune": "figeac",
            "shares": [Share.objects.get(code="cafe").pk], "consent": "on", "website": "",
            "started": started_token(time.time() - 60)})
    assert response.status_code == 302
    assert Contact.objects.get(email="emily.hart@example.org").language == "en"
    assert OutboxEmail.objects.get(kind="ambassadors.applied").language == "en"
    (message,) = [m for m in mail.outbox if "emily.hart@example.org" in m.to]
    assert message.subject.endswith("your ambassador application") and "Your personal link" in message.body

    ambassador = Ambassador.objects.get(contact__email="emily.hart@example.org")
    own = client.get(own_path(ambassador)).content.decode()
    assert '<html lang="en">' in own and "My ambassador page" in own and "Leave the network" in own


def test_an_introduction_is_written_to_each_side_in_their_own_language(cast, django_capture_on_commit_callbacks):
    Contact.objects.filter(pk=cast.paul.contact_id).update(language="en")  # the ambassador reads English
    with django_capture_on_commit_callbacks(execute=True):
        proposal, _created = proposal_create(project=cast.project, kind=KIND, target_id=cast.paul.pk, user=cast.bob)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_accept(proposal=proposal)

    (to_ambassador,) = [m for m in mail.outbox if "paul@ambassadeurs.example" in m.to]
    assert to_ambassador.subject.startswith("Introduction: ") and "Their contact details:" in to_ambassador.body
    (to_prospect,) = [m for m in mail.outbox if "camille.roux@example.org" in m.to]
    assert "Ses coordonnées" in to_prospect.body  # Camille's contact is French
