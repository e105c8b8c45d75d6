"""Service points from a CSV file (the format is in the README, « Lieux de service : import CSV »).

Every row is checked first; the valid ones are then written in one
transaction (a point is known by its name and commune: importing the file
again updates it), and the rejected ones come back with their line number
and the reasons, in French, for the coordinator to fix and import again.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from crm.models import Commune
from crm.validators import phone_normalize
from welcome_kits.models import ServicePoint
from welcome_kits.selectors import haversine_km

COLUMNS = ("nom", "categorie", "adresse", "code_insee", "latitude", "longitude", "telephone", "horaires", "site_web")
REQUIRED = ("nom", "categorie", "code_insee", "latitude", "longitude")
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
# Farther than this from its commune's centre, a point's coordinates are
# surely wrong (latitude and longitude swapped, another commune's).
MAX_KM_FROM_COMMUNE = 30


@dataclass
class Rejected:
    line: int
    name: str
    reasons: list


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: list = field(default_factory=list)
    error: str = ""
    ids: list = field(default_factory=list)  # the points written, for the kits that show them


def _categories():
    known = {}
    for value, label in ServicePoint.Category.choices:
        known[value] = value
        known[str(label).lower()] = value
    return known


def _number(text, low, high, what):
    try:
        value = float(text.replace(",", ".").strip())
    except ValueError:
        raise ValidationError(_("%(what)s « %(text)s » n'est pas un nombre (par exemple 44.6086).")
                              % {"what": what, "text": text}) from None
    if not low <= value <= high:
        raise ValidationError(_("%(what)s %(value)s est hors des limites (%(low)s à %(high)s).")
                              % {"what": what, "value": text, "low": low, "high": high})
    return value


def _read(data):
    if len(data) > MAX_BYTES:
        raise ValidationError(_("Le fichier dépasse 2 Mo : découpez-le."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 ».")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ValidationError(_("Colonnes manquantes : %(columns)s. La première ligne doit nommer les colonnes : "
                                "%(all)s.") % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)})
    reader.fieldnames = header
    return reader


def _check(row, categories, communes):
    """The point's fields from one row, or the list of what is wrong with it."""
    reasons, fields = [], {}
    value = {name: (row.get(name) or "").strip() for name in COLUMNS}
    for name in REQUIRED:
        if not value[name]:
            reasons.append(_("la colonne « %(column)s » est vide") % {"column": name})
    if value["nom"] and len(value["nom"]) > 200:
        reasons.append(_("le nom dépasse 200 caractères"))
    if value["categorie"]:
        category = categories.get(value["categorie"].lower())
        if category is None:
            reasons.append(_("catégorie « %(value)s » inconnue (valeurs possibles : %(known)s)")
                           % {"value": value["categorie"], "known": ", ".join(ServicePoint.Category.values)})
        fields["category"] = category
    commune = communes.get(value["code_insee"]) if value["code_insee"] else None
    if value["code_insee"] and commune is None:
        reasons.append(_("aucune commune du territoire n'a le code INSEE « %(code)s »") % {"code": value["code_insee"]})
    for name, low, high, what in (("latitude", -90, 90, _("la latitude")), ("longitude", -180, 180, _("la longitude"))):
        if value[name]:
            try:
                fields[name] = _number(value[name], low, high, what)
            except ValidationError as error:
                reasons.append(error.messages[0])
    if (commune is not None and commune.latitude is not None and "latitude" in fields and "longitude" in fields
            and haversine_km(float(commune.latitude), float(commune.longitude), fields["latitude"],
                             fields["longitude"]) > MAX_KM_FROM_COMMUNE):
        reasons.append(_("le point est à plus de %(km)s km de %(commune)s : latitude et longitude inversées ?")
                       % {"km": MAX_KM_FROM_COMMUNE, "commune": commune.name})
    phone = value["telephone"]
    if phone and not (phone.isdigit() and len(phone) == 4):  # a 4-digit service number (3635) stays as it is
        try:
            phone = phone_normalize(phone)
        except ValidationError:
            reasons.append(_("le téléphone « %(phone)s » n'est pas un numéro valide") % {"phone": phone})
    if value["site_web"]:
        try:
            URLValidator(schemes=["http", "https"])(value["site_web"])
        except ValidationError:
            reasons.append(_("le site web « %(url)s » n'est pas une adresse http(s) valide") % {"url": value["site_web"]})
    for name, limit, label in (("adresse", 300, _("l'adresse")), ("horaires", 300, _("les horaires"))):
        if len(value[name]) > limit:
            reasons.append(_("%(what)s dépasse %(limit)s caractères") % {"what": label, "limit": limit})
    fields.update(name=value["nom"], commune=commune, address=value["adresse"], phone=phone, hours=value["horaires"],
                  website=value["site_web"])
    return fields, reasons


def service_points_import(*, data):
    """Import the CSV `data` (bytes); returns an ImportReport."""
    report = ImportReport()
    try:
        reader = _read(data)
        rows = list(reader)
    except (ValidationError, csv.Error) as error:
        report.error = error.messages[0] if isinstance(error, ValidationError) else _(
            "Le fichier n'est pas un CSV lisible : %(error)s") % {"error": error}
        return report
    if len(rows) > MAX_ROWS:
        report.error = _("Le fichier a plus de %(max)s lignes : découpez-le.") % {"max": MAX_ROWS}
        return report
    codes = {(row.get("code_insee") or "").strip() for row in rows}
    communes = {c.insee: c for c in Commune.objects.filter(insee__in=codes)}
    categories = _categories()
    valid, seen = [], {}
    for number, row in enumerate(rows, start=2):  # line 1 names the columns
        fields, reasons = _check(row, categories, communes)
        key = (fields["name"].lower(), fields["commune"].pk if fields["commune"] else None)
        if not reasons and key in seen:
            reasons.append(_("le même lieu est déjà à la ligne %(line)s") % {"line": seen[key]})
        if reasons:
            report.rejected.append(Rejected(line=number, name=fields["name"], reasons=reasons))
            continue
        seen[key] = number
        valid.append(fields)
    with transaction.atomic():
        for fields in valid:
            point, created = ServicePoint.objects.update_or_create(
                name=fields.pop("name"), commune=fields.pop("commune"), defaults={**fields, "is_active": True})
            report.ids.append(point.pk)
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report
