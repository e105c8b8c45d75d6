"""An invitee who reads English: the invitation and its reminder written in
their contact's language (the outbox row's), the invitation page in
English, the staff's wording of the event marked lang="fr"."""

from django.conf import settings
from django.core import mail

from crm.models import Contact, OutboxEmail
from events.links import invitation_path
from events.models import Invitation
from events.services import invitations_send, reminders_send
from tests.events.conftest import day, installed, person


def test_an_english_reader_is_invited_and_reminded_in_english(world, client, django_capture_on_commit_callbacks):
    emily = person(world.lot, "Emily", text=world.text)
    Contact.objects.filter(pk=emily.pk).update(language="en")
    installed(emily, world.lot, world.figeac, days_ago=30)

    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(event=world.evening, audience_code="newcomers", params={"months": 12}, user=world.alice)
    invitation = Invitation.objects.get(contact=emily)
    assert OutboxEmail.objects.get(kind="event_invitation", contact_id=emily.pk).language == "en"
    assert OutboxEmail.objects.get(kind="event_invitation", contact_id=world.camille.pk).language == "fr"
    (message,) = [m for m in mail.outbox if m.to == ["emily@example.org"]]
    assert message.subject == "Invitation: Soirée d'accueil de Figeac" and "You are invited to:" in message.body

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(invitation_path(invitation)).content.decode()
    assert '<html lang="en">' in page and "Your answer" in page and "I register" in page
    assert '<h1 class="h2 mb-1" lang="fr">' in page  # the event's name, typed in French by the staff
    assert 'name="language" value="fr"' in page  # the switch, back to this page in French
    assert client.post(invitation_path(invitation), {"action": "register", "household_size": "2"}).status_code == 302
    assert "Noted: you are registered." in client.get(invitation_path(invitation)).content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=day(8))  # two days before the evening
    assert OutboxEmail.objects.get(kind="event_reminder").language == "en"
    (reminder,) = mail.outbox
    assert reminder.subject.startswith("Reminder: ") and "You are registered for 2 people at:" in reminder.body
