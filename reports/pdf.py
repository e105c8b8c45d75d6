"""The PDF "rapport pour le comité de pilotage", rendered by WeasyPrint.

The renderer fetches nothing but the report's own static files: its style
sheet is named `report-static:reports/report.css` and the fetcher below
serves that scheme from the static files (under reports/ only) and refuses
everything else, http(s) and file: included. The charts are inline SVG
whose <title> becomes the figure's alternative text in the tagged PDF
(crm.pdf.pdf_write).
"""

from django.template.loader import render_to_string
from django.utils import timezone

from .charts import report_charts
from .headline import report_headline, scope_label

SCHEME = "report-static"
PREFIX = "reports/"
STYLESHEET = f"{SCHEME}:{PREFIX}report.css"
CONTENT_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}
MAX_BYTES = 1024 * 1024
TEMPLATE = "reports/report_pdf.html"


def report_fetcher():
    """The report's fetcher: `report-static:reports/...` and nothing else (crm.pdf has the rules)."""
    # Imported here: WeasyPrint is slow to import, and web pages that never
    # print a PDF should not pay for it.
    from crm.pdf import StaticOnlyFetcher

    class ReportFetcher(StaticOnlyFetcher):
        scheme = SCHEME
        prefix = PREFIX
        content_types = CONTENT_TYPES
        max_bytes = MAX_BYTES
        label = "Report renderer"

    return ReportFetcher()


def __getattr__(name):
    # FetchRefused without importing WeasyPrint with this module.
    if name == "FetchRefused":
        from crm.pdf import FetchRefused

        return FetchRefused
    raise AttributeError(name)


def report_pdf_context(user, report, tables):
    """What the PDF's template reads: the report's figures as `user` may see
    them (`tables`: reports.tables.report_tables of `report`)."""
    return {
        "filters": report["filters"],
        "filter_rows": report["filters"].describe(),
        # Hyphens are not allowed in template look-ups: tables.nouveaux_par_mois.
        "tables": {slug.replace("-", "_"): table for slug, table in tables.items()},
        "charts": report_charts(tables, prefix="pdf"),
        "headline": report_headline(report, tables),
        "scope_label": scope_label(user),
    }


def report_html(context):
    return render_to_string(TEMPLATE, {**context, "stylesheet": STYLESHEET, "printed_at": timezone.localtime()})


def report_pdf(context, *, fetcher=None):
    """The PDF bytes of the report whose page context is `context`."""
    from crm.pdf import pdf_write

    return pdf_write(report_html(context), fetcher=fetcher or report_fetcher())
