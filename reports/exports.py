"""The report's tables as CSV and XLSX files (the PDF is in pdf.py).

CSV is written for French spreadsheets: semicolons, UTF-8 with a byte-order
mark, decimal commas, percentages as numbers in a column marked "(%)",
dates as ISO 8601. XLSX keeps the raw numbers with a display format, so the
spreadsheet computes with the exact figures.
"""

import csv
import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .tables import rounded

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


NUMBER_FORMATS = {"ratio": "0.0%", "days": "0.0", "decimal": "0.0", "month": "mmmm yyyy", "date": "dd/mm/yyyy"}


def _write_sheet(sheet, table):
    sheet.append([_header(c) for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.export_rows():
        sheet.append([spreadsheet_text(value) for value in row])
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        number_format = NUMBER_FORMATS.get(column.kind)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if not isinstance(cell.value, str):
                    cell.number_format = number_format
        width = max([len(str(_header(column)))] + [len(str(r[index - 1] or "")) for r in table.export_rows()])
        sheet.column_dimensions[letter].width = min(max(10, width + 2), 60)
    if table.total is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _write_parameters(sheet, filters, title):
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    for label, value in filters.describe():
        sheet.append([label, spreadsheet_text(value)])
    sheet.append([_("Édité le"), timezone.localtime().strftime("%d/%m/%Y %H:%M")])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 50


def _sheet_title(table):
    return table.slug[:31]


def workbook_xlsx(tables, filters):
    """The bytes of an XLSX file: a sheet for the filters, then one per table."""
    book = Workbook()
    parameters = book.active
    parameters.title = _("Paramètres")[:31]
    _write_parameters(parameters, filters, _("Rapport pour le comité de pilotage"))
    for table in tables:
        _write_sheet(book.create_sheet(_sheet_title(table)), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_xlsx(table, filters):
    """The bytes of an XLSX file holding one table (and the filters on a second sheet)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(table)
    _write_sheet(sheet, table)
    _write_parameters(book.create_sheet(_("Paramètres")[:31]), filters, table.title)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
