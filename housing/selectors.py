"""Reads of the housing app: the lists of offers (staff and public), the
offers near a project's target, its stays, and the figures by EPCI."""

import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone

from crm.access import networks_of
from crm.models import Epci
from crm.scope import scoped
from housing.models import HousingBooking, HousingOffer
from housing.proposals import HOUSING_OFFER
from onboarding.models import Proposal


def current_offers(network, day=None):
    """Offers of `network` that public lists show: published and not expired
    (an offer valid until day D is shown on D, gone on D + 1)."""
    day = day or timezone.localdate()
    return HousingOffer.objects.filter(network=network, status=HousingOffer.Status.PUBLISHED,
                                       available_until__gte=day)


def _filtered(offers, *, kind="", epci=None, available=False, day=None):
    if kind:
        offers = offers.filter(kind=kind)
    if epci is not None:
        offers = offers.filter(commune__epci=epci)
    if available:
        day = day or timezone.localdate()
        offers = offers.filter(status=HousingOffer.Status.PUBLISHED, available_from__lte=day,
                               available_until__gte=day)
    return offers


def public_offers(network, *, kind="", epci=None):
    """The public list of a network: current offers, the managing organisation
    only (the contact person is not read)."""
    offers = _filtered(current_offers(network), kind=kind, epci=epci)
    return offers.select_related("commune", "commune__epci", "organisation").defer(
        "contact_name", "contact_email", "contact_phone").order_by("available_from", "pk")


def staff_offers(user, *, search="", kind="", epci=None, available=False):
    """The offers of the user's networks (expired and withdrawn ones too)."""
    offers = scoped(HousingOffer.objects.all(), user)
    if search:
        offers = offers.filter(Q(title__icontains=search) | Q(commune__name__icontains=search)
                               | Q(organisation__name__icontains=search))
    offers = _filtered(offers, kind=kind, epci=epci, available=available)
    return offers.select_related("commune", "commune__epci", "organisation", "network").order_by(
        "-available_until", "-pk")


def epcis_of_network(network_ids):
    """The EPCIs of the networks' départements, for the filters."""
    return Epci.objects.filter(communes__departement__networks__in=network_ids).distinct().order_by("name")


def offers_near(project, limit=6):
    """Current offers of the project's network near its target: in its target
    commune's EPCI (or its target EPCI), the target commune's first. One query;
    none while the project has no target."""
    target_epci = project.target_commune.epci_id if project.target_commune_id else project.target_epci_id
    if target_epci is None or project.network_id is None:
        return []
    offers = current_offers(project.network_id).filter(commune__epci=target_epci).select_related(
        "commune", "organisation")
    rows = list(offers.order_by("available_from", "pk")[:50])
    rows.sort(key=lambda offer: (offer.commune_id != project.target_commune_id, offer.available_from, offer.pk))
    return rows[:limit]


def project_bookings(project):
    """The project's stays, with their offer: one query, kept on the project
    object for the request (its page's section and its history both read them)."""
    cached = project.__dict__.get("_housing_bookings")
    if cached is None:
        cached = list(HousingBooking.objects.filter(project=project).select_related(
            "offer", "offer__commune", "offer__organisation", "requested_by", "decided_by").order_by("start_on", "pk"))
        project.__dict__["_housing_bookings"] = cached
    return cached


def offer_bookings(offer):
    """The offer's stays for its manager: dates, people, who asked; never the household's identity (the manager
    may not see the project)."""
    return list(HousingBooking.objects.filter(offer=offer).select_related("requested_by").order_by("start_on", "pk"))


def stays_by_epci(user, *, start, end, network_ids=None):
    """Temporary stays accepted in the user's networks that share a night with
    [start, end), by EPCI of the offer: stays, people housed, projects. One
    query. For the reports (reports/ reads it; housing does not draw pages
    there)."""
    stays = HousingBooking.objects.filter(
        status=HousingBooking.Status.ACCEPTED, start_on__lt=end, end_on__gt=start,
        offer__in=scoped(HousingOffer.objects.all(), user))
    if network_ids is not None:
        stays = stays.filter(offer__network__in=network_ids)
    rows = stays.values("offer__commune__epci_id", "offer__commune__epci__name").annotate(
        stays=Count("pk"), people=Sum("household_size"), projects=Count("project", distinct=True),
    ).order_by("offer__commune__epci__name")
    return [{"epci_id": row["offer__commune__epci_id"], "epci": row["offer__commune__epci__name"],
             "stays": row["stays"], "people": row["people"], "projects": row["projects"]} for row in rows]


def housing_figures(user, *, year):
    """The housing figures of the user's networks for `year`, by EPCI of the
    offer: offers proposed to projects, accepted by the person (put in touch),
    ended in a home ("housed"), and the temporary stays accepted that share a
    night with the year (stays, people, projects). Three queries; rows sorted
    by EPCI, with the totals."""
    proposals = Proposal.objects.filter(kind=HOUSING_OFFER.code, project__network__in=networks_of(user),
                                        created_at__year=year)
    per_offer = {row["target_id"]: row for row in proposals.values("target_id").annotate(
        proposed=Count("pk"), accepted=Count("pk", filter=Q(consent_at__isnull=False)),
        housed=Count("pk", filter=Q(outcome=HOUSING_OFFER.success)))}
    table = {}
    empty = {"proposed": 0, "accepted": 0, "housed": 0, "stays": 0, "people": 0, "projects": 0}
    for offer_id, epci in HousingOffer.objects.filter(pk__in=list(per_offer)).values_list(
            "pk", "commune__epci__name"):
        row = table.setdefault(epci or "", dict(empty))
        for name in ("proposed", "accepted", "housed"):
            row[name] += per_offer[offer_id][name]
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    for stay in stays_by_epci(user, start=start, end=end):
        row = table.setdefault(stay["epci"] or "", dict(empty))
        row.update(stays=stay["stays"], people=stay["people"] or 0, projects=stay["projects"])
    lines = [{"epci": epci, **row} for epci, row in sorted(table.items())]
    total = {name: sum(line[name] for line in lines) for name in empty}
    return lines, total
