"""The reminder pass: once per registered invitation, even run twice."""

from django.core import mail
from django.utils import timezone

from crm.models import Event
from events.models import Invitation
from events.services import reminders_send
from tests.events.conftest import day, invite, person


def test_the_reminder_pass_run_twice_reminds_each_registered_person_once(world, settings,
                                                                          django_capture_on_commit_callbacks):
    settings.EVENT_REMINDER_DAYS_BEFORE = 2
    soon = Event.objects.create(name="Soirée de Cahors", kind=Event.Kind.WELCOME, place="Cahors",
                                starts_on=day(2), ends_on=day(2), network=world.lot)
    registered = invite(world, event=soon, registered_at=timezone.now(), household_size=2)
    invite(world, event=soon, contact=person(world.lot, "Zoe", text=world.text))  # not registered
    invite(world, registered_at=timezone.now(), household_size=1)  # the evening, in 10 days: not yet

    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send()
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_send()

    assert (first, second) == (1, 0)
    assert [message.to for message in mail.outbox] == [["camille@example.org"]]
    assert "2 personnes" in mail.outbox[0].body
    assert list(Invitation.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True)) == [registered.pk]
