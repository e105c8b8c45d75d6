"""The retention period is counted in calendar years, leap days included.

The rule, from the privacy notice ("gardées N ans après notre dernier
contact") and French law's way of counting a period in years (Code de
procédure civile, art. 641): the last contact the person initiated (the
retention clock, Contact.last_person_contact_at) on day D (Paris time) is kept
until the end of the same day N years later, or of 28 February when D is a
29 February and that year has none; the purge erases it from the next day.

The table below is written from that rule with a calendar in hand, not from
the code: each row says when the activity was, when the purge runs, and
whether the person is then erased.
"""

import datetime
import zoneinfo

import pytest

from crm.models import Contact
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from onboarding.services.retention import contacts_past_retention, personal_data_purge, retention_reminders_send
from onboarding.states import Channel, Source

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

# (years, last activity (Paris), purge run (Paris), erased?)
TABLE = [
    # No 29 February in the period: kept on the anniversary, erased the day after.
    (3, "2024-03-10 14:00", "2027-03-10 03:15", False),
    (3, "2024-03-10 14:00", "2027-03-10 23:59", False),
    (3, "2024-03-10 14:00", "2027-03-11 03:15", True),
    # 29 February 2028 inside the period: 365 × 3 days would end a day early.
    (3, "2025-03-01 09:00", "2028-02-29 03:15", False),
    (3, "2025-03-01 09:00", "2028-03-01 03:15", False),
    (3, "2025-03-01 09:00", "2028-03-02 03:15", True),
    (3, "2025-02-28 09:00", "2028-02-28 03:15", False),
    (3, "2025-02-28 09:00", "2028-02-29 03:15", True),
    # 29 February 2024 inside the period, at its start.
    (3, "2023-03-01 09:00", "2026-03-01 03:15", False),
    (3, "2023-03-01 09:00", "2026-03-02 03:15", True),
    (3, "2024-02-28 09:00", "2027-02-28 03:15", False),
    (3, "2024-02-28 09:00", "2027-03-01 03:15", True),
    (3, "2024-03-01 09:00", "2027-03-01 03:15", False),
    (3, "2024-03-01 09:00", "2027-03-02 03:15", True),
    # Last activity on a 29 February: its anniversary is the 28th in a common year...
    (3, "2024-02-29 09:00", "2027-02-28 03:15", False),
    (3, "2024-02-29 09:00", "2027-03-01 03:15", True),
    (1, "2028-02-29 09:00", "2029-02-28 23:59", False),
    (1, "2028-02-29 09:00", "2029-03-01 03:15", True),
    # ... and the 29th again four years on.
    (4, "2028-02-29 09:00", "2032-02-28 03:15", False),
    (4, "2028-02-29 09:00", "2032-02-29 03:15", False),
    (4, "2028-02-29 09:00", "2032-03-01 03:15", True),
    # The purge runs on a 29 February: a common year's 28 February anniversary is over.
    (4, "2024-02-28 09:00", "2028-02-29 03:15", True),
    (1, "2027-02-28 09:00", "2028-02-28 03:15", False),
    (1, "2027-02-28 09:00", "2028-02-29 03:15", True),
    (1, "2027-03-01 09:00", "2028-02-29 03:15", False),
    # The day is Paris's: 00:30 on 1 March in Paris is still 28 February in UTC.
    (3, "2025-03-01 00:30", "2028-03-01 03:15", False),
    (3, "2025-03-01 00:30", "2028-03-02 03:15", True),
    (3, "2027-12-31 23:30", "2030-12-31 23:59", False),
    (3, "2027-12-31 23:30", "2031-01-01 00:01", True),
]


def _paris(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=PARIS)


def _closed_contact(last_activity):
    contact = Contact.objects.create(first_name="Léa", last_name="Martin", email="lea.martin@example.org")
    project = project_create(contact=contact, source=Source.WEBSITE)
    project_transition(project=project, transition="reject", user=None, channel=Channel.SYSTEM,
                       fields={"reason": "spam"})
    Contact.objects.filter(pk=contact.pk).update(last_person_contact_at=last_activity)
    return contact


@pytest.mark.parametrize(
    "years, activity, purge, erased", TABLE, ids=[f"{y}y-{a}-{p}" for y, a, p, _ in TABLE]
)
def test_it_keeps_a_person_for_whole_calendar_years(years, activity, purge, erased, settings, db):
    settings.PERSONAL_DATA_RETENTION_YEARS = years
    contact = _closed_contact(_paris(activity))

    assert contacts_past_retention(now=_paris(purge)).filter(pk=contact.pk).exists() is erased


def test_the_purge_erases_on_the_day_after_the_anniversary_not_before(settings, db):
    settings.PERSONAL_DATA_RETENTION_YEARS = 3
    contact = _closed_contact(_paris("2025-03-01 09:00"))
    # Asked a month before (the day after the anniversary is 2 March 2028).
    assert retention_reminders_send(now=_paris("2028-02-02 09:30")) == 1

    assert personal_data_purge(now=_paris("2028-03-01 03:15")) == 0
    assert Contact.objects.get(pk=contact.pk).first_name == "Léa"
    assert personal_data_purge(now=_paris("2028-03-02 03:15")) == 1
    assert Contact.objects.get(pk=contact.pk).first_name == "Anonyme"
