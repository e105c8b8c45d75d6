"""An ambassador as a kind of proposal ("ambassador", onboarding.extensions):
a referent proposes an approved ambassador to a project; the person accepts
on their tracking page; only then both are written to with each other's
contact (`tell_prospect`). Before that, the person reads only what the
ambassador agreed to show: first name, commune, occupation, what they share."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambassadors.models import Ambassador
from crm.languages import translated_field
from onboarding.extensions import ProposalCounterpart, ProposalKind

KIND = "ambassador"


def load(ids):
    """{id: ambassador} for these ids (two queries: the rows, their shares)."""
    return (Ambassador.objects.select_related("contact", "commune").prefetch_related("shares")
            .in_bulk(ids))


def available(ambassador, project):
    return ambassador.counts and ambassador.network_id == project.network_id


def describe(ambassador):
    title = _("%(first_name)s, ambassadeur ou ambassadrice à %(commune)s") % {
        "first_name": ambassador.contact.first_name, "commune": ambassador.commune.name}
    lines = []
    if ambassador.occupation:
        lines.append(_("Métier : %(occupation)s") % {"occupation": ambassador.occupation})
    shares = [translated_field(share, "name").lower() for share in ambassador.shares.all()]
    if shares:
        lines.append(_("Peut vous parler de : %(shares)s") % {"shares": ", ".join(shares)})
    return title, lines


def counterpart(ambassador):
    contact = ambassador.contact
    if contact.erased_at is not None or not contact.email:
        return None
    return ProposalCounterpart(name=f"{contact.first_name} {contact.last_name}".strip(), email=contact.email,
                               phone=contact.phone, organisation=_("Ambassadeur du réseau"), language=contact.language)


AMBASSADOR = ProposalKind(
    code=KIND, label=_l("Rencontre avec un ambassadeur"), load=load, available=available, describe=describe,
    counterpart=counterpart,
    consent_text=_l("En acceptant, vous nous autorisez à transmettre à cet ambassadeur vos nom, prénom, adresse "
                    "e-mail et téléphone, pour cette seule mise en relation ; vous recevez aussi les siens."),
    consent_version="ambassadeur-2026-12",
    outcomes={"met": _l("Rencontre faite"), "no_follow_up": _l("Pas de suite")},
    success="met", tell_prospect=True,
)
