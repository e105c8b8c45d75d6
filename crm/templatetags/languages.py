"""Languages in templates: a language's name, and database text in the
reader's language (crm.languages)."""

from django import template

from crm.languages import language_name as _language_name
from crm.languages import translated_field

register = template.Library()


@register.filter
def language_name(code):
    """{{ contact.language|language_name }}: « anglais » on a French page."""
    return _language_name(code)


@register.filter
def translated(obj, field):
    """{{ need|translated:"name" }}: the field in the active language, the French text when none is written."""
    return translated_field(obj, field)
