"""Requests made before the queue (crm 0010) keep their meaning: an erasure
("deletion"), received the day it was made, due a month later, answered if
it was handled."""

import datetime

import pytest
from django.utils import timezone

from tests.migrations import database_at, migrate_to

BEFORE = [("crm", "0009_access_log")]
AFTER = [("crm", "0010_privacy_requests")]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def before():
    with database_at(BEFORE) as apps:
        yield apps


def test_earlier_requests_get_a_receipt_day_a_deadline_and_a_status(before):
    Contact = before.get_model("crm", "Contact")
    PrivacyRequest = before.get_model("crm", "PrivacyRequest")
    contact = Contact.objects.create(first_name="Camille", last_name="Roux", email="c@example.org")
    waiting = PrivacyRequest.objects.create(contact=contact, kind="deletion", message="Effacez")
    handled = PrivacyRequest.objects.create(contact=contact, kind="deletion", handled_at=timezone.now())
    january_31 = timezone.make_aware(datetime.datetime(2026, 1, 31, 10, 0))
    PrivacyRequest.objects.filter(pk=waiting.pk).update(created_at=january_31)

    after = migrate_to(AFTER).get_model("crm", "PrivacyRequest")

    waiting, handled = after.objects.get(pk=waiting.pk), after.objects.get(pk=handled.pk)
    assert (waiting.kind, waiting.status, waiting.received_on, waiting.due_on, waiting.message) == (
        "deletion", "received", datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), "Effacez")
    assert (handled.status, handled.answered_at is not None) == ("answered", True)
