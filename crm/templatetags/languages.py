"""Languages in templates: a language's name, and database text in the
reader's language (crm.languages)."""

from django import template
from django.conf import settings
from django.utils.html import format_html

from crm.languages import active_language, translated_field, translation_of
from crm.languages import language_name as _language_name

register = template.Library()


@register.filter
def language_name(code):
    """{{ contact.language|language_name }}: « anglais » on a French page."""
    return _language_name(code)


@register.filter
def translated(obj, field):
    """{{ need|translated:"name" }}: the field in the active language, the French text when none is written."""
    return translated_field(obj, field)


@register.simple_tag
def localized(obj, field):
    """{% localized need "name" %}: the field in the active language; the
    French text, marked lang="fr" for screen readers, when no translation is
    written (RGAA 8.7: a passage in another language says so)."""
    text = translation_of(obj, field)
    if text:
        return text
    french = getattr(obj, field, "") or ""
    if not french or active_language() == settings.LANGUAGE_CODE:
        return french
    return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, french)


@register.filter
def french_only(obj, field):
    """True when the page is not in French and the field has no translation:
    its French text is shown, and its element says lang="fr"."""
    return active_language() != settings.LANGUAGE_CODE and not translation_of(obj, field)
