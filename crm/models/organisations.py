from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A partner body: the Département, an EPCI, a consular chamber..."""

    class Kind(models.TextChoices):
        DEPARTEMENT = "departement", _("Département")
        EPCI = "epci", _("Intercommunalité")
        CCI = "cci", _("Chambre de commerce et d'industrie")
        CMA = "cma", _("Chambre de métiers et de l'artisanat")
        AGRICULTURE = "agriculture", _("Chambre d'agriculture")
        HEALTH = "health", _("Réseau santé")
        EMPLOYMENT = "employment", _("Service public de l'emploi")
        TOURISM = "tourism", _("Tourisme")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    epci = models.ForeignKey(
        "crm.Epci", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("EPCI")
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, null=True, blank=True, related_name="organisations",
        verbose_name=_("réseau"),
        help_text=_("Le programme avec lequel elle travaille ; vide : partagée."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")

    def __str__(self):
        return self.name


class Referent(models.Model):
    """A staff member who accompanies projects (référent accueil or thematic)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referent",
        verbose_name=_("compte"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referents",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("fonction"), max_length=200, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacité"), default=30, help_text=_("Nombre de projets ouverts qu'il ou elle peut suivre.")
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("référent")
        verbose_name_plural = _("référents")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="referent_capacity_positive")
        ]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    @property
    def name(self):
        return str(self)

    def is_absent_on(self, day=None):
        day = day or timezone.localdate()
        return self.absences.filter(starts_on__lte=day, ends_on__gte=day).exists()


class Team(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation")
    )
    members = models.ManyToManyField(
        Referent, related_name="teams", blank=True, verbose_name=_("membres")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("équipe")
        verbose_name_plural = _("équipes")

    def __str__(self):
        return self.name


class Absence(models.Model):
    referent = models.ForeignKey(
        Referent, on_delete=models.CASCADE, related_name="absences", verbose_name=_("référent")
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.referent} {self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"
