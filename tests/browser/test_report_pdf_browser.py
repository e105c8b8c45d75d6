"""The committee PDF in headless Chromium: a coordinator asks for it from the
report page's button, the request's page follows the worker's steps in place
(its script file: the CSP allows no inline script) down to the download
link, which takes the focus, and the PDF is downloaded; every page on the
way passes the WCAG rules."""

import io
from unittest import mock

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.committee_pdf import report_pdf_build
from reports.models import ReportPdf
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_asks_for_the_pdf_follows_it_and_downloads_it(page, world):
    log_in(page)
    page.goto("/equipe/rapports/?source=website")
    assert _violations(page) == []

    with mock.patch("crm.queue.publish"):  # asked for; no worker has taken it yet
        page.get_by_role("button", name="Rapport pour le comité de pilotage (PDF)").click()
        expect(page.get_by_role("heading", name="Rapport pour le comité de pilotage (PDF)")).to_be_visible()
    row = ReportPdf.objects.get()
    assert row.params["source"] == "website"
    expect(page.get_by_text("Votre demande est enregistrée ; la préparation va commencer.")).to_be_visible()
    expect(page.get_by_label("Avancement")).to_be_visible()
    expect(page.get_by_role("link", name="Actualiser la page")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger le PDF")).to_be_hidden()
    assert _violations(page) == []
    page.evaluate("window.__same_page = true")

    # The worker's steps, while the page waits.
    ReportPdf.objects.filter(pk=row.pk).update(status="running", step="figures", progress=10)
    expect(page.locator("#report-pdf-message")).to_have_text("En préparation : calcul des chiffres…")
    expect(page.get_by_label("Avancement")).to_have_attribute("value", "10")
    ReportPdf.objects.filter(pk=row.pk).update(status="pending", step="queued", progress=0)
    report_pdf_build(pdf_id=row.pk)

    download = page.get_by_role("link", name="Télécharger le PDF")
    expect(download).to_be_visible(timeout=10_000)
    expect(page.locator("#report-pdf-message")).to_have_text("Votre PDF est prêt.")
    expect(download).to_be_focused()
    expect(page.get_by_role("link", name="Actualiser la page")).to_be_hidden()
    assert page.evaluate("window.__same_page") is True  # updated in place, not reloaded
    assert _violations(page) == []

    with page.expect_download() as pdf:
        download.click()
    assert pdf.value.suggested_filename.startswith("rapport_comite_")
    reader = PdfReader(io.BytesIO(open(pdf.value.path(), "rb").read()))
    assert reader.metadata.title == "Rapport pour le comité de pilotage"
    assert "Source : Formulaire du site" in " ".join(reader.pages[0].extract_text().split())
