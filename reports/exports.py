"""The report's tables as CSV and XLSX files (the PDF is in pdf.py).

CSV is written for French spreadsheets: semicolons, UTF-8 with a byte-order
mark, decimal commas, percentages as numbers in a column marked "(%)",
dates as ISO 8601. XLSX keeps the raw numbers with a display format, so the
spreadsheet computes with the exact figures; its sheets are named in French
(SHEET_TITLES, within Excel's rules), their header row stays in view and
their columns are as wide as what they show.
"""

import csv
import datetime
import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .tables import display, rounded

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


# A cell whose text starts with one of these is read as a formula by
# spreadsheets (CSV opened in a spreadsheet, or openpyxl itself for "="):
# a name typed as =HYPERLINK(...) must stay text in a coordinator's file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """`value` if it is not text; text that cannot run as a formula otherwise."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _header(column):
    return f"{column.label} (%)" if column.kind == "ratio" else column.label


def csv_value(value, kind):
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_text(value)
    if kind == "ratio":
        return str(rounded(value * 100)).replace(".", ",")
    if kind in ("days", "decimal"):
        return str(rounded(value)).replace(".", ",")
    if kind == "month":
        return value.strftime("%Y-%m")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def table_csv(table):
    """The bytes of one table as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_header(c) for c in table.columns])
    for row in table.export_rows():
        writer.writerow([csv_value(value, c.kind) for value, c in zip(row, table.columns, strict=True)])
    return out.getvalue().encode("utf-8-sig")


# Excel's display formats for the raw values (a French Excel shows
# "1 234", "41,7 %", "janvier 2025", "06/01/2025").
NUMBER_FORMATS = {
    "int": "#,##0", "ratio": "0.0%", "days": "0.0", "decimal": "0.0", "month": "mmmm yyyy", "date": "dd/mm/yyyy",
}
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

# The sheets' names: Excel allows 31 characters and none of []:*?/\ (the
# tables' titles are longer, and some hold a colon).
SHEET_TITLES = {
    "etats": gettext_lazy("Projets par état"),
    "entonnoir": gettext_lazy("Étapes atteintes (période)"),
    "conversion": gettext_lazy("Conversion d'étape en étape"),
    "durees": gettext_lazy("Temps par étape (jours)"),
    "nouveaux-par-mois": gettext_lazy("Nouveaux projets par mois"),
    "evenements": gettext_lazy("Salons et événements"),
    "installations": gettext_lazy("Installations par mois"),
    "objectifs": gettext_lazy("Objectifs annuels"),
    "segments": gettext_lazy("Par segment"),
    "besoins": gettext_lazy("Par besoin"),
    "epci": gettext_lazy("Par intercommunalité"),
    "referents": gettext_lazy("Référents et premiers contacts"),
    "abandons": gettext_lazy("Motifs d'abandon"),
}
SHEET_TITLE_MAX = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PARAMETERS = gettext_lazy("Paramètres")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF3F8")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
# Column widths in characters: a long header wraps over a few lines rather
# than widening its column past this.
HEADER_WIDTH_MAX = 24
WIDTH_MIN, WIDTH_MAX = 8, 60


def sheet_title(text):
    """`text` as a valid sheet name: no forbidden character, 31 characters at most."""
    title = " ".join(SHEET_TITLE_FORBIDDEN.sub(" ", str(text)).split()).strip("'")
    return title[:SHEET_TITLE_MAX].rstrip() or "Feuille"


def _table_sheet_title(table):
    return sheet_title(SHEET_TITLES.get(table.slug, table.title))


def _cell_width(value, kind):
    """How many characters a cell takes on screen, as the report writes it."""
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value)
    return len(display(value, kind))


def _write_sheet(sheet, table):
    sheet.append([_header(c) for c in table.columns])
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    rows = table.export_rows()
    for row in rows:
        sheet.append([spreadsheet_text(value) for value in row])
    for index, column in enumerate(table.columns, start=1):
        number_format = NUMBER_FORMATS.get(column.kind)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if not isinstance(cell.value, str):
                    cell.number_format = number_format
        content = max([_cell_width(row[index - 1], column.kind) for row in rows], default=0)
        header = min(len(_header(column)), HEADER_WIDTH_MAX)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(WIDTH_MIN, content, header) + 2, WIDTH_MAX)
    if table.total is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    # The header row stays in view, and so do the row labels of a wide table.
    sheet.freeze_panes = "B2"


def _write_parameters(sheet, filters, title, headline=()):
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    for label, value in filters.describe():
        sheet.append([label, spreadsheet_text(value)])
    sheet.append([_("Édité le"), timezone.localtime().replace(tzinfo=None, microsecond=0)])
    sheet.cell(row=sheet.max_row, column=2).number_format = DATETIME_FORMAT
    sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(horizontal="left")
    if headline:
        sheet.append([])
        sheet.append([_("Chiffres clés")])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for figure in headline:
            number = figure.value is not None
            sheet.append([figure.label, figure.value if number else figure.figure, figure.detail or None])
            cell = sheet.cell(row=sheet.max_row, column=2)
            cell.alignment = Alignment(horizontal="left")
            if number:
                cell.number_format = NUMBER_FORMATS[figure.kind]
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 24


def workbook_xlsx(tables, filters, *, headline=()):
    """The bytes of an XLSX file: a sheet for the filters (and the key
    figures, reports.headline), then one per table."""
    book = Workbook()
    book.properties.title = _("Rapport pour le comité de pilotage")
    book.properties.language = "fr-FR"
    parameters = book.active
    parameters.title = sheet_title(PARAMETERS)
    _write_parameters(parameters, filters, _("Rapport pour le comité de pilotage"), headline)
    for table in tables:
        _write_sheet(book.create_sheet(_table_sheet_title(table)), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_xlsx(table, filters):
    """The bytes of an XLSX file holding one table (and the filters on a second sheet)."""
    book = Workbook()
    book.properties.title = table.title
    book.properties.language = "fr-FR"
    sheet = book.active
    sheet.title = _table_sheet_title(table)
    _write_sheet(sheet, table)
    _write_parameters(book.create_sheet(sheet_title(PARAMETERS)), filters, table.title)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
