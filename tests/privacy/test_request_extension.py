"""Extending a request's deadline (RGPD art. 12.3): by two months, once,
within the first month, with the reason e-mailed to the person."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.models import PrivacyRequest
from onboarding.services.privacy_requests import PrivacyRequestError, privacy_request_extend, privacy_request_receive
from tests.privacy.conftest import mails_to

pytestmark = pytest.mark.django_db


def _receive(contact, received_on):
    return privacy_request_receive(contact=contact, kind=PrivacyRequest.Kind.ACCESS, received_on=received_on)[0]


def test_an_extension_moves_the_deadline_two_months_and_tells_the_person_why(
        client, project, contact, alice, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    row = _receive(contact, today)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy_request_extend", args=[row.pk]),
                               {"reason": "Vos données sont dans trois logiciels."})
    assert response.status_code == 302
    row.refresh_from_db()
    from crm.models.privacy import add_months
    assert row.due_on == add_months(today, 3)
    assert (row.extension_reason, row.extended_by) == ("Vos données sont dans trois logiciels.", alice)
    [message] = mails_to("camille.roux@example.org")
    assert "Vos données sont dans trois logiciels." in message.body


def test_a_deadline_is_extended_once_only(project, contact, alice):
    row = _receive(contact, timezone.localdate())
    privacy_request_extend(request=row, user=alice, reason="Complexe")
    with pytest.raises(PrivacyRequestError, match="déjà été prolongé"):
        privacy_request_extend(request=row, user=alice, reason="Encore")


def test_no_extension_once_the_first_month_is_over(project, contact, alice):
    row = _receive(contact, datetime.date(2026, 1, 31))
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 3, 1)):
        with pytest.raises(PrivacyRequestError, match="dépassé"):
            privacy_request_extend(request=row, user=alice, reason="Trop tard")
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 2, 28)):
        row = privacy_request_extend(request=row, user=alice, reason="Juste à temps")
    assert row.due_on == datetime.date(2026, 4, 30)


def test_an_extension_needs_a_reason(client, project, contact, alice):
    row = _receive(contact, timezone.localdate())
    client.force_login(alice)
    response = client.post(reverse("privacy_request_extend", args=[row.pk]), {"reason": ""})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.extended_at is None
