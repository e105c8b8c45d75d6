"""Every export of the report (CSV, XLSX, the workbook, the PDF, the JSON)
is a row of the access log with its filter; the page itself, a refused or
an invalid request are not."""

import pytest
from django.urls import reverse

from crm.models import AccessLog

from .pdf_flow import pdf_ask, pdf_download

pytestmark = pytest.mark.django_db

FILTERS = {"start": "2025-01-01", "end": "2025-12-31", "source": "website"}


@pytest.mark.parametrize(("url", "what"), [
    (reverse("report_table_export", args=["entonnoir", "csv"]), {"format": "csv", "table": "entonnoir"}),
    (reverse("report_table_export", args=["entonnoir", "xlsx"]), {"format": "xlsx", "table": "entonnoir"}),
    (reverse("report_workbook"), {"format": "xlsx"}),
    (reverse("report_data"), {"format": "json"}),
])
def test_an_export_is_logged_with_its_filter(client, alice, bob, url, what):
    client.force_login(bob)
    assert client.get(url, FILTERS).status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.kind, row.project_id, row.network_id) == (bob, "report_export", None, None)
    assert row.what == {**what, **FILTERS}


def test_the_committee_pdf_is_logged_when_it_is_downloaded_not_when_it_is_asked_for(client, alice, bob):
    client.force_login(bob)
    row = pdf_ask(client, FILTERS)
    assert client.get(reverse("report_pdf_status", args=[row.public_id])).status_code == 200
    assert client.get(reverse("report_pdf_state", args=[row.public_id])).status_code == 200
    assert not AccessLog.objects.exists()
    assert pdf_download(client, row).startswith(b"%PDF")
    entry = AccessLog.objects.get()
    assert (entry.user, entry.kind, entry.project_id, entry.network_id) == (bob, "report_export", None, None)
    assert entry.what == {"format": "pdf", **FILTERS}
    assert entry.path == reverse("report_pdf_file", args=[row.public_id])


def test_the_page_and_a_bad_filter_are_not_logged(client, bob):
    client.force_login(bob)
    assert client.get(reverse("report"), FILTERS).status_code == 200
    assert client.get(reverse("report_workbook"), {"start": "pas une date"}).status_code == 400
    assert not AccessLog.objects.exists()
