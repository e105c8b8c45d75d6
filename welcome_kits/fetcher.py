"""The kit renderer's fetcher: `kit-static:pdf/...` from the project's own
static files, small data: URLs, and nothing else (crm.pdf has the rules)."""

from crm.pdf import FetchRefused
from crm.pdf import StaticOnlyFetcher as _StaticOnlyFetcher
from welcome_kits.pdf_assets import SCHEME, STATIC_PREFIX

__all__ = ["MAX_BYTES", "MAX_DATA_URL_BYTES", "FetchRefused", "StaticOnlyFetcher"]

MAX_BYTES = 2 * 1024 * 1024
MAX_DATA_URL_BYTES = 32 * 1024


class StaticOnlyFetcher(_StaticOnlyFetcher):
    scheme = SCHEME
    prefix = STATIC_PREFIX
    content_types = {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".woff2": "font/woff2",
        ".ttf": "font/ttf",
    }
    max_bytes = MAX_BYTES
    max_data_url_bytes = MAX_DATA_URL_BYTES
    label = "Kit renderer"
