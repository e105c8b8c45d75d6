"""A request's legal deadline (RGPD art. 12.3): one month after receipt, the
same day of the next month or that month's last day when it has none; three
months once extended by two."""

import datetime

import pytest

from crm.models import PrivacyRequest
from crm.models.privacy import add_months, request_due_on

D = datetime.date


@pytest.mark.parametrize(("received", "due"), [
    (D(2026, 3, 15), D(2026, 4, 15)),
    (D(2027, 1, 31), D(2027, 2, 28)),
    (D(2028, 1, 31), D(2028, 2, 29)),   # a leap year
    (D(2028, 2, 29), D(2028, 3, 29)),   # received on the leap day
    (D(2026, 3, 31), D(2026, 4, 30)),
    (D(2026, 12, 15), D(2027, 1, 15)),  # over the new year
    (D(2026, 12, 31), D(2027, 1, 31)),
    (D(2026, 2, 28), D(2026, 3, 28)),   # not the month's last day: the same day
])
def test_the_answer_is_due_one_month_after_receipt(received, due):
    assert request_due_on(received) == due


@pytest.mark.parametrize(("received", "due"), [
    (D(2026, 3, 15), D(2026, 6, 15)),
    (D(2026, 11, 30), D(2027, 2, 28)),
    (D(2027, 11, 30), D(2028, 2, 29)),
    (D(2026, 12, 31), D(2027, 3, 31)),
])
def test_an_extension_adds_two_more_months(received, due):
    assert request_due_on(received, extended=True) == due


def test_add_months_counts_back_too():
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)


def test_a_row_made_without_the_service_still_gets_its_deadline(contact):
    row = PrivacyRequest.objects.create(contact=contact, received_on=D(2027, 1, 31))
    assert row.due_on == D(2027, 2, 28)
    assert (row.status, row.kind, row.channel) == ("received", "deletion", "tracking_page")
