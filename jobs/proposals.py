"""The jobs app's kinds of proposal (onboarding.extensions): an employer's need
("employer_need") and a business to take over ("business_takeover"). The referent
proposes one to a project, the prospect accepts, the employer's contact (or the
chamber's adviser) is written to."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from jobs.models import EmployerNeed, TakeoverBusiness
from onboarding.extensions import ProposalCounterpart, ProposalKind

KIND = "employer_need"


def _load(ids):
    return EmployerNeed.objects.select_related("employer", "commune").in_bulk(ids)


def _available(need, project):
    return need.status == EmployerNeed.Status.OPEN and need.employer.network_id == project.network_id


def _describe(need):
    lines = [_("Contrat : %(contract)s") % {"contract": need.get_contract_display()},
             _("Lieu : %(commune)s") % {"commune": need.commune.name}]
    if need.start_on:
        lines.append(_("Prise de poste : %(day)s") % {"day": date_format(need.start_on, "j F Y")})
    if need.description:
        lines.append(need.description)
    return _("%(occupation)s chez %(employer)s") % {"occupation": need.occupation,
                                                     "employer": need.employer.organisation}, lines


def _counterpart(need):
    employer = need.employer
    return ProposalCounterpart(name=employer.contact_name, email=employer.contact_email,
                               organisation=employer.organisation)


EMPLOYER_NEED = ProposalKind(
    code=KIND, label=_l("Recrutement d'un employeur local"), load=_load, available=_available,
    describe=_describe, counterpart=_counterpart,
    consent_text=_l("En acceptant, vous nous autorisez à transmettre à ce recruteur vos nom, prénom, adresse e-mail "
                    "et téléphone, pour cette seule mise en relation. Il vous contactera directement."),
    consent_version="emploi-2026-11",
    outcomes={"hired": _l("Embauche"), "interview": _l("Entretien, sans embauche"),
              "no_follow_up": _l("Pas de suite")},
    success="hired",
)


# A business to take over (jobs.TakeoverBusiness): the chamber's adviser is put in touch.
TAKEOVER_KIND = "business_takeover"


def _load_businesses(ids):
    return TakeoverBusiness.objects.select_related("commune").in_bulk(ids)


def _business_available(business, project):
    return business.status == TakeoverBusiness.Status.OPEN and business.network_id == project.network_id


def _describe_business(business):
    """(title, [lines]): never the seller, and not the adviser (they are put in touch only on acceptance)."""
    lines = [_("%(sector)s à %(commune)s") % {"sector": business.get_sector_display(),
                                              "commune": business.commune.name},
             _("Prix : %(price)s") % {"price": business.price_range()},
             business.get_premises_display() + (_(", logement compris") if business.housing_included else "")]
    if business.available_on:
        lines.append(_("Disponible à partir du %(day)s") % {"day": date_format(business.available_on, "j F Y")})
    lines.append(_("Accompagnement : %(organisation)s") % {"organisation": business.contact_organisation})
    return business.activity, lines


def _business_counterpart(business):
    if not business.contact_email:  # erased
        return None
    return ProposalCounterpart(name=business.contact_name, email=business.contact_email,
                               organisation=business.contact_organisation)


BUSINESS_TAKEOVER = ProposalKind(
    code=TAKEOVER_KIND, label=_l("Entreprise à reprendre"), load=_load_businesses, available=_business_available,
    describe=_describe_business, counterpart=_business_counterpart,
    consent_text=_l("En acceptant, vous nous autorisez à transmettre au conseiller ou à la conseillère de la chambre "
                    "qui accompagne cette reprise vos nom, prénom, adresse e-mail et téléphone, pour cette seule "
                    "mise en relation. Il ou elle vous contactera directement."),
    consent_version="reprise-2026-12",
    outcomes={"taken": _l("Reprise conclue"), "visited": _l("Visite ou étude, sans reprise"),
              "no_follow_up": _l("Pas de suite")},
    success="taken",
)
