"""Two clicks at once on "Rapport pour le comité de pilotage (PDF)" make one
request and one build (real PostgreSQL connections, one per thread,
released together by a barrier)."""

import datetime
import threading
from unittest import mock

import pytest
from django.db import connections

from reports.committee_pdf import report_pdf_request
from reports.filters import ReportFilters
from reports.models import ReportPdf

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5


def _race(*calls):
    barrier = threading.Barrier(len(calls), timeout=10)
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # the outcome is what the test asserts
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_identical_requests_at_once_make_one(alice):
    with mock.patch("crm.queue.publish") as publish:
        for round_ in range(ROUNDS):
            filters = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 1, 1 + round_))
            results = _race(lambda f=filters: report_pdf_request(user=alice, filters=f),
                            lambda f=filters: report_pdf_request(user=alice, filters=f))
            assert sorted(created for _row, created in results) == [False, True], results
            assert results[0][0] == results[1][0]
    assert ReportPdf.objects.count() == ROUNDS
    assert publish.call_count == ROUNDS
