"""The committee PDF is made by a real worker on the real broker, not in
the request: the coordinator's click is answered at once with the request
waiting, the worker writes the PDF, and the request's page then offers it."""

import io
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.models import ReportPdf
from tests.workers import WAIT_SECONDS, celery_worker

from .test_dataset import PERIOD_2025


@pytest.fixture
def worker(django_db_setup, tmp_path):
    with celery_worker(tmp_path / "media", tmp_path / "worker.log", name="report-pdf-e2e"):
        yield tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_pdf_after_the_request_is_answered(worker, real_broker, client, alice, project):
    client.force_login(alice)
    response = client.post(reverse("report_pdf_request"), PERIOD_2025)
    assert response.status_code == 302
    row = ReportPdf.objects.get()
    assert response["Location"] == reverse("report_pdf_status", args=[row.public_id])
    assert row.status in (ReportPdf.Status.PENDING, ReportPdf.Status.RUNNING) and not row.file  # did not wait

    deadline = time.monotonic() + WAIT_SECONDS
    while row.status not in (ReportPdf.Status.READY, ReportPdf.Status.FAILED) and time.monotonic() < deadline:
        time.sleep(0.2)
        row.refresh_from_db()
    assert (row.status, row.step, row.progress, row.error) == ("ready", "ready", 100, "")
    reader = PdfReader(io.BytesIO((worker / row.file.name).read_bytes()))
    assert reader.metadata.title == "Rapport pour le comité de pilotage"
    assert "Tous les projets de votre réseau" in " ".join(reader.pages[0].extract_text().split())
    state = client.get(reverse("report_pdf_state", args=[row.public_id])).json()
    assert state["download_url"] == reverse("report_pdf_file", args=[row.public_id])
