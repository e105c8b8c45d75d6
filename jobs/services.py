"""Writes of the jobs app: proposing an offer to a project."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jobs.models import PinnedOffer
from jobs.offers import offer_cached, place_of
from jobs.sources import job_source


class OfferGone(Exception):
    message = _("Cette offre n'est plus dans les résultats affichés : actualisez la page et choisissez à nouveau.")


def occupation_of(project, for_whom):
    contact = project.contact
    return contact.partner_occupation if for_whom == PinnedOffer.For.PARTNER else contact.occupation


def offer_pin(*, project, offer_id, for_whom, user, contract_types=()):
    """Propose to `project` the offer `offer_id` of the search the page showed
    (its prospect's or partner's occupation near its target). What is kept is
    what the source said, read from the shared cache: never what the browser
    posted (`contract_types`: the filter the page showed). Proposing it twice keeps the first. Returns (row,
    created)."""
    offer = offer_cached(occupation_of(project, for_whom), place_of(project), offer_id, contract_types)
    if offer is None:
        raise OfferGone
    source = "exemple" if offer.example else job_source().name
    try:
        with transaction.atomic():
            pinned, created = PinnedOffer.objects.get_or_create(
                project=project, source=source, offer_id=offer.id,
                defaults={"title": offer.title[:300] or str(_("Offre d'emploi")), "employer": offer.employer[:300],
                          "commune": offer.commune[:200], "contract": offer.contract[:100], "url": offer.url[:500],
                          "for_whom": for_whom, "pinned_by": user},
            )
    except IntegrityError:  # two referents on the same click: the other one won
        return PinnedOffer.objects.get(project=project, source=source, offer_id=offer.id), False
    return pinned, created
