"""The year's installations against the target read the same on the page,
in the committee PDF and in the workbook (reports.headline): "objectif non
fixé" when no target is set, never "/ objectif" over a lone figure."""

import html
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from crm.models import Network
from reports.headline import no_target_text, year_figure
from reports.models import ReportTarget

from .pdf_flow import committee_pdf
from .test_dataset import PERIOD_2025, build_dataset

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("target", "share", "label", "figure", "detail"), [
    (None, None, "Installations 2025", "5", "objectif non fixé"),
    (12, 5 / 12, "Installations 2025 / objectif", "5 / 12", "41,7 % de l'objectif"),
    (4, 5 / 4, "Installations 2025 / objectif", "5 / 4", "125,0 % de l'objectif"),
    (1500, 5 / 1500, "Installations 2025 / objectif", "5 / 1\u00a0500", "0,3 % de l'objectif"),
], ids=["no-target", "under-target", "over-target", "thousands"])
def test_the_year_figure_says_whether_a_target_is_set(target, share, label, figure, detail):
    result = year_figure(year=2025, installed=5, target=target, share=share)
    assert (result.label, result.figure, result.detail) == (label, figure, detail)


def test_no_target_has_one_wording():
    assert no_target_text() == "objectif non fixé"


@pytest.fixture
def coordinator(client, alice, bob, charlie, territory):
    build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)
    client.force_login(alice)
    return client


def _words(text):
    return " ".join(text.split())


def page_headline(client):
    page = client.get(reverse("report"), PERIOD_2025).content.decode()
    block = re.search(r'<dl class="report-headline">(.*?)</dl>', page, re.S).group(1)
    return _words(html.unescape(re.sub(r"<[^>]+>", " ", block)))


def pdf_first_page(client):
    return _words(PdfReader(io.BytesIO(committee_pdf(client, PERIOD_2025))).pages[0].extract_text())


def workbook_key_figures(client):
    book = load_workbook(io.BytesIO(client.get(reverse("report_workbook"), PERIOD_2025).content))
    rows = list(book["Paramètres"].iter_rows(values_only=True))
    start = rows.index(("Chiffres clés", None, None))
    return {label: (figure, detail) for label, figure, detail in rows[start + 1:]}


def test_the_workbook_keeps_single_figures_as_numbers(coordinator):
    book = load_workbook(io.BytesIO(coordinator.get(reverse("report_workbook"), PERIOD_2025).content))
    cells = {row[0].value: row[1] for row in book["Paramètres"].iter_rows() if row[0].value}
    assert (cells["Nouveaux projets"].value, cells["Nouveaux projets"].number_format) == (7, "#,##0")
    assert (cells["Premiers contacts faits à temps"].value,
            cells["Premiers contacts faits à temps"].number_format) == (0.5, "0.0%")
    assert cells["Installations 2025"].value == 2


def test_without_a_target_the_page_the_pdf_and_the_workbook_say_it_is_not_set(coordinator):
    # 2025: two installations (P1 in April, P2 in June), no target.
    page, pdf = page_headline(coordinator), pdf_first_page(coordinator)
    assert "Installations 2025 2 (objectif non fixé)" in page
    assert "2 Installations 2025 objectif non fixé" in pdf
    for text in (page, pdf):
        assert "/ objectif" not in text
    assert workbook_key_figures(coordinator)["Installations 2025"] == (2, "objectif non fixé")


def test_with_a_target_the_page_the_pdf_and_the_workbook_show_it_and_the_share(coordinator):
    ReportTarget.objects.create(network=Network.objects.get(), year=2025, installations=12)
    page, pdf = page_headline(coordinator), pdf_first_page(coordinator)
    assert "Installations 2025 / objectif 2 / 12 (16,7 % de l'objectif)" in page
    assert "2 / 12 Installations 2025 / objectif 16,7 % de l'objectif" in pdf
    for text in (page, pdf):
        assert "non fixé" not in text
    assert workbook_key_figures(coordinator)["Installations 2025 / objectif"] == ("2 / 12", "16,7 % de l'objectif")


def test_the_page_and_the_pdf_give_the_same_key_figures(coordinator):
    page, pdf = page_headline(coordinator), pdf_first_page(coordinator)
    for label, figure in (("Nouveaux projets", "7"), ("Installations", "2"), ("Projets ouverts aujourd'hui", "4"),
                          ("Premiers contacts faits à temps", "50,0 %")):
        assert f"{label} {figure}" in page
        assert f"{figure} {label}" in pdf
