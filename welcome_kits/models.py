"""What coordinators write for the kits, and the kits themselves.

Content is scoped, never copied per profile: a block says for whom it is
(segments, needs, household, territory, network) and `welcome_kits.selectors` picks
the blocks that fit one project. An empty scope means "everyone".
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceCategory(models.TextChoices):
    """The kinds of ServicePoint (and of places a block may promise)."""

    SCHOOL = "school", _("École")
    CHILDCARE = "childcare", _("Garde d'enfants")
    HEALTH = "health", _("Médecin ou maison de santé")
    PHARMACY = "pharmacy", _("Pharmacie")
    HOSPITAL = "hospital", _("Hôpital ou clinique")
    FRANCE_SERVICES = "france_services", _("France Services")
    COWORKING = "coworking", _("Coworking")
    STATION = "station", _("Gare")
    TRANSPORT = "transport", _("Transport (car, transport à la demande)")
    SHOP = "shop", _("Commerces")
    WELCOME_OFFICE = "welcome_office", _("Bureau d'accueil des nouveaux arrivants")
    OTHER = "other", _("Autre")


class KitSection(models.Model):
    """A chapter of the kit; it appears when at least one of its blocks applies."""

    title = models.CharField(_("titre"), max_length=150)
    title_en = models.CharField(_("titre en anglais"), max_length=150, blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    position = models.PositiveSmallIntegerField(_("ordre"), default=100)
    is_active = models.BooleanField(_("publiée"), default=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("section du kit")
        verbose_name_plural = _("sections du kit")

    def __str__(self):
        return self.title


class ContentBlock(models.Model):
    """A piece of text written by a coordinator, for the profiles its scope names."""

    class Household(models.TextChoices):
        ANY = "", _("Tous les foyers")
        CHILDREN = "children", _("Avec enfants")
        YOUNG_CHILDREN = "young_children", _("Avec de jeunes enfants (moins de 6 ans)")
        SCHOOL_AGE = "school_age", _("Avec des enfants d'âge scolaire (3 à 17 ans)")
        PARTNER_SEEKS_JOB = "partner_seeks_job", _("Dont le conjoint cherche un emploi")

    section = models.ForeignKey(
        KitSection, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("section")
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(
        _("texte (Markdown)"), max_length=20000,
        help_text=_("Markdown simple : **gras**, *italique*, listes, liens. Les images et le HTML "
                    "autre que la mise en forme de base sont retirés."),
    )
    # The block in English (crm.languages): a kit in English without it shows
    # the French text, and says once that some parts are in French.
    title_en = models.CharField(_("titre en anglais"), max_length=200, blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    body_en = models.TextField(_("texte en anglais (Markdown)"), max_length=20000, blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    position = models.PositiveSmallIntegerField(_("ordre"), default=100)
    is_active = models.BooleanField(_("publié"), default=True)

    segments = models.ManyToManyField("crm.Segment", blank=True, related_name="+", verbose_name=_("segments"))
    needs = models.ManyToManyField("crm.Need", blank=True, related_name="+", verbose_name=_("besoins"))
    household = models.CharField(
        _("foyer"), max_length=20, choices=Household.choices, default=Household.ANY, blank=True
    )
    departements = models.ManyToManyField(
        "crm.Departement", blank=True, related_name="+", verbose_name=_("départements")
    )
    epcis = models.ManyToManyField("crm.Epci", blank=True, related_name="+", verbose_name=_("EPCI"))
    communes = models.ManyToManyField("crm.Commune", blank=True, related_name="+", verbose_name=_("communes"))
    # Which programmes' kits carry the block; none: every programme's.
    networks = models.ManyToManyField("crm.Network", blank=True, related_name="+", verbose_name=_("réseaux"))

    # A block that sends the reader to nearby places of a category ("the nearest
    # coworking spaces are listed in this kit") is left out of a kit that lists none.
    promises = models.CharField(
        _("renvoie aux lieux proches"), max_length=20, blank=True, default="",
        choices=[("", _("Non")), *PlaceCategory.choices],
        help_text=_("Si le texte annonce des lieux de cette catégorie dans le kit, le bloc n'est imprimé que "
                    "lorsque le kit en liste au moins un près de la commune du projet."),
    )

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        ordering = ["section__position", "position", "title"]
        verbose_name = _("bloc de contenu")
        verbose_name_plural = _("blocs de contenu")

    def __str__(self):
        return f"{self.section} › {self.title}"


class PartnerContact(models.Model):
    """Who to call for a need: the CCI for a takeover, France Travail for a job..."""

    organisation = models.CharField(_("organisme"), max_length=200)
    contact_name = models.CharField(_("interlocuteur"), max_length=200, blank=True)
    description = models.CharField(_("ce qu'il propose"), max_length=300, blank=True)
    description_en = models.CharField(_("ce qu'il propose, en anglais"), max_length=300, blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    needs = models.ManyToManyField("crm.Need", related_name="+", verbose_name=_("besoins"))
    # Optional: a partner with neither serves both départements.
    departement = models.ForeignKey(
        "crm.Departement", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("département"),
    )
    epci = models.ForeignKey(
        "crm.Epci", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("EPCI"),
    )
    # Null: a partner every programme's kits may list.
    network = models.ForeignKey(
        "crm.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("réseau"),
    )
    # An agency of a network of agencies (France Travail...): of the agencies of
    # one network, a kit lists only the nearest to the project's commune.
    agency_of = models.CharField(
        _("réseau d'agences"), max_length=100, blank=True,
        help_text=_("Par exemple « France Travail » : parmi les agences d'un même réseau, le kit ne donne que "
                    "la plus proche de la commune du projet."),
    )
    commune = models.ForeignKey(
        "crm.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commune de l'agence"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=100)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["position", "organisation"]
        verbose_name = _("partenaire à contacter")
        verbose_name_plural = _("partenaires à contacter")

    def __str__(self):
        return self.organisation


class ServicePoint(models.Model):
    """A place a newcomer needs near home; the kit lists the nearest ones."""

    Category = PlaceCategory

    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices, db_index=True)
    name = models.CharField(_("nom"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "crm.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    website = models.URLField(_("site web"), blank=True)
    hours = models.CharField(
        _("horaires"), max_length=300, blank=True,
        help_text=_("Tels qu'on les dit : « du lundi au vendredi, 8 h 30 – 12 h et 14 h – 18 h »."),
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("lieu de service")
        verbose_name_plural = _("lieux de service")
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return f"{self.name} ({self.commune})"


class Kit(models.Model):
    """One request for a project's kit, and once done, the PDF it produced.

    Rows are written before anything is queued, so a request survives a
    broker outage; the sweep requeues what stays pending. A done row either
    holds a new `version` or, when the content had not changed, points to the
    done kit it is identical to (`same_as`) and shares its file.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Prêt")
        FAILED = "failed", _("Échec")

    project = models.ForeignKey(
        "onboarding.Project", on_delete=models.CASCADE, related_name="kits", verbose_name=_("projet")
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    same_as = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("identique à"),
    )
    file = models.FileField(_("fichier"), max_length=300, blank=True)
    html_sha256 = models.CharField(_("empreinte du contenu (SHA-256)"), max_length=64, blank=True)
    pdf_sha256 = models.CharField(_("empreinte du PDF (SHA-256)"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    notify_prospect = models.BooleanField(_("envoyer le lien au porteur de projet"), default=True)
    # A refresh is queued by a change to what a done kit shows (services.kit_refresh_request):
    # it waits until `not_before`, which each further change pushes back, so that several
    # changes make one version. Whether the prospect is told is decided when it is done:
    # a new referent or territory, or content staff chose to announce (`announce`).
    refresh = models.BooleanField(_("mise à jour après un changement"), default=False)
    announce = models.BooleanField(_("annoncer la mise à jour au porteur de projet"), default=False)
    not_before = models.DateTimeField(_("pas avant"), null=True, blank=True)
    # What the kit showed, as ids (referent, territory, content, places, partners, brand...;
    # rendering.kit_facts): to tell what changed, and which kits an admin edit concerns.
    facts = models.JSONField(_("ce que montre le kit"), default=dict, blank=True)

    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("demandé par"),
    )
    queued_at = models.DateTimeField(_("mis en file le"), null=True, blank=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    # The worker on it holds the row until `lease_until` and keeps pushing it
    # back while it renders (a heartbeat); a row whose lease ended has lost
    # its worker. `claimed_by` is the Celery task id: a message redelivered
    # after its worker died carries the same id and takes the row back at once.
    lease_until = models.DateTimeField(_("réservé jusqu'au"), null=True, blank=True)
    claimed_by = models.CharField(_("traité par la tâche"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    notified_at = models.DateTimeField(_("lien envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("kit de bienvenue")
        verbose_name_plural = _("kits de bienvenue")
        indexes = [
            # The sweep (kit_requeue_stale, every minute) reads the few kits
            # still waiting or running, by id, never the whole table.
            models.Index(fields=["id"], condition=models.Q(status__in=["pending", "running"]),
                         name="kit_waiting_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "version"], condition=models.Q(version__isnull=False),
                name="kit_unique_project_version",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""), name="kit_done_has_file"
            ),
        ]

    def __str__(self):
        return _("Kit n°%(id)s du projet n°%(project)s") % {"id": self.pk, "project": self.project_id}

    @property
    def shown_version(self):
        """The version a reader sees: its own, or the one it is identical to."""
        if self.version is not None:
            return self.version
        return self.same_as.version if self.same_as_id else None
