"""Writes of the housing app: offers, and the stays booked in temporary ones.

The rules an offer obeys (its commune in its network's territory, its end
after its start, its manager one of the network's organisations) are checked
here, once, for the staff form and the partner API alike.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from housing.models import ENDS_BEFORE_START, HousingBooking, HousingOffer
from onboarding.access import may_act, may_manage_housing_offer


class HousingError(Exception):
    """A refusal the person is told, in French."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class BookingOverlap(HousingError):
    def __init__(self):
        super().__init__(_("Ce logement est déjà réservé sur une partie de ces dates : choisissez d'autres dates "
                           "ou un autre logement."))


OUTSIDE_TERRITORY = _("Cette commune n'est pas sur le territoire du réseau : choisissez une commune de ses "
                      "départements.")


def offer_errors(offer):
    """{field: French message} for what the territory's rules refuse in `offer`
    (its fields already typed); empty when it may be saved."""
    errors = {}
    if offer.available_from and offer.available_until and offer.available_until < offer.available_from:
        errors["available_until"] = ENDS_BEFORE_START
    if offer.network_id and offer.commune_id:
        in_territory = offer.network.departements.filter(pk=offer.commune.departement_id).exists()
        if not in_territory:
            errors["commune"] = OUTSIDE_TERRITORY
    if offer.network_id and offer.organisation_id:
        organisation = offer.organisation
        if organisation.network_id not in (None, offer.network_id):
            errors["organisation"] = _("Cette organisation travaille avec un autre réseau.")
    if offer.kind == HousingOffer.Kind.SALE and offer.housing_type in (
            HousingOffer.HousingType.GITE, HousingOffer.HousingType.BRIDGE):
        errors["housing_type"] = _("Un gîte ou un logement passerelle ne se vend pas : choisissez un autre type "
                                   "ou une autre nature d'offre.")
    return errors


def offer_save(offer, *, user=None):
    """Save `offer` (new or changed) if the rules accept it; ValidationError otherwise."""
    errors = offer_errors(offer)
    if errors:
        raise ValidationError(errors)
    offer.contact_email = (offer.contact_email or "").strip().lower()
    with transaction.atomic():
        if offer.pk is None and user is not None and getattr(user, "is_authenticated", False):
            offer.created_by = user
        offer.save()
    return offer


def accepted_overlapping(offer, start_on, end_on, *, exclude_pk=None):
    """The accepted stays of `offer` that share a night with [start_on, end_on)."""
    rows = HousingBooking.objects.filter(offer=offer, status=HousingBooking.Status.ACCEPTED,
                                         start_on__lt=end_on, end_on__gt=start_on)
    return rows.exclude(pk=exclude_pk) if exclude_pk else rows


def booking_request(*, offer, project, start_on, end_on, household_size, user):
    """The project's referent (or a coordinator) asks for a stay in a
    temporary offer of the project's network. Nothing is reserved until the
    offer's manager accepts."""
    if not may_act(project, user):
        raise HousingError(_("Seul le référent du projet ou la coordination peut demander un séjour."))
    if not offer.is_temporary:
        raise HousingError(_("Seuls les hébergements temporaires se réservent pour des dates."))
    if offer.network_id != project.network_id or not offer.is_current():
        raise HousingError(_("Cette offre n'est plus disponible."))
    if end_on <= start_on:
        raise HousingError(_("La date de départ doit être après la date d'arrivée."))
    if start_on < timezone.localdate():
        raise HousingError(_("La date d'arrivée est passée."))
    if start_on < offer.available_from or end_on > offer.available_until:
        raise HousingError(_("Le logement est disponible du %(start)s au %(end)s : choisissez des dates dans cette "
                             "période.") % {"start": f"{offer.available_from:%d/%m/%Y}",
                                            "end": f"{offer.available_until:%d/%m/%Y}"})
    if accepted_overlapping(offer, start_on, end_on).exists():
        raise BookingOverlap
    with transaction.atomic():
        return HousingBooking.objects.create(offer=offer, project=project, start_on=start_on, end_on=end_on,
                                             household_size=household_size, requested_by=user)


def booking_decide(*, booking, accept, user):
    """The offer's manager (or a coordinator) accepts or declines a requested
    stay. Accepting holds a lock on the offer while it checks that no accepted
    stay shares a night with this one, so two managers accepting two
    overlapping requests at once cannot both win; on PostgreSQL the exclusion
    constraint refuses the second as well (caught here, same message)."""
    if not may_manage_housing_offer(booking.offer, user):
        raise HousingError(_("Seuls le gestionnaire du logement et la coordination peuvent répondre à cette "
                             "demande."))
    try:
        with transaction.atomic():
            HousingOffer.objects.select_for_update().filter(pk=booking.offer_id).first()
            current = HousingBooking.objects.select_for_update().get(pk=booking.pk)
            if current.status != HousingBooking.Status.REQUESTED:
                raise HousingError(_("Cette demande a déjà reçu une réponse."))
            if accept and accepted_overlapping(current.offer_id, current.start_on, current.end_on,
                                               exclude_pk=current.pk).exists():
                raise BookingOverlap
            current.status = HousingBooking.Status.ACCEPTED if accept else HousingBooking.Status.DECLINED
            current.decided_by = user
            current.decided_at = timezone.now()
            current.save(update_fields=["status", "decided_by", "decided_at"])
    except IntegrityError as error:
        if "housing_booking_no_overlap" in str(error):
            raise BookingOverlap from None
        raise
    return current


def booking_cancel(*, booking, user):
    """The project's referent, the offer's manager or a coordinator cancels a
    stay not yet ended (its nights are free again)."""
    if not (may_act(booking.project, user) or may_manage_housing_offer(booking.offer, user)):
        raise HousingError(_("Vous ne pouvez pas annuler ce séjour."))
    with transaction.atomic():
        updated = HousingBooking.objects.filter(
            Q(status=HousingBooking.Status.REQUESTED) | Q(status=HousingBooking.Status.ACCEPTED), pk=booking.pk,
        ).update(status=HousingBooking.Status.CANCELLED, decided_by=user, decided_at=timezone.now())
    if not updated:
        raise HousingError(_("Ce séjour est déjà refusé ou annulé."))
    booking.refresh_from_db()
    return booking


CONTACT_KEPT_DAYS = 365


def expired_contacts_erase(*, day=None):
    """Blank the contact person of offers ended more than CONTACT_KEPT_DAYS
    ago (the retention declared in housing.receivers); returns how many."""
    day = day or timezone.localdate()
    due = HousingOffer.objects.filter(available_until__lt=day - timezone.timedelta(days=CONTACT_KEPT_DAYS)).exclude(
        contact_name="", contact_email="", contact_phone="")
    with transaction.atomic():
        return due.update(contact_name="", contact_email="", contact_phone="")
