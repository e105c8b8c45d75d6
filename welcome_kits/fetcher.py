"""The only way the PDF renderer may load anything.

Templates name their assets `kit-static:pdf/...` (the `pdf_static` tag); this
fetcher serves those from the project's own static files, found through the
staticfiles finders, and refuses everything else: http(s) (no request ever
leaves the machine), file: (no path outside the static files), data: URLs
above a small size, and any other scheme. Refusing raises; WeasyPrint then
leaves the resource out and goes on, so hostile content cannot stop a kit.
"""

import base64
import binascii
import logging
import posixpath
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

from welcome_kits.pdf_assets import SCHEME, STATIC_PREFIX

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_DATA_URL_BYTES = 32 * 1024
CONTENT_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
}


class FetchRefused(ValueError):
    """The renderer asked for something outside the project's static files."""


def _static_path(url):
    raw = unquote(url[len(SCHEME) + 1:]).split("?", 1)[0].split("#", 1)[0]
    if "\\" in raw or "\x00" in raw:
        raise FetchRefused("unsafe static path")
    path = posixpath.normpath(raw.lstrip("/"))
    if path.startswith("..") or "/../" in f"/{path}/" or not path.startswith(STATIC_PREFIX):
        raise FetchRefused("static path outside the kit's assets")
    extension = posixpath.splitext(path)[1].lower()
    if extension not in CONTENT_TYPES:
        raise FetchRefused("static file type not served to the renderer")
    return path, CONTENT_TYPES[extension]


def _read_static(url):
    path, content_type = _static_path(url)
    try:
        found = finders.find(path)
    except Exception:  # SuspiciousFileOperation and friends: no way out of the static dirs
        raise FetchRefused("static path refused by the finders") from None
    if not found:
        raise FetchRefused("no such static file")
    with open(found, "rb") as handle:
        body = handle.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise FetchRefused("static file too large")
    return body, content_type


def _read_data_url(url):
    if len(url) > MAX_DATA_URL_BYTES * 2:  # base64 and percent-encoding at most double it
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
    if len(body) > MAX_DATA_URL_BYTES:
        raise FetchRefused("data: URL too large")
    return body, content_type


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint fetcher that never opens a socket or a path of its choosing."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=(SCHEME, "data"), allow_redirects=False)
        self.refused = []  # the URLs asked for and refused, for tests and logs

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        try:
            if scheme == SCHEME:
                body, content_type = _read_static(url)
            elif scheme == "data":
                body, content_type = _read_data_url(url)
            else:
                raise FetchRefused(f"scheme {scheme or '(none)'!r} is not served to the renderer")
        except FetchRefused as exc:
            self.refused.append(url)
            # The URL may come from user-written text: log its scheme, not the URL.
            logger.warning("Kit renderer refused a resource (%s): %s", scheme or "no scheme", exc)
            raise
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def open(self, url, data=None, timeout=None):
        return self.fetch(getattr(url, "full_url", url))
