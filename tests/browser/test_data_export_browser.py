"""The person's copy of their data, in headless Chromium: asked from the
tracking page's button, its progress updated by the page's script without a
reload (CSP allows no inline script), both files downloaded, and the page
passes the WCAG rules."""

import io
import json
import uuid

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from onboarding.tracking_links import tracking_path
from privacy.models import DataExport
from privacy.services import data_export_build
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_asks_for_their_data_and_downloads_both_files(page, project, contact):
    page.goto(tracking_path(project))
    page.get_by_role("link", name="Télécharger mes données").click()
    expect(page.get_by_role("heading", name="Télécharger mes données")).to_be_visible()
    assert _violations(page) == []

    page.get_by_role("button", name="Préparer ma copie").click()

    # In-process tasks: ready as soon as the request is answered.
    expect(page.get_by_text("Votre copie est prête.")).to_be_visible()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Télécharger le PDF (à lire)").click()
    reader = PdfReader(io.BytesIO(open(pdf.value.path(), "rb").read()))
    assert "Camille" in " ".join(p.extract_text() for p in reader.pages)
    with page.expect_download() as document:
        page.get_by_role("link", name="Télécharger le fichier JSON (portabilité)").click()
    data = json.loads(open(document.value.path(), encoding="utf-8").read())
    assert {s["key"]: s for s in data["sections"]}["crm.contact"]["rows"][0]["email"] == contact.email
    assert pdf.value.suggested_filename.endswith(".pdf")
    assert _violations(page) == []


def test_the_page_follows_the_preparation_without_a_reload(page, project):
    # Asked, and no worker has taken it yet (written without queueing it).
    export = DataExport.objects.create(public_id=uuid.uuid4(), contact=project.contact, project=project)
    page.goto(tracking_path(project).rstrip("/") + "/mes-donnees/")
    expect(page.locator("#data-export-progress")).to_be_visible()
    expect(page.get_by_text("Votre demande est enregistrée")).to_be_visible()
    page.evaluate("window.__same_page = true")

    data_export_build(export_id=export.pk)  # the worker's job, while the page waits

    expect(page.get_by_role("link", name="Télécharger le PDF (à lire)")).to_be_visible(timeout=10_000)
    expect(page.get_by_text("Votre copie est prête.")).to_be_visible()
    assert page.evaluate("window.__same_page") is True  # updated in place, not reloaded
    assert DataExport.objects.get(pk=export.pk).status == DataExport.Status.DONE
