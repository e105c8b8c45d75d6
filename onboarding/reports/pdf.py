"""The PDF "rapport pour le comité de pilotage", rendered by WeasyPrint.

The renderer fetches nothing but the report's own static files: its style
sheet is named `report-static:reports/report.css` and the fetcher below
serves that scheme from the static files (under reports/ only) and refuses
everything else, http(s) and file: included. The charts are inline SVG.
"""

import logging
import posixpath
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)

SCHEME = "report-static"
PREFIX = "reports/"
STYLESHEET = f"{SCHEME}:{PREFIX}report.css"
CONTENT_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}
MAX_BYTES = 1024 * 1024
TEMPLATE = "pdf/report.html"


class FetchRefused(ValueError):
    """The renderer asked for something that is not one of the report's static files."""


def _static_file(url):
    if not url.startswith(f"{SCHEME}:"):
        raise FetchRefused("only the report's static files are served to the renderer")
    raw = unquote(url[len(SCHEME) + 1:]).split("?", 1)[0].split("#", 1)[0]
    path = posixpath.normpath(raw.lstrip("/"))
    extension = posixpath.splitext(path)[1].lower()
    if "\x00" in raw or "\\" in raw or not path.startswith(PREFIX) or extension not in CONTENT_TYPES:
        raise FetchRefused("path outside the report's static files")
    found = finders.find(path)
    if not found:
        raise FetchRefused("no such static file")
    with open(found, "rb") as handle:
        body = handle.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise FetchRefused("static file too large")
    return body, CONTENT_TYPES[extension]


def report_fetcher():
    # Imported here: WeasyPrint is slow to import, and web pages that never
    # print a PDF should not pay for it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportFetcher(URLFetcher):
        def __init__(self):
            super().__init__(timeout=1, allowed_protocols=(SCHEME,), allow_redirects=False)
            self.refused = []

        def fetch(self, url, headers=None):
            try:
                body, content_type = _static_file(url)
            except FetchRefused as exc:
                self.refused.append(url)
                logger.warning("Report renderer refused a resource: %s", exc)
                raise
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

        def open(self, url, data=None, timeout=None):
            return self.fetch(getattr(url, "full_url", url))

    return ReportFetcher()


def report_html(context):
    return render_to_string(TEMPLATE, {**context, "stylesheet": STYLESHEET, "printed_at": timezone.localtime()})


def report_pdf(context, *, fetcher=None):
    """The PDF bytes of the report whose page context is `context`."""
    from weasyprint import HTML

    fetcher = fetcher or report_fetcher()
    return HTML(string=report_html(context), base_url=None, url_fetcher=fetcher).write_pdf()
