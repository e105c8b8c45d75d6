"""Validators of what people type about themselves and places: phone
numbers, communes, children's ages. The public form, the job-fair capture,
the tracking page and the API all use these (through crm, the bottom layer).
Each raises django.core.exceptions.ValidationError with a French message.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.models import Commune
from crm.models.people import phone_parse
from crm.selectors import communes_named

INSEE = re.compile(r"^\d[\dAB]\d{3}$")


def phone_normalize(value):
    """A French or international number, written the French way.

    "06.12.34.56.78", "+33 6 12 34 56 78" and "0033612345678" all become
    "06 12 34 56 78"; a foreign number keeps its international form
    ("+32 470 12 34 56"). Raises ValidationError on anything else.
    """
    if not (value or "").strip():
        return ""
    number = phone_parse(value)
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Ce numéro de téléphone n'est pas valide. Exemples : 06 12 34 56 78 ou +32 470 12 34 56."),
            code="invalid_phone",
        )
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


COMMUNE_WITH_DEPARTEMENT = re.compile(r"^(?P<name>.*?)\s*\((?P<code>\d{2,3})\)\s*$")


def commune_label(commune):
    """How a commune is written in suggestions: "Figeac (46)", which resolves back to it."""
    return f"{commune.name} ({commune.departement.code})"


def commune_resolve(text):
    """The Commune a typed name means, accents, case and dashes ignored.

    "saint cere", "Saint-Céré" and "Saint-Céré (46)" all find Saint-Céré. A
    name two communes share (Cambes, Lavergne) needs its département in
    brackets, as the suggestions write it. Raises ValidationError.
    """
    text = (text or "").strip()
    if not text:
        return None
    match = COMMUNE_WITH_DEPARTEMENT.match(text)
    name, code = (match["name"], match["code"]) if match else (text, None)
    communes = communes_named(name).select_related("departement", "epci")
    if code:
        communes = communes.filter(departement__code=code)
    found = list(communes[:3])
    if not found:
        raise ValidationError(
            _("Nous ne trouvons pas « %(name)s » parmi les communes du Lot et de Lot-et-Garonne. Vérifiez "
              "l'orthographe, ou choisissez une intercommunalité ou « Je ne sais pas encore »."),
            code="unknown_commune", params={"name": text},
        )
    if len(found) > 1:
        raise ValidationError(
            _("Plusieurs communes s'appellent ainsi : précisez le département, par exemple « %(example)s »."),
            code="ambiguous_commune", params={"example": commune_label(found[0])},
        )
    return found[0]


MAX_CHILDREN = 12
MAX_CHILD_AGE = 25


def children_ages_parse(text):
    """"4, 9 et 12 ans" -> [4, 9, 12]; raises ValidationError on anything else."""
    text = (text or "").strip()
    if not text:
        return []
    parts = [part for part in re.split(r"[,;/\s]+|\bet\b|\bans?\b", text.lower()) if part]
    try:
        ages = [int(part) for part in parts]
    except ValueError:
        raise ValidationError(
            _("Indiquez seulement des âges en années, séparés par des virgules, par exemple : 4, 9."),
            code="invalid_ages",
        ) from None
    if len(ages) > MAX_CHILDREN or any(age < 0 or age > MAX_CHILD_AGE for age in ages):
        raise ValidationError(
            _("Indiquez l'âge de chaque enfant, entre 0 et %(max)s ans."), code="invalid_ages",
            params={"max": MAX_CHILD_AGE},
        )
    return sorted(ages)


def commune_from_code_or_name(text):
    """A commune given by a program: its INSEE code ("46102"), or its name as a
    person would type it ("Figeac", "Cambes (47)"). Raises ValidationError,
    also for a text no commune can have (a NUL character, which PostgreSQL
    refuses in any query: checked here, before the lookup)."""
    text = (text or "").strip()
    if "\x00" in text:
        raise ValidationError(_("Ce texte contient un caractère invalide."), code="null_characters_not_allowed")
    if INSEE.match(text):
        commune = Commune.objects.select_related("departement", "epci").filter(insee=text).first()
        if commune is None:
            raise ValidationError(
                _("Aucune commune du Lot ou de Lot-et-Garonne n'a le code INSEE « %(code)s »."),
                code="unknown_commune", params={"code": text},
            )
        return commune
    return commune_resolve(text)
