"""Writes of the local recruiters (jobs.Employer) and their needs
(jobs.EmployerNeed), shared by the staff pages and the partners' API: the
same rules, the same French errors (a django ValidationError by field)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Employer, EmployerNeed
from jobs.rome import fiches, is_rome_code

EMPLOYER_FIELDS = ("organisation", "siret", "sector", "commune", "contact_name", "contact_email", "contact_phone")
NEED_FIELDS = ("rome_code", "contract", "commune", "start_on", "description", "status")


def siret_valid(siret):
    """14 digits whose Luhn sum is a multiple of 10 (La Poste's establishments excepted, as INSEE does)."""
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith("356000000"):
        return sum(int(digit) for digit in siret) % 5 == 0
    total = 0
    for index, digit in enumerate(reversed(siret)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def in_territory(commune, network):
    return commune is not None and network.departements.filter(pk=commune.departement_id).exists()


def territory_error(network):
    names = ", ".join(network.departements.order_by("code").values_list("name", flat=True))
    return _("Cette commune n'est pas sur le territoire du réseau (%(names)s).") % {"names": names}


def employer_check(*, network, data, consent):
    errors = {}
    siret = (data.get("siret") or "").replace(" ", "")
    if siret and not siret_valid(siret):
        errors["siret"] = _("Ce SIRET n'est pas valide : 14 chiffres, tels qu'ils figurent sur l'avis de "
                            "situation INSEE (ou laissez le champ vide).")
    if not in_territory(data.get("commune"), network):
        errors["commune"] = territory_error(network)
    if not consent:
        errors["contact_consent"] = _("Le recruteur ne peut être enregistré sans l'accord de la personne à "
                                      "contacter : elle recevra les coordonnées des personnes qui acceptent une "
                                      "mise en relation.")
    if errors:
        raise ValidationError(errors)
    return {**{name: data.get(name) for name in EMPLOYER_FIELDS}, "siret": siret}


@transaction.atomic
def employer_save(*, network, data, consent, user, employer=None):
    """Create (`employer` None) or update a recruiter of `network`. `consent`:
    the contact person agreed (their date is kept, and kept as it was while
    the same person stays the contact)."""
    values = employer_check(network=network, data=data, consent=consent)
    if employer is None:
        return Employer.objects.create(network=network, created_by=user, contact_consent_at=timezone.now(), **values)
    same_person = (employer.contact_email.lower(), employer.contact_name) == (values["contact_email"].lower(),
                                                                            values["contact_name"])
    for name, value in values.items():
        setattr(employer, name, value)
    if not same_person:
        employer.contact_consent_at = timezone.now()
    employer.save()
    return employer


employer_save.alters_data = True


def need_check(*, employer, data):
    errors = {}
    code = (data.get("rome_code") or "").strip().upper()
    if not is_rome_code(code):
        errors["rome_code"] = _("Code ROME inconnu : choisissez un métier du référentiel ROME (une lettre et "
                                "quatre chiffres, par exemple J1506).")
    if not in_territory(data.get("commune"), employer.network):
        errors["commune"] = territory_error(employer.network)
    if employer.contact_consent_at is None:
        errors["employer"] = _("Ce recruteur n'a pas donné son accord pour être contacté.")
    if errors:
        raise ValidationError(errors)
    values = {name: data.get(name) for name in NEED_FIELDS if name in data}
    values.update(rome_code=code, occupation=fiches()[code][:200], description=data.get("description") or "")
    return values


@transaction.atomic
def need_save(*, employer, data, need=None):
    values = need_check(employer=employer, data=data)
    if need is None:
        return EmployerNeed.objects.create(employer=employer, **values)
    for name, value in values.items():
        setattr(need, name, value)
    need.save()
    return need


need_save.alters_data = True
