"""Every export opens and holds the numbers the page shows: CSV (parsed),
XLSX (opened with openpyxl), the PDF (its text, with pypdf) and the JSON.
The dataset is made once for the module (`world`)."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from crm.models import Network
from reports.exports import SHEET_TITLES
from reports.models import ReportPdf, ReportTarget
from reports.tables import TABLE_SLUGS
from tests.module_rows import kept_for_the_module

from .pdf_flow import committee_pdf
from .test_dataset import PERIOD_2025, cast_and_dataset

pytestmark = pytest.mark.django_db

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Alice, Bob, Charlie, the territory and the year's dataset, made once for
    the module (in a transaction rolled back after its last test; each test's
    own changes are rolled back after it)."""
    with django_db_blocker.unblock(), kept_for_the_module():
        data = cast_and_dataset()
        ReportTarget.objects.create(network=Network.objects.get(), year=2025, installations=12)
        yield data


# Each test gets the people as the database holds them (a test may change its copy).
@pytest.fixture
def alice(world):
    return User.objects.get(username="alice")


@pytest.fixture
def bob(world):
    return User.objects.get(username="bob")


@pytest.fixture
def charlie(world):
    return User.objects.get(username="charlie")


@pytest.fixture
def data(world):
    return world


@pytest.fixture
def coordinator(client, alice, data):
    client.force_login(alice)
    return client


class TableReader(HTMLParser):
    """The cells of every <table id="table-..."> of a page, rows of texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("id") or "").startswith("table-"):
            self.current = self.tables.setdefault(attrs["id"][6:], [])
        elif self.current is not None and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_tables(client):
    reader = TableReader()
    reader.feed(client.get(reverse("report"), PERIOD_2025).content.decode())
    return reader.tables


def as_page_text(text):
    """A CSV cell written the way the page writes it."""
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = text.split("-")
        return f"{MONTHS[int(month) - 1]} {year}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        year, month, day = text.split("-")
        return f"{day}/{month}/{year}"
    return text or "—"  # (no figure of the dataset reaches the thousands)


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("slug", TABLE_SLUGS)
def test_each_csv_holds_the_numbers_of_the_page(coordinator, slug):
    page = page_tables(coordinator)[slug]
    rows = csv_rows(coordinator.get(reverse("report_table_export", args=[slug, "csv"]), PERIOD_2025))
    header, body = rows[0], rows[1:]
    ratio_columns = {i for i, label in enumerate(header) if label.endswith(" (%)")}
    assert [label.removesuffix(" (%)") for label in header] == page[0]
    expected = [
        [as_page_text(cell) + (" %" if i in ratio_columns and cell else "") for i, cell in enumerate(row)]
        for row in body
    ]
    assert expected == page[1:] or (not body and len(page) == 2)


def test_the_csv_is_for_french_spreadsheets(coordinator):
    response = coordinator.get(reverse("report_table_export", args=["durees", "csv"]), PERIOD_2025)
    assert response.content.startswith("\ufeff".encode())
    assert 'filename="rapport_durees_2025-01-01_2025-12-31.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[3] == ["Qualifié", "15,0", "17,5", "2"]


def _xlsx_text(cell):
    """A spreadsheet cell as the page writes it, by its display format."""
    value = cell.value
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if cell.number_format == "0.0%":
        return f"{value * 100:.1f}".replace(".", ",") + " %"
    if cell.number_format == "mmmm yyyy":
        return f"{MONTHS[value.month - 1]} {value.year}"
    if cell.number_format == "dd/mm/yyyy":
        return f"{value:%d/%m/%Y}"
    if cell.number_format == "0.0":
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", "\u00a0")


@pytest.mark.parametrize("slug", TABLE_SLUGS)
def test_each_xlsx_opens_and_holds_the_numbers_of_the_page(coordinator, slug):
    page = page_tables(coordinator)[slug]
    response = coordinator.get(reverse("report_table_export", args=[slug, "xlsx"]), PERIOD_2025)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[SHEET_TITLES[slug]]
    rows = [list(row) for row in sheet.iter_rows()]
    header = [cell.value for cell in rows[0]]
    assert [label.removesuffix(" (%)") for label in header] == page[0]
    cells = [[_xlsx_text(cell) for cell in row] for row in rows[1:]]
    assert cells == page[1:] or (not rows[1:] and len(page) == 2)
    assert book["Paramètres"]["B3"].value == "01/01/2025 – 31/12/2025"


def test_the_workbook_has_a_sheet_per_table(coordinator):
    response = coordinator.get(reverse("report_workbook"), PERIOD_2025)
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Paramètres", *(SHEET_TITLES[slug] for slug in TABLE_SLUGS)]
    durations = [list(row) for row in book["Temps par étape (jours)"].iter_rows(values_only=True)]
    assert durations[3] == ["Qualifié", 15.0, 17.5, 2]
    assert book["Temps par étape (jours)"]["C4"].number_format == "0.0"


def test_the_json_holds_the_same_raw_figures_as_the_workbook(coordinator):
    data = coordinator.get(reverse("report_data"), PERIOD_2025).json()
    book = load_workbook(io.BytesIO(coordinator.get(reverse("report_workbook"), PERIOD_2025).content))
    assert list(data["tables"]) == list(TABLE_SLUGS)
    for slug, table in data["tables"].items():
        keys = [column["key"] for column in table["columns"]]
        sheet = [list(row) for row in book[SHEET_TITLES[slug]].iter_rows(min_row=2, values_only=True)]
        rows = table["rows"] + ([table["total"]] if table["total"] else [])
        assert len(sheet) == len(rows), slug
        for cells, row in zip(sheet, rows, strict=True):
            for cell, key in zip(cells, keys, strict=True):
                value = row[key]
                if hasattr(cell, "isoformat"):
                    cell = cell.date().isoformat()
                assert cell == (pytest.approx(value) if isinstance(value, float) else value), (slug, key)


def test_the_json_names_its_filters(coordinator, data):
    response = coordinator.get(reverse("report_data"), {**PERIOD_2025, "segment": data.p3.segment_id})
    assert response.status_code == 200
    body = response.json()
    assert body["filters"] == {"start": "2025-01-01", "end": "2025-12-31", "segment": data.p3.segment_id}
    assert body["tables"]["durees"]["rows"][2] == {
        "label": "Qualifié", "median": None, "p75": None, "projects": 0, "code": "qualified",
    }


def pdf_text(client, params=PERIOD_2025):
    reader = PdfReader(io.BytesIO(committee_pdf(client, params)))
    return "\n".join(" ".join(page.extract_text().split(" ")) for page in reader.pages)


def test_the_pdf_is_the_committee_report_with_the_numbers_of_the_page(coordinator):
    text = pdf_text(coordinator)
    lines = {" ".join(line.split()) for line in text.splitlines()}
    assert "Rapport pour le comité de pilotage" in lines
    assert "Période 01/01/2025 – 31/12/2025" in lines
    page = page_tables(coordinator)
    for slug in ("entonnoir", "conversion", "durees", "referents", "abandons", "segments"):
        for row in page[slug][1:]:
            assert " ".join(" ".join(row).split()) in lines, (slug, row)


def test_the_pdf_draws_the_charts(coordinator):
    text = pdf_text(coordinator)
    # The funnel's labels and figures are drawn as text in the SVG.
    assert "Suivi clos" in text
    assert "Nouveaux projets" in text


def test_exports_refuse_wrong_filters(coordinator):
    wrong = {"start": "2025-12-31", "end": "2025-01-01"}
    assert coordinator.get(reverse("report_table_export", args=["etats", "csv"]), wrong).status_code == 400
    assert coordinator.get(reverse("report_workbook"), wrong).status_code == 400
    assert coordinator.get(reverse("report_pdf_request"), wrong).status_code == 400
    assert coordinator.post(reverse("report_pdf_request"), wrong).status_code == 400
    assert not ReportPdf.objects.exists()
    response = coordinator.get(reverse("report_data"), wrong)
    assert response.status_code == 400
    assert "end" in response.json()["errors"]


def test_an_unknown_table_or_format_is_not_found(coordinator):
    assert coordinator.get(reverse("report_table_export", args=["nope", "csv"])).status_code == 404
    assert coordinator.get(reverse("report_table_export", args=["etats", "ods"])).status_code == 404


EVIL = '=HYPERLINK("http://example.com/x","Voir")'


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_name_typed_as_a_formula_stays_text_in_the_exports(coordinator, bob, fmt):
    bob.first_name = EVIL  # the full name starts with it
    bob.save()
    response = coordinator.get(reverse("report_table_export", args=["referents", fmt]), PERIOD_2025)
    if fmt == "csv":
        cells = [cell for row in csv_rows(response) for cell in row]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [cell.value for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    named = [cell for cell in cells if isinstance(cell, str) and "HYPERLINK" in cell]
    assert named and all(cell.startswith("'") for cell in named)


def test_the_json_rows_carry_stable_codes_beside_the_labels(coordinator, data, bob, charlie):
    """A partner's program reads codes, not French labels: the state, the
    segment's and need's codes, the EPCI's SIREN and its département's code,
    the referent's id, the reason's code. The labels and columns stay."""
    tables = coordinator.get(reverse("report_data"), PERIOD_2025).json()["tables"]

    def codes(slug, label_key):
        return {row["code"]: row[label_key] for row in tables[slug]["rows"]}

    assert codes("etats", "label")["on_hold"] == "En pause"
    assert list(codes("etats", "label")) == [
        "new", "contacted", "qualified", "accompanied", "settling", "installed", "integrated", "on_hold",
        "abandoned", "rejected",
    ]
    assert codes("entonnoir", "projects") == {
        "new": 7, "contacted": 4, "qualified": 3, "accompanied": 1, "settling": 2, "installed": 2, "integrated": 1,
    }
    assert codes("segments", "name") == {
        "seconde-vie": "Seconde vie", "talent": "Talent recherché", "jeune": "Jeune", "famille": "Famille",
    }
    assert codes("besoins", "name") == {
        "emploi": "Emploi", "logement-location": "Logement à louer", "mobilite": "Mobilité",
        "garde-ecole": "Garde d'enfants et école",
    }
    assert {row["code"]: (row["departement"], row["name"]) for row in tables["epci"]["rows"]} == {
        "200067361": ("46", "CC Grand-Figeac"), "200035459": ("47", "CA d'Agen"),
    }
    assert codes("referents", "name") == {bob.referent.pk: "Bob Durand", charlie.referent.pk: "Charlie Petit"}
    assert codes("evenements", "event") == {data.salon.pk: "Salon Vivre dans le Lot – Paris"}
    assert codes("abandons", "reason") == {"job": "Emploi", "housing": "Logement"}
    # The total is not a row of anything: no code.
    assert "code" not in tables["etats"]["total"]
