"""Where someone lived before: a region of France, overseas or abroad.

A testimonial says it as a choice; a project only holds what the person
typed in « Où habitez-vous aujourd'hui ? » (crm.Contact.current_city), read
here: a postcode (« 75011 Paris »), a département number in brackets
(« Brive (19) »), the name of a large town, a département's chief town, a
region or a country; else one of the communes the site knows (Lot,
Lot-et-Garonne, Aveyron). What cannot be read is unknown and never matches.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.models import Commune
from crm.models.territories import normalize_name


class Region(models.TextChoices):
    ILE_DE_FRANCE = "11", _("Île-de-France")
    CENTRE = "24", _("Centre-Val de Loire")
    BOURGOGNE = "27", _("Bourgogne-Franche-Comté")
    NORMANDIE = "28", _("Normandie")
    HAUTS_DE_FRANCE = "32", _("Hauts-de-France")
    GRAND_EST = "44", _("Grand Est")
    PAYS_DE_LA_LOIRE = "52", _("Pays de la Loire")
    BRETAGNE = "53", _("Bretagne")
    NOUVELLE_AQUITAINE = "75", _("Nouvelle-Aquitaine")
    OCCITANIE = "76", _("Occitanie")
    AUVERGNE_RHONE_ALPES = "84", _("Auvergne-Rhône-Alpes")
    PACA = "93", _("Provence-Alpes-Côte d'Azur")
    CORSE = "94", _("Corse")
    OUTRE_MER = "om", _("Outre-mer")
    ABROAD = "etranger", _("Étranger")


# INSEE: the départements of each region (2016 regions).
_DEPARTEMENTS = {
    "11": "75 77 78 91 92 93 94 95",
    "24": "18 28 36 37 41 45",
    "27": "21 25 39 58 70 71 89 90",
    "28": "14 27 50 61 76",
    "32": "02 59 60 62 80",
    "44": "08 10 51 52 54 55 57 67 68 88",
    "52": "44 49 53 72 85",
    "53": "22 29 35 56",
    "75": "16 17 19 23 24 33 40 47 64 79 86 87",
    "76": "09 11 12 30 31 32 34 46 48 65 66 81 82",
    "84": "01 03 07 15 26 38 42 43 63 69 73 74",
    "93": "04 05 06 13 83 84",
    "94": "2A 2B 20",
}
REGION_OF_DEPARTEMENT = {code: region for region, codes in _DEPARTEMENTS.items() for code in codes.split()}

# Large towns and chief towns, by département; regions' and countries' names.
_TOWNS = {
    "75": "paris", "13": "marseille|aix en provence", "69": "lyon|villeurbanne", "31": "toulouse", "06": "nice|cannes|antibes",
    "44": "nantes|saint nazaire", "34": "montpellier|beziers", "67": "strasbourg", "33": "bordeaux|merignac|arcachon",
    "59": "lille|roubaix|tourcoing|dunkerque", "35": "rennes|saint malo", "51": "reims", "83": "toulon", "42": "saint etienne",
    "76": "le havre|rouen", "38": "grenoble", "21": "dijon", "49": "angers", "30": "nimes", "63": "clermont ferrand",
    "72": "le mans", "29": "brest|quimper", "37": "tours", "80": "amiens", "87": "limoges", "74": "annecy",
    "66": "perpignan", "92": "boulogne billancourt|nanterre", "57": "metz", "25": "besancon", "45": "orleans",
    "68": "mulhouse|colmar", "14": "caen", "54": "nancy", "93": "montreuil|saint denis", "86": "poitiers",
    "64": "pau|bayonne|biarritz", "17": "la rochelle", "84": "avignon", "78": "versailles", "94": "creteil",
    "19": "brive la gaillarde|brive|tulle", "24": "perigueux|bergerac|sarlat", "82": "montauban", "81": "albi",
    "12": "rodez", "15": "aurillac", "40": "mont de marsan", "16": "angouleme", "79": "niort", "56": "lorient|vannes",
    "73": "chambery", "26": "valence", "10": "troyes", "62": "calais", "2A": "ajaccio", "2B": "bastia",
    "11": "carcassonne|narbonne", "65": "tarbes", "32": "auch", "09": "foix", "47": "agen", "46": "cahors|figeac",
}
_NAMES = {
    "11": "ile de france|region parisienne", "53": "bretagne", "28": "normandie", "76": "occitanie",
    "75": "nouvelle aquitaine|aquitaine", "44": "grand est|alsace|lorraine", "93": "provence|cote d azur|paca",
    "84": "auvergne|rhone alpes", "52": "pays de la loire", "32": "hauts de france", "27": "bourgogne|franche comte",
    "24": "centre val de loire", "94": "corse",
    "om": "guadeloupe|martinique|guyane|la reunion|reunion|mayotte|outre mer",
    "etranger": "belgique|bruxelles|suisse|geneve|lausanne|luxembourg|allemagne|royaume uni|angleterre|londres|"
                "ecosse|irlande|pays bas|espagne|barcelone|madrid|portugal|lisbonne|italie|canada|quebec|montreal|"
                "etats unis|new york|maroc|tunisie|algerie|senegal|australie|etranger",
}
_PHRASES = sorted(
    [(phrase, REGION_OF_DEPARTEMENT[code]) for code, names in _TOWNS.items() for phrase in names.split("|")]
    + [(phrase, region) for region, names in _NAMES.items() for phrase in names.split("|")],
    key=lambda item: -len(item[0]),  # "saint denis" before "denis", "la reunion" before "reunion"
)
_POSTCODE = re.compile(r"\b(\d{5})\b")
_DEPARTEMENT = re.compile(r"\((\d{2}|2[ab]|97\d)\)", re.IGNORECASE)


def _of_departement(code):
    code = code.upper()
    if code.startswith("97"):
        return Region.OUTRE_MER.value
    return REGION_OF_DEPARTEMENT.get(code)


def region_of_place(text):
    """The Region code of a place as a person wrote it, or "" when it cannot be read."""
    if not (text or "").strip():
        return ""
    for pattern in (_POSTCODE, _DEPARTEMENT):
        found = pattern.search(text)
        if found:
            region = _of_departement(found.group(1)[:3] if found.group(1).startswith("97") else found.group(1)[:2])
            if region:
                return region
    folded = f" {normalize_name(text)} "
    for phrase, region in _PHRASES:
        if f" {phrase} " in folded:
            return region
    code = Commune.objects.filter(name_search=folded.strip()).values_list("departement__code", flat=True).first()
    return REGION_OF_DEPARTEMENT.get(code or "", "")
