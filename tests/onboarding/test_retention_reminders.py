"""A month before the limit the person is asked whether to keep being
accompanied; without an answer they are anonymised at the limit. Counted in
the DPO's monthly log, once whatever the number of beat runs.

Dates are Paris days. With 3 years, a clock on 10 March 2025 is kept to the
end of 10 March 2028 and erased on the 11th; its reminder day is the same
day a month before: 11 February 2028 (or the month's last day: a clock on
30 March 2026 is erased on 31 March 2029, asked on 28 February 2029)."""

import datetime
import zoneinfo

import pytest
from django.core import mail

from crm.models import Contact, Network, OutboxEmail
from onboarding.models import Project, RetentionMonth
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from onboarding.services.retention import (
    REMINDER_EMAIL,
    personal_data_purge,
    retention_reminders_send,
)
from onboarding.states import Channel, Source

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _paris(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _three_years(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 3


def _person(clock, *, email="lea.martin@example.org", closed=True):
    network = Network.objects.order_by("pk").first()
    contact = Contact.objects.create(first_name="Léa", last_name="Martin", email=email, network=network)
    project = project_create(contact=contact, source=Source.WEBSITE, network=network)
    if closed:
        project_transition(project=project, transition="reject", user=None, channel=Channel.SYSTEM,
                           fields={"reason": "spam"})
    Contact.objects.filter(pk=contact.pk).update(last_person_contact_at=_paris(clock))
    return contact


def _reminders(contact):
    return OutboxEmail.objects.filter(kind=REMINDER_EMAIL, contact_id=contact.pk).count()


WINDOW = [
    # (clock, beat run, asked?)
    ("2025-03-10 10:00", "2028-02-10 09:30", False),  # the day before the reminder day
    ("2025-03-10 10:00", "2028-02-11 09:30", True),  # exactly one month before the erasure day
    ("2025-03-10 10:00", "2028-02-25 09:30", True),  # later in the month (a beat that was down)
    ("2025-03-10 10:00", "2028-03-10 23:00", True),  # the last day kept
    ("2025-03-10 10:00", "2028-06-01 09:30", True),  # past the limit and never asked: asked first
    ("2026-03-30 10:00", "2029-02-27 09:30", False),  # a shorter month: not yet...
    ("2026-03-30 10:00", "2029-02-28 09:30", True),  # ...its last day
    ("2025-03-11 00:30", "2028-02-11 09:30", False),  # Paris's day: 11 March, asked on 12 February
]


@pytest.mark.parametrize("clock, run, asked", WINDOW, ids=[f"{c}-{r}" for c, r, _ in WINDOW])
def test_the_reminder_goes_one_month_before_the_erasure_day(clock, run, asked, db):
    contact = _person(clock)

    assert retention_reminders_send(now=_paris(run)) == int(asked)

    assert _reminders(contact) == int(asked)


def test_it_is_sent_once_across_beat_runs_and_counted_once(db, django_capture_on_commit_callbacks):
    contact = _person("2025-03-10 10:00")

    with django_capture_on_commit_callbacks(execute=True):
        assert retention_reminders_send(now=_paris("2028-02-11 09:30")) == 1
        assert retention_reminders_send(now=_paris("2028-02-11 09:31")) == 0
        assert retention_reminders_send(now=_paris("2028-02-20 09:30")) == 0

    assert _reminders(contact) == 1
    [message] = mail.outbox
    assert message.to == ["lea.martin@example.org"]
    assert "Souhaitez-vous continuer à être accompagné(e)" in message.subject
    assert "/donnees-personnelles/conserver/" in message.body
    assert "11 mars 2028" in message.body  # the day their data goes without an answer
    month = RetentionMonth.objects.get()
    assert (month.month, month.reminders_sent, month.renewed, month.anonymised) == (
        datetime.date(2028, 2, 1), 1, 0, 0)


def test_a_person_being_accompanied_is_neither_asked_nor_anonymised(db):
    contact = _person("2025-03-10 10:00", closed=False)

    assert retention_reminders_send(now=_paris("2028-02-11 09:30")) == 0
    assert personal_data_purge(now=_paris("2028-06-01 03:15")) == 0

    assert Contact.objects.get(pk=contact.pk).erased_at is None


def test_without_an_answer_the_person_is_anonymised_at_the_limit(db):
    contact = _person("2025-03-10 10:00")
    retention_reminders_send(now=_paris("2028-02-11 09:30"))

    assert personal_data_purge(now=_paris("2028-03-10 03:15")) == 0  # the last day kept
    assert personal_data_purge(now=_paris("2028-03-11 03:15")) == 1
    assert personal_data_purge(now=_paris("2028-03-11 04:15")) == 0  # a second run: nobody twice

    contact.refresh_from_db()
    assert contact.erased_at is not None and contact.email == ""
    assert Project.objects.get(contact=contact).summary == ""
    assert RetentionMonth.objects.get(month=datetime.date(2028, 3, 1)).anonymised == 1


def test_a_person_asked_late_has_a_month_to_answer(db):
    # The limit passed before anyone asked (the clock found them old, or beat was down):
    # asked on 1 June, anonymised from 1 July, not before.
    contact = _person("2025-03-10 10:00")

    assert personal_data_purge(now=_paris("2028-06-01 03:15")) == 0  # never asked: not anonymised
    retention_reminders_send(now=_paris("2028-06-01 09:30"))
    assert personal_data_purge(now=_paris("2028-06-30 03:15")) == 0
    assert personal_data_purge(now=_paris("2028-07-01 03:15")) == 1

    assert Contact.objects.get(pk=contact.pk).erased_at is not None


def test_a_person_without_an_email_cannot_be_asked_and_goes_at_the_limit(db):
    contact = _person("2025-03-10 10:00", email="")
    Contact.objects.filter(pk=contact.pk).update(phone="06 12 34 56 78")

    assert retention_reminders_send(now=_paris("2028-02-11 09:30")) == 0
    assert personal_data_purge(now=_paris("2028-03-10 03:15")) == 0
    assert personal_data_purge(now=_paris("2028-03-11 03:15")) == 1


def test_a_person_who_reaches_us_after_the_reminder_is_kept_and_asked_again_next_time(db):
    contact = _person("2025-03-10 10:00")
    retention_reminders_send(now=_paris("2028-02-11 09:30"))
    # They submit a new project in between (it opens, is closed again later).
    Contact.objects.filter(pk=contact.pk).update(last_person_contact_at=_paris("2028-02-15 12:00"))

    assert personal_data_purge(now=_paris("2028-03-11 03:15")) == 0
    assert retention_reminders_send(now=_paris("2031-01-15 09:30")) == 0
    assert retention_reminders_send(now=_paris("2031-01-16 09:30")) == 1  # their new clock's reminder day
    assert _reminders(contact) == 2


def test_the_reminder_is_cancelled_if_the_person_reached_us_before_it_went(db, django_capture_on_commit_callbacks):
    contact = _person("2025-03-10 10:00")
    retention_reminders_send(now=_paris("2028-02-11 09:30"))  # written, not delivered yet
    Contact.objects.filter(pk=contact.pk).update(last_person_contact_at=_paris("2028-02-11 10:00"))

    from crm.outbox import outbox_deliver

    outbox_deliver(OutboxEmail.objects.get(kind=REMINDER_EMAIL).pk)

    assert mail.outbox == []


def test_the_tasks_are_scheduled_daily(settings):
    from onboarding.tasks import purge_personal_data, send_retention_reminders

    assert settings.CELERY_BEAT_SCHEDULE["onboarding-retention-reminders"]["task"] == send_retention_reminders.name
    assert settings.CELERY_BEAT_SCHEDULE["onboarding-personal-data-purge"]["task"] == purge_personal_data.name


def test_coordinators_read_the_monthly_log_in_the_admin_and_nobody_edits_it(client, alice, bob):
    contact = _person("2025-03-10 10:00")
    retention_reminders_send(now=_paris("2028-02-11 09:30"))
    Contact.objects.filter(pk=contact.pk).update(network=Network.objects.order_by("pk").first())
    month = RetentionMonth.objects.get()
    client.force_login(alice)

    listing = client.get("/admin/onboarding/retentionmonth/")
    assert listing.status_code == 200 and month in listing.context["cl"].result_list
    assert client.get(f"/admin/onboarding/retentionmonth/{month.pk}/change/").status_code == 200
    assert client.post(f"/admin/onboarding/retentionmonth/{month.pk}/change/",
                       {"reminders_sent": 99}).status_code == 403
    assert client.get("/admin/onboarding/retentionmonth/add/").status_code == 403
    assert RetentionMonth.objects.get().reminders_sent == 1
    client.force_login(bob)  # a referent: not theirs to read
    assert client.get("/admin/onboarding/retentionmonth/").status_code in (302, 403)
