"""The committee PDF as a coordinator gets it: asked for from the report
page (POST with its filters), made by the task (run in-process when the
request's transaction commits: CELERY_TASK_ALWAYS_EAGER), followed on its
page, then downloaded. For the tests that read the PDF itself."""

from django.test import TestCase
from django.urls import reverse

from reports.models import ReportPdf


def pdf_ask(client, params):
    """POST the request and commit: its task runs, unless crm.queue.publish
    is patched (then only the request is written). The row."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("report_pdf_request"), params)
    assert response.status_code == 302, response.status_code
    public_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    return ReportPdf.objects.get(public_id=public_id)


def pdf_download(client, row):
    response = client.get(reverse("report_pdf_file", args=[row.public_id]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def committee_pdf(client, params):
    """The PDF's bytes, through the whole flow."""
    row = pdf_ask(client, params)
    assert "Votre PDF est prêt." in client.get(reverse("report_pdf_status", args=[row.public_id])).content.decode()
    return pdf_download(client, row)
