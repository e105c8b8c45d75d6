"""The workbook reads as a committee's spreadsheet, opened with openpyxl:
sheets named in French within Excel's rules, the header row frozen, numbers
kept as numbers with their display format, columns as wide as what they show."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from crm.models import Network
from reports.exports import SHEET_TITLES, sheet_title
from reports.models import ReportTarget
from reports.tables import TABLE_SLUGS, display

from .test_dataset import PERIOD_2025, build_dataset

pytestmark = pytest.mark.django_db

# What Excel refuses in a sheet's name (besides more than 31 characters and
# an apostrophe at either end).
FORBIDDEN = set("[]:*?/\\")
NUMBER = (int, float)  # 1.0 comes back from the file as 1


@pytest.mark.parametrize(("text", "expected"), [
    ("Projets par état", "Projets par état"),
    ("Salons et événements : contacts suivis", "Salons et événements contacts s"),
    ("Entrées/sorties [2025]", "Entrées sorties 2025"),
    ("Taux * ou ? \\ ici", "Taux ou ici"),
    ("'Cité'", "Cité"),
    ("Un titre bien plus long que les trente et un caractères", "Un titre bien plus long que les"),
    (":/?", "Feuille"),
], ids=["kept", "colon-and-cut", "slash-brackets", "star-question-backslash", "apostrophes", "long", "nothing-left"])
def test_a_sheet_title_follows_excels_rules(text, expected):
    assert sheet_title(text) == expected


def test_every_table_has_its_own_french_sheet_title_within_excels_rules():
    assert set(SHEET_TITLES) == set(TABLE_SLUGS)
    titles = [str(SHEET_TITLES[slug]) for slug in TABLE_SLUGS]
    assert len({title.casefold() for title in [*titles, "paramètres"]}) == len(titles) + 1
    for title in titles:
        assert len(title) <= 31, title
        assert not FORBIDDEN & set(title), title
        assert not title.startswith("'") and not title.endswith("'"), title
        assert sheet_title(title) == title
        assert "-" not in title, title  # a word, not a slug


@pytest.fixture
def book(client, alice, bob, charlie, territory):
    ReportTarget.objects.create(network=Network.objects.get(), year=2025, installations=12)
    build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)
    client.force_login(alice)
    response = client.get(reverse("report_workbook"), PERIOD_2025)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_the_workbook_sheets_are_named_in_french(book):
    assert book.sheetnames == [
        "Paramètres", "Projets par état", "Étapes atteintes (période)", "Conversion d'étape en étape",
        "Temps par étape (jours)", "Nouveaux projets par mois", "Salons et événements", "Installations par mois",
        "Objectifs annuels", "Par segment", "Par besoin", "Par intercommunalité", "Référents et premiers contacts",
        "Motifs d'abandon",
    ]


def test_every_table_sheet_keeps_its_header_row_and_labels_in_view(book):
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "B2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title


@pytest.mark.parametrize(("sheet", "column", "number_format", "kind"), [
    ("Projets par état", "B", "#,##0", int),
    ("Étapes atteintes (période)", "C", "0.0%", NUMBER),
    ("Temps par étape (jours)", "B", "0.0", NUMBER),
    ("Nouveaux projets par mois", "A", "mmmm yyyy", datetime.datetime),
    ("Nouveaux projets par mois", "B", "#,##0", int),
    ("Salons et événements", "B", "dd/mm/yyyy", datetime.datetime),
    ("Installations par mois", "D", "0.0", NUMBER),
    ("Référents et premiers contacts", "D", "0.0%", NUMBER),
], ids=["integers", "percentages", "days", "months", "counts-by-month", "dates", "decimals", "load-share"])
def test_numbers_stay_numbers_with_their_display_format(book, sheet, column, number_format, kind):
    cells = [cell for cell in book[sheet][column][1:] if cell.value is not None and not isinstance(cell.value, str)]
    assert cells, (sheet, column)
    for cell in cells:
        assert isinstance(cell.value, kind), (cell.coordinate, cell.value)
        assert cell.number_format == number_format, cell.coordinate


def test_the_labels_and_the_total_row_are_text_without_a_number_format(book):
    sheet = book["Projets par état"]
    assert sheet["A2"].value == "Nouveau" and sheet["A2"].number_format == "General"
    total = sheet[sheet.max_row]
    assert total[0].value == "Total" and total[0].font.bold and total[1].value == 8


def test_the_parameters_sheet_dates_the_workbook_with_a_date_format(book):
    rows = {row[0].value: row[1] for row in book["Paramètres"].iter_rows() if row[0].value}
    made = rows["Édité le"]
    assert isinstance(made.value, datetime.datetime)
    assert made.number_format == "dd/mm/yyyy hh:mm"
    assert abs(made.value - datetime.datetime.now()) < datetime.timedelta(days=1)


def _shown(cell):
    """How many characters the cell shows, as the report writes it."""
    value = cell.value
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value)
    kind = {"#,##0": "int", "0.0%": "ratio", "0.0": "days", "mmmm yyyy": "month", "dd/mm/yyyy": "date"}
    if isinstance(value, datetime.datetime):
        value = value.date()
    return len(display(value, kind[cell.number_format]))


def test_every_column_is_as_wide_as_what_it_shows(book):
    for sheet in book.worksheets[1:]:
        for column in sheet.iter_cols():
            letter = column[0].column_letter
            width = sheet.column_dimensions[letter].width
            widest = max(_shown(cell) for cell in column[1:]) if len(column) > 1 else 0
            header = len(column[0].value)
            assert width >= widest, (sheet.title, letter, width, widest)
            assert width >= min(header, 24), (sheet.title, letter)  # longer headers wrap
            assert width <= max(widest, min(header, 24), 8) + 2, (sheet.title, letter, width)
            assert width <= 60


def test_the_month_column_is_wide_enough_for_the_longest_month(book):
    sheet = book["Nouveaux projets par mois"]
    assert sheet.column_dimensions["A"].width >= len("septembre 2025")
    assert sheet["A1"].alignment.wrap_text
