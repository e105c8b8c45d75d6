"""The committee PDF laid out for print, read back from the real file with
pypdf: every page's footer says when the report was made, with which filters,
and which page of how many it is; a table that fits on a page is never split;
a longer one repeats its header row on each page; sections follow one another
instead of leaving half a page blank; charts are sized for A4; and the whole
stays a tagged PDF (tests/tagged_pdf.py)."""

import io
import re

import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader

from tests.module_rows import kept_for_the_module
from tests.tagged_pdf import assert_tagged

from .pdf_flow import committee_pdf
from .test_dataset import PERIOD_2025, cast_and_dataset

pytestmark = pytest.mark.django_db

TITLE = "Rapport pour le comité de pilotage"
TEN_YEARS = {"start": "2016-01-01", "end": "2025-12-31"}
MADE = re.compile(r"Édité le \d{2}/\d{2}/\d{4} à \d{2}:\d{2}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Alice, Bob, Charlie, the territory and the dataset, made once for the
    module (in a transaction rolled back after its last test)."""
    with django_db_blocker.unblock(), kept_for_the_module():
        yield cast_and_dataset()


@pytest.fixture
def data(world):
    return world


@pytest.fixture(scope="module")
def rendered():
    """The module's PDFs by their filters. No test here changes the data, so
    one report per set of filters is what every test would get: each is
    rendered once for the module (WeasyPrint takes seconds)."""
    return {}


@pytest.fixture
def pdf(client, data, rendered):
    client.force_login(User.objects.get(username="alice"))

    def get(params):
        key = tuple(sorted(params.items()))
        if key not in rendered:
            rendered[key] = committee_pdf(client, params)
        return rendered[key]

    return get


def pages_text(content):
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def total_rows(content):
    lines = [line for page in PdfReader(io.BytesIO(content)).pages for line in page.extract_text().splitlines()]
    return sum(1 for line in lines if re.match(r"Total [\d—]", line))


def tables_by_page(doc):
    """[(has a caption, the pages it is drawn on, header texts)] of every /Table element."""
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(doc.reader.pages, start=1)}
    found = []
    for table in doc.elements("/Table"):
        on = {pages[e.node.raw_get("/Pg").idnum] for e in table.walk() if "/Pg" in e.node}
        found.append((any(child.tag == "/Caption" for child in table.children), on,
                      any(child.tag == "/THead" for child in table.children)))
    return found


def test_every_page_says_when_it_was_made_with_which_filters_and_its_number(pdf, data):
    content = pdf({**PERIOD_2025, "segment": data.p1.segment_id, "source": "website"})
    texts = pages_text(content)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert MADE.search(text), number
        assert "Période : 01/01/2025 – 31/12/2025 · Segment : Seconde vie · Source : Formulaire du site" in text, number
        assert f"page {number} / {len(texts)}" in text, number
    assert_tagged(content, title=TITLE)


def test_without_filters_the_footer_gives_the_period(pdf):
    for text in pages_text(pdf(PERIOD_2025)):
        assert "Période : 01/01/2025 – 31/12/2025" in text
        assert "Segment :" not in text


def test_a_table_that_fits_on_a_page_is_never_split(pdf):
    doc = assert_tagged(pdf(PERIOD_2025), title=TITLE)
    tables = tables_by_page(doc)
    # The cover's parameters, then the thirteen tables of the report, each
    # one /Table element drawn on one page.
    assert len(tables) == 14
    assert [captioned for captioned, _on, _head in tables].count(True) == 13
    for _captioned, on, _head in tables:
        assert len(on) == 1, on


def test_a_table_longer_than_a_page_repeats_its_header_and_gives_its_total_once(pdf):
    # Ten years: 120 months in two tables, each longer than an A4 page.
    content = pdf(TEN_YEARS)
    doc = assert_tagged(content, title=TITLE)
    tables = tables_by_page(doc)
    continued = [(on, head) for captioned, on, head in tables if not captioned and on != {1}]
    assert len(continued) >= 2
    for on, head in continued:
        assert len(on) == 1 and head
    texts = pages_text(content)
    months_pages = [number for number, text in enumerate(texts, start=1) if "décembre 2019" in text
                    or "janvier 2021" in text or "juin 2023" in text]
    for number in months_pages:
        assert "Mois" in texts[number - 1], number
    # A total row closes its table once, not on every page the table spans:
    # as many total rows as in a report whose tables all fit on a page.
    assert total_rows(content) == total_rows(pdf(PERIOD_2025)) == 7


def test_sections_follow_one_another_without_half_empty_pages(pdf):
    texts = pages_text(pdf(PERIOD_2025))
    # The time in each stage ends page 2 half way down: the sources section
    # starts under it rather than on a page of its own.
    assert "Temps passé dans chaque étape" in texts[1]
    assert "D'où viennent les projets" in texts[1]
    assert len(texts) <= 5


def test_charts_are_sized_for_an_a4_page(pdf):
    doc = assert_tagged(pdf(PERIOD_2025), title=TITLE)
    figures = doc.elements("/Figure")
    assert len(figures) == 4
    for figure in figures:
        # WeasyPrint writes the layout box in CSS pixels (96 per inch).
        x0, y0, x1, y1 = (float(v) for v in figure.node["/A"]["/BBox"])
        width, height = (x1 - x0) * 25.4 / 96, (y1 - y0) * 25.4 / 96
        assert 140 <= width <= 182, width  # 182 mm between the margins
        assert height <= 95.5, height
