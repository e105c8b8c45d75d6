from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


class PinnedOffer(models.Model):
    """A job offer a referent proposed to a project: a copy of what the
    offer said when it was proposed (offers expire at the source; the
    tracking page, the history and the kit still say what was proposed)."""

    class For(models.TextChoices):
        PROSPECT = "prospect", _("porteur du projet")
        PARTNER = "partner", _("conjoint ou conjointe")

    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="pinned_offers", verbose_name=_("projet")
    )
    source = models.CharField(_("source"), max_length=30, default="france_travail")
    offer_id = models.CharField(_("identifiant de l'offre"), max_length=40)
    title = models.CharField(_("intitulé"), max_length=300)
    employer = models.CharField(_("employeur"), max_length=300, blank=True)
    commune = models.CharField(_("lieu de travail"), max_length=200, blank=True)
    contract = models.CharField(_("contrat"), max_length=100, blank=True)
    url = models.URLField(_("lien"), max_length=500)
    for_whom = models.CharField(_("pour qui"), max_length=10, choices=For.choices, default=For.PROSPECT)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("proposée par"),
    )
    pinned_at = models.DateTimeField(_("proposée le"), default=timezone.now)

    class Meta:
        verbose_name = _("offre d'emploi proposée")
        verbose_name_plural = _("offres d'emploi proposées")
        ordering = ["-pinned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source", "offer_id"], name="jobs_pinned_offer_once"),
        ]

    def __str__(self):
        return self.title


class Employer(models.Model):
    """A local recruiter of a network's territory, with the person to put prospects in touch with.
    The contact person is a data subject (crm.personal_data, jobs.receivers): they agreed, on the date
    kept here, to be written to with the profiles of people who accepted."""

    class Sector(models.TextChoices):
        AGRICULTURE = "agriculture", _("Agriculture, agroalimentaire")
        INDUSTRY = "industry", _("Industrie")
        CONSTRUCTION = "construction", _("Bâtiment, travaux publics")
        TRADE = "trade", _("Commerce, artisanat")
        HOSPITALITY = "hospitality", _("Hôtellerie, restauration, tourisme")
        HEALTH = "health", _("Santé, action sociale")
        SERVICES = "services", _("Services aux entreprises, numérique")
        TRANSPORT = "transport", _("Transport, logistique")
        PUBLIC = "public", _("Administration, enseignement")
        OTHER = "other", _("Autre")

    network = models.ForeignKey("crm.Network", on_delete=models.PROTECT, related_name="+", verbose_name=_("réseau"))
    organisation = models.CharField(_("structure"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    sector = models.CharField(_("secteur"), max_length=20, choices=Sector.choices)
    commune = models.ForeignKey("crm.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))
    contact_name = models.CharField(_("nom de la personne à contacter"), max_length=150)
    contact_email = models.EmailField(_("e-mail de la personne à contacter"))
    contact_phone = models.CharField(_("téléphone de la personne à contacter"), max_length=30, blank=True)
    contact_consent_at = models.DateTimeField(_("accord de la personne à contacter donné le"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("créé par"),
    )

    class Meta:
        verbose_name = _("recruteur local")
        verbose_name_plural = _("recruteurs locaux")
        ordering = ["organisation", "pk"]

    def __str__(self):
        return self.organisation


class EmployerNeed(models.Model):
    """A recruitment need of a local employer: an occupation (its ROME fiche), where, when."""

    class Contract(models.TextChoices):
        CDI = "CDI", _("CDI")
        CDD = "CDD", _("CDD")
        SEASONAL = "SAI", _("Saisonnier")
        TEMPORARY = "MIS", _("Intérim")
        APPRENTICESHIP = "ALT", _("Alternance")
        FREELANCE = "LIB", _("Indépendant, libéral")

    class Status(models.TextChoices):
        OPEN = "open", _("ouvert")
        CLOSED = "closed", _("pourvu ou fermé")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="needs",
                                 verbose_name=_("recruteur"))
    rome_code = models.CharField(_("code ROME"), max_length=5)
    occupation = models.CharField(_("métier"), max_length=200)
    contract = models.CharField(_("contrat"), max_length=3, choices=Contract.choices)
    commune = models.ForeignKey("crm.Commune", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("commune du poste"))
    start_on = models.DateField(_("prise de poste"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("état"), max_length=6, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("besoin de recrutement")
        verbose_name_plural = _("besoins de recrutement")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["rome_code", "status"], name="jobs_need_rome_open")]

    def __str__(self):
        return f"{self.occupation} ({self.employer})"


class ProjectOccupation(models.Model):
    """The ROME fiche of a project's prospect's or partner's occupation as they
    typed it (jobs.rome), kept so that matching an employer's need against
    every open project is one indexed query (jobs.matching). Rewritten from
    the contact's occupations when a project is created or its contact's
    details change (jobs.receivers); `manage.py jobs_occupations_refresh`
    rebuilds them all."""

    project = models.ForeignKey("onboarding.Project", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("projet"))
    for_whom = models.CharField(_("pour qui"), max_length=10, choices=PinnedOffer.For.choices)
    rome_code = models.CharField(_("code ROME"), max_length=5)

    class Meta:
        verbose_name = _("métier d'un projet (code ROME)")
        verbose_name_plural = _("métiers des projets (codes ROME)")
        constraints = [models.UniqueConstraint(fields=["project", "for_whom", "rome_code"],
                                               name="jobs_project_occupation_once")]
        indexes = [models.Index(fields=["rome_code", "project"], name="jobs_occupation_rome")]

    def __str__(self):
        return f"{self.rome_code} ({self.get_for_whom_display()})"


class TakeoverBusiness(models.Model):
    """A business for sale or to take over in a network's territory, recorded by a
    coordinator or sent by a chamber (CCI, CMA, Chambre d'agriculture) through the API.
    Its seller is never named here: the person to contact is the chamber's adviser, a
    data subject (crm.personal_data, jobs.receivers) who agreed, on the date kept here,
    to be written to with the details of the people who accept an introduction."""

    class Premises(models.TextChoices):
        SOLD = "sold", _("Murs vendus avec le fonds")
        LEASED = "leased", _("Local en location (bail commercial)")
        NONE = "none", _("Sans local")

    class Status(models.TextChoices):
        OPEN = "open", _("à reprendre")
        TAKEN = "taken", _("reprise")
        WITHDRAWN = "withdrawn", _("retirée")

    network = models.ForeignKey("crm.Network", on_delete=models.PROTECT, related_name="+", verbose_name=_("réseau"))
    # The chamber's own reference: sending it again through the API updates the same business.
    reference = models.CharField(_("référence de la chambre"), max_length=64, blank=True)
    activity = models.CharField(_("activité"), max_length=200)
    sector = models.CharField(_("secteur"), max_length=20, choices=Employer.Sector.choices)
    commune = models.ForeignKey("crm.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))
    price_min = models.PositiveIntegerField(_("prix à partir de (€)"), null=True, blank=True)
    price_max = models.PositiveIntegerField(_("prix jusqu'à (€)"), null=True, blank=True)
    premises = models.CharField(_("locaux"), max_length=10, choices=Premises.choices)
    housing_included = models.BooleanField(_("logement compris"), default=False)
    available_on = models.DateField(_("disponible à partir du"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    contact_organisation = models.CharField(_("chambre ou structure qui accompagne"), max_length=200)
    contact_name = models.CharField(_("conseiller ou conseillère à contacter"), max_length=150)
    contact_email = models.EmailField(_("son e-mail"))
    contact_phone = models.CharField(_("son téléphone"), max_length=30, blank=True)
    contact_consent_at = models.DateTimeField(_("accord de la personne à contacter donné le"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # When it stopped being open: its contact person is blanked a year later (jobs.takeovers).
    closed_at = models.DateTimeField(_("reprise ou retirée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("enregistrée par"),
    )

    class Meta:
        verbose_name = _("entreprise à reprendre")
        verbose_name_plural = _("entreprises à reprendre")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "reference"], condition=~models.Q(reference=""),
                                    name="jobs_takeover_reference_once"),
            models.CheckConstraint(condition=models.Q(price_min__isnull=True) | models.Q(price_max__isnull=True)
                                   | models.Q(price_min__lte=models.F("price_max")),
                                   name="jobs_takeover_price_range"),
        ]
        indexes = [models.Index(fields=["network", "status"], name="jobs_takeover_open")]

    def __str__(self):
        return f"{self.activity} ({self.commune})"

    def price_range(self):
        """The price as the lists and the proposals say it, in French."""
        low, high = (number_format(value, force_grouping=True) if value is not None else None
                     for value in (self.price_min, self.price_max))
        if low and high:
            return _("de %(low)s à %(high)s €") % {"low": low, "high": high}
        if low:
            return _("à partir de %(low)s €") % {"low": low}
        if high:
            return _("jusqu'à %(high)s €") % {"high": high}
        return _("prix à discuter")
