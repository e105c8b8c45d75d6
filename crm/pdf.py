"""The one way to write a PDF (`pdf_write`) and the one URL fetcher
WeasyPrint may use, shared by welcome kits, reports and any PDF to come.

It lives in crm because crm is the bottom layer: both onboarding (reports)
and welcome_kits (kits) may import it. A renderer's templates name their
assets `<scheme>:<prefix>...`; a subclass of StaticOnlyFetcher fixes that
scheme and prefix, and the fetcher serves those files from the project's own
static files (found through the staticfiles finders) and refuses everything
else: http(s) (no request ever leaves the machine), file: (no path outside
the static files), data: URLs unless allowed and small, any other scheme,
any file over the size limit. Refusing raises; WeasyPrint then leaves the
resource out and goes on, so hostile content cannot stop a document.

Every PDF is tagged (PDF/UA-1, RGAA criterion 13.3: a downloadable
document must be accessible): `pdf_write` asks WeasyPrint for the PDF/UA-1
variant, which writes the structure tree (headings, lists, tables with their
header cells, figures), /MarkInfo /Marked true, the document's language from
`<html lang>` and its /Title from `<title>`, shown by readers instead of the
file name (/DisplayDocTitle). What WeasyPrint cannot guess, the template
must give (tests/crm/test_pdf_tagged.py reads the result back):

- `<html lang="fr">` and a `<title>` that names this document;
- headings h1, h2, h3… in order, no level skipped;
- data tables with `<th scope="col">` / `<th scope="row">`;
- every image an alternative text: `alt` on `<img>`, a `<title>` as the
  first child of an inline `<svg>` (WeasyPrint reads neither aria-label nor
  aria-labelledby). A purely decorative picture goes in a CSS background,
  which is not tagged, rather than in an `<svg>` or `<img>`.

Import it only where a PDF is rendered: WeasyPrint is slow to import.
"""

import base64
import binascii
import logging
import posixpath
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


# PDF/UA-1 implies pdf_tags=True and PDF 1.7, and adds the PDF/UA
# identification to the XMP metadata.
PDF_VARIANT = "pdf/ua-1"


def pdf_write(html, *, fetcher, base_url=None):
    """The bytes of a tagged PDF (PDF/UA-1) of the HTML document `html`.

    `fetcher` is a StaticOnlyFetcher subclass's instance: it is the only way
    the renderer reads anything (`StaticOnlyFetcher()` itself, with no
    scheme, serves nothing: for a document that needs no file). `base_url` stays None unless the document's
    relative URLs must resolve (then to the fetcher's scheme, never to a path
    or a host): with None, a relative URL in user text resolves to nothing.
    Pure: no storage, no database.
    """
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)


class FetchRefused(ValueError):
    """The renderer asked for something outside the project's static files."""


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint fetcher that never opens a socket or a path of its choosing."""

    scheme = None  # e.g. "kit-static"
    prefix = None  # the static sub-folder served, e.g. "pdf/"
    content_types = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}
    max_bytes = 2 * 1024 * 1024
    max_data_url_bytes = 0  # 0: data: URLs are refused
    label = "PDF renderer"

    def __init__(self):
        protocols = (self.scheme, "data") if self.max_data_url_bytes else (self.scheme,)
        super().__init__(timeout=1, allowed_protocols=protocols, allow_redirects=False)
        self.refused = []  # the URLs asked for and refused, for tests and logs

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        try:
            if scheme == self.scheme:
                body, content_type = self._read_static(url)
            elif scheme == "data" and self.max_data_url_bytes:
                body, content_type = self._read_data_url(url)
            else:
                raise FetchRefused(f"scheme {scheme or '(none)'!r} is not served to the renderer")
        except FetchRefused as exc:
            self.refused.append(url)
            # The URL may come from user-written text: log its scheme, not the URL.
            logger.warning("%s refused a resource (%s): %s", self.label, scheme or "no scheme", exc)
            raise
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def open(self, url, data=None, timeout=None):
        return self.fetch(getattr(url, "full_url", url))

    def _static_path(self, url):
        raw = unquote(url[len(self.scheme) + 1:]).split("?", 1)[0].split("#", 1)[0]
        if "\\" in raw or "\x00" in raw:
            raise FetchRefused("unsafe static path")
        path = posixpath.normpath(raw.lstrip("/"))
        if path.startswith("..") or "/../" in f"/{path}/" or not path.startswith(self.prefix):
            raise FetchRefused("static path outside the renderer's assets")
        extension = posixpath.splitext(path)[1].lower()
        if extension not in self.content_types:
            raise FetchRefused("static file type not served to the renderer")
        return path, self.content_types[extension]

    def _read_static(self, url):
        path, content_type = self._static_path(url)
        try:
            found = finders.find(path)
        except Exception:  # SuspiciousFileOperation and friends: no way out of the static dirs
            raise FetchRefused("static path refused by the finders") from None
        if not found:
            raise FetchRefused("no such static file")
        with open(found, "rb") as handle:
            body = handle.read(self.max_bytes + 1)
        if len(body) > self.max_bytes:
            raise FetchRefused("static file too large")
        return body, content_type

    def _read_data_url(self, url):
        limit = self.max_data_url_bytes
        if len(url) > limit * 2:  # base64 and percent-encoding at most double it
            raise FetchRefused("data: URL too large")
        header, sep, payload = url[5:].partition(",")
        if not sep:
            raise FetchRefused("malformed data: URL")
        params = header.split(";")
        content_type = params[0] or "text/plain"
        try:
            body = base64.b64decode(payload, validate=True) if "base64" in params[1:] else unquote(payload).encode()
        except (binascii.Error, ValueError):
            raise FetchRefused("malformed data: URL") from None
        if len(body) > limit:
            raise FetchRefused("data: URL too large")
        return body, content_type
