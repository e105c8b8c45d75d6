from django.db import models
from django.utils.translation import gettext_lazy as _


class Segment(models.Model):
    """A target profile of the programme (cible): seconde vie, jeune, talent..."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    name_en = models.CharField(_("nom en anglais"), max_length=100, blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description en anglais"), blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self):
        return self.name


class Need(models.Model):
    """Something the newcomer needs help with (besoin); a project has several."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    name_en = models.CharField(_("nom en anglais"), max_length=100, blank=True, help_text=_("En anglais, pour les pages publiques et les kits en anglais ; vide : le texte français."))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")

    def __str__(self):
        return self.name


class Event(models.Model):
    """An event of a network: a job fair or salon where leads are captured
    (intake's fair capture), a programme event (the ambassadors' network's
    evenings, job fairs), or a welcome event for newcomers (a welcome
    evening, a discovery day). The invitations to it live in the events app
    (events.Invitation); the kind, area, capacity and hours live here, on the
    one row that projects, intake and the reports already point at."""

    class Kind(models.TextChoices):
        SALON = "salon", _("Salon ou forum (captation de contacts)")
        PROGRAMME = "programme", _("Événement du programme")
        WELCOME = "welcome", _("Événement d'accueil des nouveaux arrivants")

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices, default=Kind.SALON, db_index=True)
    place = models.CharField(_("lieu"), max_length=200)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    starts_at = models.TimeField(_("heure de début"), null=True, blank=True)
    ends_at = models.TimeField(_("heure de fin"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    organiser = models.CharField(_("organisateur"), max_length=200, blank=True)
    network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        verbose_name=_("réseau"),
    )
    # Who it is for (the audiences read it): the communes named, else the
    # EPCI, else the département, else the network's whole territory.
    area_departement = models.ForeignKey(
        "crm.Departement", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("département concerné"),
    )
    area_epci = models.ForeignKey(
        "crm.Epci", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("intercommunalité concernée"),
    )
    area_communes = models.ManyToManyField(
        "crm.Commune", blank=True, related_name="+", verbose_name=_("communes concernées"),
    )
    # People (households count each member); empty: no limit.
    capacity = models.PositiveIntegerField(_("places (personnes)"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                                   name="event_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on:%d/%m/%Y})"
