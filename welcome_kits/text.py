"""Coordinators' Markdown to HTML that is safe to put in a kit.

Markdown lets raw HTML through, so its output is never trusted: nh3 keeps
the few tags a kit needs, drops every attribute that could load something
(src, style) and keeps links only to web pages, mail and phone numbers. A
link in a PDF is not fetched by the renderer; an image would be, so there are
none.
"""

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "code",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan"}, "td": {"colspan"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}


def markdown_to_safe_html(text):
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised just above
