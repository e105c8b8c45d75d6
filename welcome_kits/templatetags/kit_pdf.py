from django import template
from django.utils import translation
from django.utils.formats import date_format

from welcome_kits.pdf_assets import static_url

register = template.Library()


@register.simple_tag
def pdf_static(path):
    """An asset of the kit, as the kit's URL fetcher serves it (never over HTTP)."""
    return static_url(path)


@register.filter
def long_date(value):
    """« 1er septembre 2026 », « 12 mars 2026 »: the French way of writing a
    date; in another language, the day, the month in that language and the
    year (« 1 September 2026 »)."""
    if not value:
        return ""
    if translation.get_language() and not translation.get_language().startswith("fr"):
        return date_format(value, "j F Y")
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {date_format(value, 'F Y')}"
