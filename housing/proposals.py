"""A housing offer as a target a referent proposes to a project.

The shared proposal mechanism (onboarding.Proposal: propose -> the
prospect accepts on their tracking page -> the offer's contact is written
to) asks of a kind of target what `HOUSING_OFFER` gives, registered by
housing.receivers.connect(): `load(ids)`, `available(offer, project)`,
`describe(offer)`, `counterpart(offer)` (the person put in touch), the
consent text and the outcomes.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from housing.models import HousingOffer
from onboarding.extensions import ProposalCounterpart, ProposalKind

KIND = "housing_offer"
LABEL = _l("Offre de logement")
CONSENT_TEXT = _l("En acceptant, vous nous autorisez à transmettre au gestionnaire de ce logement vos nom, prénom, "
                  "adresse e-mail et téléphone, pour cette seule mise en relation. Il vous contactera directement.")
CONSENT_VERSION = "logement-2026-12"
OUTCOMES = {"housed": _l("Logement obtenu"), "visited": _l("Visite, sans suite"), "no_follow_up": _l("Pas de suite")}
SUCCESS = "housed"


def load(ids):
    """{id: offer} for these ids (one query)."""
    return HousingOffer.objects.select_related("commune", "organisation").in_bulk(ids)


def available(offer, project):
    """It may be proposed: published, not expired, of the project's network."""
    return offer.is_current() and offer.network_id == project.network_id


def describe(offer):
    """(title, [lines]) the prospect and the staff read: never the contact person."""
    lines = [_("%(kind)s à %(commune)s") % {"kind": offer.get_kind_display(), "commune": offer.commune.name},
             _("%(type)s, %(rooms)s pièce(s), %(surface)s m²") % {
                 "type": offer.get_housing_type_display(), "rooms": offer.rooms, "surface": offer.surface},
             _("Disponible du %(start)s au %(end)s") % {"start": date_format(offer.available_from, "j F Y"),
                                                       "end": date_format(offer.available_until, "j F Y")},
             _("Géré par %(organisation)s") % {"organisation": offer.organisation.name}]
    if offer.price:
        lines.insert(2, _("%(price)s €") % {"price": offer.price} if offer.kind == HousingOffer.Kind.SALE
                     else _("%(price)s € par mois") % {"price": offer.price})
    return offer.title, lines


def counterpart(offer):
    """Who is put in touch once the prospect accepts: the offer's contact
    (the organisation's address when the contact has none); None when
    nobody can be written to."""
    email = offer.contact_email or offer.organisation.email
    if not email:
        return None
    return ProposalCounterpart(name=offer.contact_name or offer.organisation.name, email=email,
                               organisation=offer.organisation.name)


HOUSING_OFFER = ProposalKind(
    code=KIND, label=LABEL, load=load, available=available, describe=describe, counterpart=counterpart,
    consent_text=CONSENT_TEXT, consent_version=CONSENT_VERSION, outcomes=OUTCOMES, success=SUCCESS,
)
