"""Housing offers (to rent, to buy, temporary) and the stays booked in the temporary ones."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ENDS_BEFORE_START = _("La date de fin de l'offre doit être le même jour ou après la date de disponibilité.")


class HousingOffer(models.Model):
    """A place to live offered in a network's territory, by a partner
    organisation (a commune, an EPCI, a social landlord, a gîte's owner...).
    Its manager's staff and the network's coordinators enter and edit it;
    public lists show it from `available_from` until `available_until`
    (an expired offer leaves them). The contact person is a data subject
    (a partner's contact, declared in housing.receivers)."""

    class Kind(models.TextChoices):
        RENT = "location", _("Location")
        SALE = "achat", _("Achat")
        TEMPORARY = "temporaire", _("Hébergement temporaire")

    class HousingType(models.TextChoices):
        HOUSE = "maison", _("Maison")
        FLAT = "appartement", _("Appartement")
        GITE = "gite", _("Gîte")
        FURNISHED = "meuble", _("Meublé")
        BRIDGE = "passerelle", _("Logement passerelle communal")
        ROOM = "chambre", _("Chambre")
        OTHER = "autre", _("Autre")

    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon (non publiée)")
        PUBLISHED = "publiee", _("Publiée")
        WITHDRAWN = "retiree", _("Retirée")

    network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, related_name="housing_offers", verbose_name=_("réseau")
    )
    kind = models.CharField(_("nature de l'offre"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=150)
    commune = models.ForeignKey(
        "crm.Commune", on_delete=models.PROTECT, related_name="housing_offers", verbose_name=_("commune")
    )
    housing_type = models.CharField(_("type de logement"), max_length=12, choices=HousingType.choices)
    rooms = models.PositiveSmallIntegerField(
        _("nombre de pièces"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    surface = models.PositiveSmallIntegerField(
        _("surface (m²)"), validators=[MinValueValidator(5), MaxValueValidator(2000)]
    )
    price = models.PositiveIntegerField(
        _("loyer mensuel ou prix (€)"), null=True, blank=True,
        help_text=_("Loyer mensuel charges comprises, prix de vente, ou coût mensuel du séjour ; vide : à "
                    "demander à l'organisation."),
    )
    available_from = models.DateField(_("disponible à partir du"))
    available_until = models.DateField(
        _("offre valable jusqu'au"), help_text=_("Après cette date, l'offre n'apparaît plus dans les listes publiques.")
    )
    organisation = models.ForeignKey(
        "crm.Organisation", on_delete=models.PROTECT, related_name="housing_offers",
        verbose_name=_("organisation gestionnaire"),
    )
    contact_name = models.CharField(_("nom du contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("saisie par"),
    )
    # The partner's own reference, for offers pushed through the API (one per network and organisation).
    external_ref = models.CharField(_("référence du partenaire"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["available_from", "pk"]
        verbose_name = _("offre de logement")
        verbose_name_plural = _("offres de logement")
        constraints = [
            models.CheckConstraint(condition=models.Q(available_until__gte=models.F("available_from")),
                                   name="housing_offer_ends_after_start", violation_error_message=ENDS_BEFORE_START),
            models.UniqueConstraint(fields=["network", "organisation", "external_ref"],
                                    condition=~models.Q(external_ref=""), name="housing_offer_external_ref_once"),
        ]
        indexes = [models.Index(fields=["network", "status", "available_until"], name="housing_offer_public")]

    def __str__(self):
        return f"{self.title} ({self.commune})"

    @property
    def is_temporary(self):
        return self.kind == self.Kind.TEMPORARY

    def clean(self):
        # Said on the field, before the constraint would say it for the whole form.
        if self.available_from and self.available_until and self.available_until < self.available_from:
            raise ValidationError({"available_until": ENDS_BEFORE_START})

    def is_current(self, day=None):
        day = day or timezone.localdate()
        return self.status == self.Status.PUBLISHED and self.available_until >= day


class HousingBooking(models.Model):
    """A stay requested in a temporary offer for a project, from `start_on`
    (arrival) to `end_on` (departure day, not a night spent: a stay ending on
    the day another starts does not overlap it). Requested by the project's
    referent, accepted or declined by the offer's manager or a coordinator.
    Two accepted stays of one offer never overlap: housing.services checks it
    under a lock on the offer; on PostgreSQL an exclusion constraint
    (migration 0002) holds it too."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("demandé")
        ACCEPTED = "accepted", _("accepté")
        DECLINED = "declined", _("refusé")
        CANCELLED = "cancelled", _("annulé")

    offer = models.ForeignKey(HousingOffer, on_delete=models.CASCADE, related_name="bookings",
                              verbose_name=_("logement"))
    project = models.ForeignKey("onboarding.Project", on_delete=models.CASCADE, related_name="housing_bookings",
                                verbose_name=_("projet"))
    start_on = models.DateField(_("arrivée le"))
    end_on = models.DateField(_("départ le"))
    household_size = models.PositiveSmallIntegerField(
        _("nombre de personnes"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("demandé par"),
    )
    requested_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("décidé par"),
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)

    class Meta:
        ordering = ["start_on", "pk"]
        verbose_name = _("séjour en hébergement temporaire")
        verbose_name_plural = _("séjours en hébergement temporaire")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_on__gt=models.F("start_on")),
                                   name="housing_booking_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.offer} {self.start_on:%d/%m/%Y} – {self.end_on:%d/%m/%Y}"


def stays_overlap(start_a, end_a, start_b, end_b):
    """Half-open stays [start, end): the departure day is free for the next arrival."""
    return start_a < end_b and start_b < end_a
