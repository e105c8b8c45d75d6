"""The languages the public side speaks (settings.LANGUAGES) and the one a
person reads: one rule for the intake, the tracking page, the e-mails
(crm.outbox rows store it) and the welcome kit."""

from django.conf import settings
from django.utils import translation


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def language_or_default(code):
    """`code` if the site speaks it ("en-gb" counts as "en"), else the site's language."""
    code = (code or "").lower()
    if code in language_codes():
        return code
    base = code.split("-")[0]
    return base if base in language_codes() else settings.LANGUAGE_CODE


def active_language():
    """The language of the page being answered, one the site speaks."""
    return language_or_default(translation.get_language())


def contact_language(contact):
    """The language to write to this person in (their e-mails, their kit)."""
    return language_or_default(getattr(contact, "language", ""))


def language_name(code):
    """The language's name in the active language ("anglais" on a French page)."""
    return translation.gettext(dict(settings.LANGUAGES).get(language_or_default(code), code))


# --- text held in the database -------------------------------------------------------
# A text prospects read (a need's name, a kit block…) is written in French in
# its field and, for each other language, in `<field>_<code>` beside it
# (`name_en`), entered by coordinators in the admin. A blank translation
# falls back to the French text.


def translation_of(obj, field, language=None):
    """The field's text written for `language` (default: the active one), or "" when there is none."""
    language = language_or_default(language or translation.get_language())
    if language == settings.LANGUAGE_CODE:
        return getattr(obj, field, "") or ""
    return getattr(obj, f"{field}_{language}", "") or ""


def translated_field(obj, field, language=None):
    """The field in `language` (default: the active one), the French text when none is written."""
    return translation_of(obj, field, language) or getattr(obj, field, "") or ""


def localize(obj, fields):
    """Show `obj`'s `fields` in the active language, in place, for the page
    being answered (a network's wording on its public pages): each field takes
    its translation, or its French text. Called again after the language
    changes, it starts from the French text it kept. Never saved: only for
    objects a public page reads."""
    originals = obj.__dict__.setdefault("_french_text", {})
    for field in fields:
        originals.setdefault(field, getattr(obj, field))
        french = originals[field]
        foreign = active_language() != settings.LANGUAGE_CODE
        setattr(obj, field, (translation_of(obj, field) or french) if foreign else french)
    return obj


NETWORK_PUBLIC_TEXT = ("welcome_to", "tagline", "public_intro")
