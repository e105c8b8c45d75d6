"""An employer's need as a kind of proposal ("employer_need", onboarding.extensions):
the referent proposes it to a project, the prospect accepts, the employer's contact is written to."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from jobs.models import EmployerNeed
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
