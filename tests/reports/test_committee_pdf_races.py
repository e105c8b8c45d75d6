"""Two clicks at once on "Rapport pour le comité de pilotage (PDF)" make one
request and one build (real PostgreSQL connections, one per thread,
released together by a barrier)."""

import datetime
from unittest import mock

import pytest

from reports.committee_pdf import report_pdf_request
from reports.filters import ReportFilters
from reports.models import ReportPdf
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5


def test_two_identical_requests_at_once_make_one(alice):
    with mock.patch("crm.queue.publish") as publish:
        for round_ in range(ROUNDS):
            filters = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 1, 1 + round_))
            results = race(lambda f=filters: report_pdf_request(user=alice, filters=f),
                            lambda f=filters: report_pdf_request(user=alice, filters=f))
            assert sorted(created for _row, created in results) == [False, True], results
            assert results[0][0] == results[1][0]
    assert ReportPdf.objects.count() == ROUNDS
    assert publish.call_count == ROUNDS
