"""How housing plugs into the pages and the registries (connected in apps.ready)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from crm.personal_data import PersonKind, personal_data
from crm.personal_data_declared import ACCOMPANIMENT, RETENTION_3Y
from crm.scope import in_networks_of, scope_register
from housing.models import HousingBooking, HousingOffer
from housing.proposals import HOUSING_OFFER
from housing.selectors import offers_near, project_bookings
from onboarding.extensions import Section, register_proposal_kind, register_section, register_timeline_provider
from onboarding.timeline import TimelineEntry

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")
CONTACT_RETENTION = _l("Tant que la personne est le contact de l'offre ; effacé un an après la fin de l'offre")


def project_section(project):
    """The staff project page: offers near the target, the stays asked for (two queries)."""
    return Section("housing/_project_section.html", {
        "project_id": project.pk, "offers": offers_near(project), "bookings": project_bookings(project),
        "has_target": bool(project.target_commune_id or project.target_epci_id),
    })


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def bookings_history(project):
    """Each stay asked for, and its answer, in the project's history (one query)."""
    entries = []
    for booking in project_bookings(project):
        what = {"offer": booking.offer.title, "commune": booking.offer.commune.name,
                "start": f"{booking.start_on:%d/%m/%Y}", "end": f"{booking.end_on:%d/%m/%Y}"}
        entries.append(TimelineEntry(
            at=booking.requested_at, kind="housing_booking",
            title=_("Séjour demandé : %(offer)s (%(commune)s), du %(start)s au %(end)s") % what,
            by=_name(booking.requested_by)))
        if booking.decided_at and booking.status != HousingBooking.Status.REQUESTED:
            entries.append(TimelineEntry(
                at=booking.decided_at, kind="housing_booking",
                title=_("Séjour %(status)s : %(offer)s (%(commune)s), du %(start)s au %(end)s") % {
                    **what, "status": booking.get_status_display()},
                by=_name(booking.decided_by)))
    return entries


def bookings_export(rows, person):
    return [{"offer": row.offer.title, "commune": row.offer.commune.name, "start_on": row.start_on.isoformat(),
             "end_on": row.end_on.isoformat(), "household_size": row.household_size,
             "status": row.get_status_display()}
            for row in rows.select_related("offer", "offer__commune").order_by("start_on", "pk")]


def offer_contacts(person):
    """A housing contact is found by their e-mail address: the registry's
    partner ids are each table's own primary keys (welcome_kits'
    PartnerContact), which an offer's id must never be mistaken for."""
    if not person.emails:
        return HousingOffer.objects.none()
    return HousingOffer.objects.filter(contact_email__in=person.emails)


def declare_personal_data():
    personal_data(
        HousingOffer, person=PersonKind.PARTNER, subject=offer_contacts, fields=CONTACT_FIELDS,
        context=("title", "organisation", "available_until"), erase="blank",
        purpose=_l("Mettre les référents en relation avec le gestionnaire d'un logement proposé aux nouveaux "
                   "arrivants"),
        retention=CONTACT_RETENTION, label=_l("Contact d'une offre de logement"),
    )
    # Where a household stayed, when and how many: it goes with the person.
    personal_data(
        HousingBooking, person=PersonKind.PROSPECT, subject="project__contact",
        fields=("start_on", "end_on", "household_size"), context=("status", "requested_at"), erase="delete",
        export=bookings_export, purpose=ACCOMPANIMENT, retention=RETENTION_3Y,
        label=_l("Vos séjours en hébergement temporaire"),
    )


def connect():
    scope_register("housing.housingoffer", lambda queryset, user: in_networks_of(queryset, user, "network"))
    scope_register("housing.housingbooking", lambda queryset, user: in_networks_of(queryset, user, "offer__network"))
    register_timeline_provider(bookings_history)
    register_section("project_page", project_section)
    # Proposed to a project through the shared mechanism (onboarding.services.proposals).
    register_proposal_kind(HOUSING_OFFER)
    declare_personal_data()
