"""The daily reminder: the network's coordinators hear of a request due
within 7 days once, and once more when it is overdue; beat running twice
the same day sends nothing more."""

import datetime

import pytest

from crm.models import PrivacyRequest
from onboarding.services.privacy_requests import (
    privacy_request_answer,
    privacy_request_extend,
    privacy_request_receive,
    privacy_requests_remind,
)
from privacy.tasks import remind_privacy_requests
from tests.privacy.conftest import mails_to

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2026, 1, 31)  # due 28 February 2026
D = datetime.date


@pytest.fixture
def row(project, contact, alice):
    return privacy_request_receive(contact=contact, kind=PrivacyRequest.Kind.ACCESS, received_on=RECEIVED)[0]


def _remind(today, capture):
    with capture(execute=True):
        return privacy_requests_remind(today=today)


def test_a_request_is_reminded_once_per_threshold(row, alice, django_capture_on_commit_callbacks, mailoutbox):
    capture = django_capture_on_commit_callbacks
    mailoutbox.clear()
    assert _remind(D(2026, 2, 20), capture) == 0   # 8 days before
    assert _remind(D(2026, 2, 21), capture) == 1   # 7 days before
    assert _remind(D(2026, 2, 21), capture) == 0   # beat twice the same day
    assert _remind(D(2026, 2, 25), capture) == 0
    assert _remind(D(2026, 2, 28), capture) == 0   # the last day: still "soon"
    assert _remind(D(2026, 3, 1), capture) == 1    # overdue
    assert _remind(D(2026, 3, 9), capture) == 0
    soon, overdue = mails_to("alice@example.org")
    assert f"n°{row.pk}" in soon.subject and "Rappel" in soon.subject
    assert "En retard" in overdue.subject
    assert f"/equipe/demandes-rgpd/{row.pk}/" in overdue.body
    # No personal data in the coordinators' reminder.
    assert "Camille" not in soon.body + overdue.body


def test_the_task_replays_a_day_without_a_second_mail(row, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_privacy_requests("2026-03-02") == 1
        assert remind_privacy_requests("2026-03-02") == 0


def test_an_answered_request_is_not_reminded(row, alice, django_capture_on_commit_callbacks):
    privacy_request_answer(request=row, user=alice, status="answered", answer="Voici.")
    assert _remind(D(2026, 3, 1), django_capture_on_commit_callbacks) == 0


def test_a_reminder_owed_but_answered_before_sending_is_cancelled(row, alice, mailoutbox):
    assert privacy_requests_remind(today=D(2026, 3, 1)) == 1  # written, not yet sent
    privacy_request_answer(request=row, user=alice, status="answered", answer="Voici.")
    from crm.models import OutboxEmail
    from crm.outbox import outbox_deliver

    reminder = OutboxEmail.objects.get(kind="onboarding.privacy_request_reminder")
    assert outbox_deliver(reminder.pk) == "cancelled"


def test_an_extended_request_is_reminded_of_its_new_deadline(row, alice, django_capture_on_commit_callbacks,
                                                             mailoutbox):
    capture = django_capture_on_commit_callbacks
    assert _remind(D(2026, 2, 21), capture) == 1
    from unittest import mock
    with mock.patch("django.utils.timezone.localdate", return_value=D(2026, 2, 22)):
        privacy_request_extend(request=row, user=alice, reason="Complexe")
    row.refresh_from_db()
    assert row.due_on == D(2026, 4, 30)
    assert _remind(D(2026, 3, 1), capture) == 0  # not overdue any more
    assert _remind(D(2026, 4, 23), capture) == 1


def test_only_the_networks_own_coordinators_are_reminded(gaelle, paulin, alice, django_capture_on_commit_callbacks,
                                                         mailoutbox):
    privacy_request_receive(contact=paulin, kind=PrivacyRequest.Kind.OBJECTION, received_on=RECEIVED)
    mailoutbox.clear()
    assert _remind(D(2026, 3, 1), django_capture_on_commit_callbacks) == 1
    assert len(mails_to("gaelle@example.org")) == 1
    assert mails_to("alice@example.org") == []
