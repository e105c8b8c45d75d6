"""An ambassador's data follows the retention rule like anyone's: kept while
they are an active ambassador, otherwise anonymised three years after their
last action; with no project to renew, nobody can be asked first, so they go
at the limit."""

import datetime
import zoneinfo

import pytest

from ambassadors.models import Ambassador
from crm.models import Contact
from onboarding.services.retention import personal_data_purge, retention_reminders_send
from tests.ambassadors.stories import ambassador_make

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
CLOCK = datetime.datetime(2025, 3, 10, 10, 0, tzinfo=PARIS)
LAST_DAY_KEPT = datetime.datetime(2028, 3, 10, 3, 15, tzinfo=PARIS)
DAY_AFTER = datetime.datetime(2028, 3, 11, 3, 15, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _three_years(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 3


# the ambassador's state three years after their last action -> anonymised the day after the limit?
TABLE = [
    (Ambassador.Status.APPROVED, False),  # takes part: kept
    (Ambassador.Status.PAUSED, True),
    (Ambassador.Status.REMOVED, True),
    (Ambassador.Status.APPLIED, True),  # never approved, never came back
]


@pytest.mark.parametrize(("status", "anonymised"), TABLE)
def test_an_ambassador_without_a_project_is_kept_only_while_active(cast, status, anonymised):
    nina = ambassador_make(cast.lot, cast.figeac, "Nina", status=status)
    Contact.objects.filter(pk=nina.contact_id).update(last_person_contact_at=CLOCK)

    assert retention_reminders_send(now=LAST_DAY_KEPT) == 0  # no project to renew: nobody is asked
    personal_data_purge(now=LAST_DAY_KEPT)
    assert Contact.objects.get(pk=nina.contact_id).erased_at is None
    personal_data_purge(now=DAY_AFTER)

    contact = Contact.objects.get(pk=nina.contact_id)
    assert (contact.erased_at is not None) is anonymised
    if anonymised:
        assert contact.email == "" and Ambassador.objects.get(pk=nina.pk).occupation == ""
